// SPDX-License-Identifier: MIT
/* true: the program whose round trip through tools/nakedinit-run the bench times
 * (tests/bench/roundtrip.sh), linked statically and dynamically. */
int main(void)
{
	return 0;
}
