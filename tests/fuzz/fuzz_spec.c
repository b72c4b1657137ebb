// SPDX-License-Identifier: MIT
/* libFuzzer target: the spec parser of tools/mkcpio.c, in check-only mode.
 *
 * The input is a whole spec. mkcpio_parse_spec() must return 0 or -1 and never
 * crash, read out of bounds, leak or hit undefined behaviour (the build adds ASan
 * and UBSan; LeakSanitizer runs at every input's end). With out=NULL nothing is
 * written; `file` lines still open their host path read-only (O_NONBLOCK) and
 * stat it, which is harmless. Errors go to stderr: tests/fuzz/run.sh passes
 * -close_fd_mask=2 so they do not flood the log (sanitizer reports still show).
 *
 * Build (tests/fuzz/run.sh does it):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *         -DMKCPIO_NO_MAIN -Itools tests/fuzz/fuzz_spec.c tools/mkcpio.c tools/hostlib.c
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "mkcpio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rc = mkcpio_parse_spec("fuzz", (const char *)data, size, NULL, 0);

	if (rc != 0 && rc != -1)
		abort();
	return 0;
}
