// SPDX-License-Identifier: MIT
/* hello as an ordinary C program: the same line as src/hello.c, then power-off.
 * Built by `make bench` with glibc, musl and nolibc to compare sizes with ours. */
#include "libc.h"

#define GREETING "nakedinit: hello from " NAKEDINIT_ARCH "\n"

int main(void)
{
	write(1, GREETING, sizeof(GREETING) - 1);
	reboot(POWER_OFF);
	for (;;)	/* PID 1 must never exit */
		poll(NULL, 0, -1);
}
