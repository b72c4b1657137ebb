// SPDX-License-Identifier: MIT
/* libFuzzer target: the parsers of tools/inspect.c, over an initrd and over a program.
 *
 * The input is a whole file, given to both inspect_initrd() and inspect_elf(): each
 * must return 0, or -1 with a message, and never crash, read out of bounds, leak or
 * hit undefined behaviour (the build adds ASan and UBSan; LeakSanitizer runs at every
 * input's end). The facts go to /dev/null. Unpacking is capped at 1 MiB, not the
 * tool's 64 MiB: a small gzip bomb shows the limit as well, and keeps runs fast.
 *
 * Build (tests/fuzz/run.sh does it):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -DINSPECT_NO_MAIN \
 *         -Itools tests/fuzz/fuzz_inspect.c tools/inspect.c tools/hostlib.c -lz
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A failure must say why, in a NUL-terminated message that fits its buffer. */
static void check(int rc, const char *error, size_t error_size)
{
	if (rc == 0)
		return;
	if (rc != -1 || error[0] == '\0' || !memchr(error, '\0', error_size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	char error[512];

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!sink)
		abort();
	check(inspect_initrd(sink, data, size, (size_t)1 << 20, error, sizeof(error)),
	      error, sizeof(error));
	check(inspect_elf(sink, data, size, error, sizeof(error)), error, sizeof(error));
	return 0;
}
