/* libFuzzer target: parse_options() of src/lib/options.c, the init's kernel command line
 * parser, built for the host from the very source the init runs.
 *
 * The input is split at NUL bytes into words, each its own heap block (so ASan
 * sees a read past any word's end), and handed over as a NULL-terminated envp,
 * as the kernel hands init its environment. The result is checked against the
 * README's rules, written out again independently below:
 *   - success: 1 <= bytes <= 512; disk starts with '/' and is at most 255
 *     characters; each is the value of the last such word (else the default),
 *     and disk points into that word;
 *   - failure: the pointer returned is one of the envp words (the very pointer),
 *     and it is the first word with a bad "bytes=" or "disk=" value.
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

/* disk=/path: absolute, at most DISK_PATH_MAX characters. */
static int model_disk_ok(const char *value)
{
	return value[0] == '/' && strlen(value) <= DISK_PATH_MAX;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nwords = 1, i, start;
	char **envp;
	struct options opts;
	const char *bad, *want_disk = NULL, *want_bad = NULL;	/* NULL: the default */
	long want_bytes = BYTES_DEFAULT;

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
		} else if (has_prefix(w, "disk=")) {
			if (model_disk_ok(w + 5))
				want_disk = w + 5;
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
		if (!opts.disk || opts.disk[0] != '/' || strlen(opts.disk) > DISK_PATH_MAX)
			fail("disk is not an absolute path of at most 255 characters", opts.disk);
		if (opts.bytes != want_bytes)
			fail("bytes is not the last bytes= value", NULL);
		if (!want_disk && strcmp(opts.disk, DISK_DEFAULT) != 0)
			fail("disk is not the default " DISK_DEFAULT, opts.disk);
		if (want_disk && opts.disk != want_disk)
			fail("disk is not the value of the last disk= word", opts.disk);
	}

	for (i = 0; i < nwords; i++)
		free(envp[i]);
	free(envp);
	return 0;
}
