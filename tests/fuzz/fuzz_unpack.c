// SPDX-License-Identifier: MIT
/* libFuzzer target: tools/unpack.c's unpack(), over an out disk a hostile guest wrote.
 *
 * Each input is unpacked into DIR/out, DIR a directory of this run's own: unpack()
 * must return 0 or -1 and never crash, read out of bounds, leak or hit undefined
 * behaviour (the build adds ASan and UBSan; LeakSanitizer runs at every input's
 * end). Then DIR must hold nothing but out, and out only if unpack() returned 0:
 * nothing written beside it, no temporary directory left behind. out is removed
 * before the next input.
 *
 * Build (tests/fuzz/run.sh does it):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -DUNPACK_NO_MAIN \
 *         -Itools tests/fuzz/fuzz_unpack.c tools/unpack.c tools/hostlib.c
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unpack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/fuzz_unpack.XXXXXX";

static void remove_dir(void)
{
	rmdir(dir);
}

static int made;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[sizeof(dir) + sizeof("/out")];
	struct dirent *e;
	FILE *archive;
	DIR *d;
	int status;

	/* (a flag, not the template's last X: a name mkdtemp makes may end in X) */
	if (!made) {
		made = 1;
		if (!mkdtemp(dir)) {
			perror("fuzz_unpack: mkdtemp /tmp/fuzz_unpack.XXXXXX");
			abort();
		}
		atexit(remove_dir);
	}
	snprintf(out, sizeof(out), "%s/out", dir);
	/* fmemopen() refuses a size of 0; an empty disk is all the same a short one. */
	archive = fmemopen((void *)data, size ? size : 1, "rb");
	if (!archive)
		abort();
	status = unpack(archive, size, out);
	fclose(archive);
	if (status != 0 && status != -1)
		abort();
	d = opendir(dir);
	if (!d)
		abort();
	/* cppcheck-suppress readdirCalled ; readdir_r is deprecated, one stream per call */
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    (status != 0 || strcmp(e->d_name, "out") != 0))
			abort();
	closedir(d);
	if (status == 0 && unpack_remove(AT_FDCWD, out) != 0)
		abort();
	return 0;
}
