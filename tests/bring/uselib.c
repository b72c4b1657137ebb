// SPDX-License-Identifier: MIT
/* uselib: linked against tests/bring/lib.c's library, which tests/bring.sh packs
 * (found through DT_RUNPATH $ORIGIN/lib) or leaves out (a missing library). */
#include <stdio.h>

const char *bring_library(void);

int main(void)
{
	puts(bring_library());
	return 0;
}
