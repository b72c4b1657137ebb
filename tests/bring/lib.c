// SPDX-License-Identifier: MIT
/* A shared library of tests/bring.sh's: found through $ORIGIN, or missing. */
const char *bring_library(void);

const char *bring_library(void)
{
	return "hello from a library";
}
