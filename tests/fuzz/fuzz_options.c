// SPDX-License-Identifier: MIT
/* libFuzzer target: parse_options() of src/lib/options.c, the init's kernel command line
 * parser, built for the host from the very source the init runs.
 *
 * The input is split at NUL bytes into words, each its own heap block (so ASan
 * sees a read past any word's end), and handed over as a NULL-terminated envp,
 * as the kernel hands init its environment. The result is checked against the
 * README's rules, written out again independently below:
 *   - success: 1 <= bytes <= 512; 0 <= diskwait <= 3600; disk is a list of paths
 *     separated by ',' and out one path, each starting with '/' and at most 255
 *     characters; each is the value of the last such word (else the default),
 *     and disk and out point into that word;
 *   - failure: the pointer returned is one of the envp words (the very pointer),
 *     and it is the first word with a bad "bytes=", "diskwait=", "disk=" or
 *     "out=" value.
 * Any mismatch aborts, which libFuzzer reports as a crash with the input saved.
 *
 * Build (tests/fuzz/run.sh does it):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc fuzz_options.c src/lib/options.c
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strndup */
#endif
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why, const char *word)
{
	fprintf(stderr, "fuzz_options: %s%s%s\n", why, word ? ": " : "", word ? word : "");
	abort();
}

static int has_prefix(const char *word, const char *prefix)
{
	return strncmp(word, prefix, strlen(prefix)) == 0;
}

/* The README's rule for bytes=N: decimal digits only, 1 to BYTES_MAX. Leading
 * zeros are just digits. Returns the value, or 0 if the value is bad. */
static long model_bytes(const char *value)
{
	long n = 0;

	if (!*value)
		return 0;
	for (; *value; value++) {
		if (*value < '0' || *value > '9')
			return 0;
		n = n * 10 + (*value - '0');
		if (n > BYTES_MAX)
			return 0;
	}
	return n;
}

/* A path of len characters at value: absolute, at most DISK_PATH_MAX characters. */
static int model_path_ok(const char *value, size_t len)
{
	return len > 0 && value[0] == '/' && len <= DISK_PATH_MAX;
}

/* disk=/path,/path...: one or more paths, ',' between. */
static int model_disk_ok(const char *value)
{
	const char *comma;

	while ((comma = strchr(value, ','))) {
		if (!model_path_ok(value, (size_t)(comma - value)))
			return 0;
		value = comma + 1;
	}
	return model_path_ok(value, strlen(value));
}

/* diskwait=N: digits only, 0 to DISKWAIT_MAX; -1 if the value is bad. */
static long model_diskwait(const char *value)
{
	long n = 0;

	if (!*value)
		return -1;
	for (; *value; value++) {
		if (*value < '0' || *value > '9')
			return -1;
		n = n * 10 + (*value - '0');
		if (n > DISKWAIT_MAX)
			return -1;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nwords = 1, i, start;
	char **envp;
	struct options opts;
	const char *bad, *want_disk = NULL, *want_bad = NULL, *want_out = NULL; /* NULL: the default */
	long want_bytes = BYTES_DEFAULT, want_diskwait = 0;

	for (i = 0; i < size; i++)
		nwords += data[i] == '\0';
	envp = calloc(nwords + 1, sizeof(*envp));
	if (!envp)
		return 0;
	for (i = start = 0; i < nwords; i++) {
		size_t len = 0;

		while (start + len < size && data[start + len] != '\0')
			len++;
		envp[i] = strndup((const char *)data + start, len);	/* no NUL inside */
		if (!envp[i])
			abort();
		start += len + 1;
	}

	/* The model: the first bad word wins; otherwise the last good one of each. */
	for (i = 0; i < nwords && !want_bad; i++) {
		const char *w = envp[i];

		if (has_prefix(w, "bytes=")) {
			long n = model_bytes(w + 6);

			if (n)
				want_bytes = n;
			else
				want_bad = w;
		} else if (has_prefix(w, "diskwait=")) {
			long n = model_diskwait(w + 9);

			if (n >= 0)
				want_diskwait = n;
			else
				want_bad = w;
		} else if (has_prefix(w, "disk=")) {
			if (model_disk_ok(w + 5))
				want_disk = w + 5;
			else
				want_bad = w;
		} else if (has_prefix(w, "out=")) {
			if (!strchr(w + 4, ',') && model_path_ok(w + 4, strlen(w + 4)))
				want_out = w + 4;
			else
				want_bad = w;
		}
	}

	memset(&opts, 0xa5, sizeof(opts));
	bad = parse_options(envp, &opts);
	if (bad) {
		for (i = 0; i < nwords && envp[i] != bad; i++)
			;
		if (i == nwords)
			fail("returned a pointer that is not one of the words", NULL);
		if (bad != want_bad)
			fail("rejected a word that is not the first bad one", bad);
	} else {
		if (want_bad)
			fail("accepted a bad word", want_bad);
		if (opts.bytes < 1 || opts.bytes > BYTES_MAX)
			fail("bytes out of range", NULL);
		if (!opts.disk || !model_disk_ok(opts.disk))
			fail("disk is not a list of absolute paths of at most 255 characters", opts.disk);
		if (opts.bytes != want_bytes)
			fail("bytes is not the last bytes= value", NULL);
		if (!want_disk && strcmp(opts.disk, DISK_DEFAULT) != 0)
			fail("disk is not the default " DISK_DEFAULT, opts.disk);
		if (want_disk && opts.disk != want_disk)
			fail("disk is not the value of the last disk= word", opts.disk);
		if (opts.diskwait != want_diskwait)
			fail("diskwait is not the last diskwait= value", NULL);
		if (opts.out != want_out)
			fail("out is not the value of the last out= word", opts.out);
	}

	for (i = 0; i < nwords; i++)
		free(envp[i]);
	free(envp);
	return 0;
}
