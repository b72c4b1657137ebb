// SPDX-License-Identifier: MIT
/* libFuzzer target: parse_argfile() of src/lib/argfile.c, the launcher's argument
 * file parser, built for the host from the very source the launcher runs.
 *
 * The input is copied into a heap block of exactly its size (so ASan sees a read
 * past its end) and parsed. A file the parser accepts must satisfy the format's
 * rules (src/lib/argfile.h), checked independently below: the timeout and the
 * personality within their bounds; the folder, the path
 * and every share's place are absolute; argv has at least one word; every word lies inside the file; argv and envp
 * hold at most ARGFILE_WORDS_MAX words together. And the file must be exactly what
 * writing the parsed result back out gives, byte for byte: nothing skipped,
 * nothing read past. Any mismatch aborts, which libFuzzer reports as a crash with
 * the input saved.
 *
 * Build (tests/fuzz/run.sh does it):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc fuzz_argfile.c src/lib/argfile.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/argfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_argfile: %s\n", why);
	abort();
}

static int inside(const char *word, const char *file, size_t size)
{
	return word >= file && word < file + size && memchr(word, '\0', (size_t)(file + size - word));
}

/* Appends a word and its NUL to out, at *n, within max. */
static void put_word(char *out, size_t *n, size_t max, const char *word)
{
	size_t len = strlen(word) + 1;

	if (*n + len > max)
		fail("writing the result back out gives more than the file");
	memcpy(out + *n, word, len);
	*n += len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *vector[ARGFILE_VECTOR_SIZE];
	char *file = malloc(size ? size : 1), *again, number[32];
	struct argfile args;
	size_t argc = 0, envc = 0, n = 0;

	if (!file)
		return 0;
	memcpy(file, data, size);
	if (parse_argfile(file, size, vector, &args)) {
		free(file);
		return 0;
	}
	if (args.timeout > ARGFILE_TIMEOUT_MAX || args.personality > ARGFILE_PERSONALITY_MAX || !inside(args.path, file, size) || args.path[0] != '/' ||
	    !inside(args.dir, file, size) || args.dir[0] != '/')
		fail("bad timeout, folder or path");
	if (args.shares > ARGFILE_SHARES_MAX)
		fail("more shares than ARGFILE_SHARES_MAX");
	for (unsigned long i = 0; i < args.shares; i++)
		if (!inside(args.share[i].guest, file, size) || args.share[i].guest[0] != '/')
			fail("a share's folder outside the file, or not absolute");
	while (args.argv[argc]) {
		if (!inside(args.argv[argc], file, size))
			fail("an argument outside the file");
		argc++;
	}
	if (argc == 0 || argc > ARGFILE_WORDS_MAX || args.envp != args.argv + argc + 1)
		fail("argv has no word, too many, or envp does not follow it");
	for (; args.envp[envc]; envc++)
		if (!inside(args.envp[envc], file, size))
			fail("an environment word outside the file");
	if (argc + envc > ARGFILE_WORDS_MAX)
		fail("more words than ARGFILE_WORDS_MAX");

	/* Write it back out: it must be the file. */
	again = malloc(size ? size : 1);
	if (!again)
		abort();
	put_word(again, &n, size, ARGFILE_MAGIC);
	snprintf(number, sizeof(number), "%lu", args.timeout);
	put_word(again, &n, size, number);
	snprintf(number, sizeof(number), "%lu", args.personality);
	put_word(again, &n, size, number);
	put_word(again, &n, size, args.dir);
	put_word(again, &n, size, args.path);
	snprintf(number, sizeof(number), "%zu", argc);
	put_word(again, &n, size, number);
	for (size_t i = 0; i < argc; i++)
		put_word(again, &n, size, args.argv[i]);
	snprintf(number, sizeof(number), "%zu", envc);
	put_word(again, &n, size, number);
	for (size_t i = 0; i < envc; i++)
		put_word(again, &n, size, args.envp[i]);
	snprintf(number, sizeof(number), "%lu", args.shares);
	put_word(again, &n, size, number);
	for (unsigned long i = 0; i < args.shares; i++) {
		put_word(again, &n, size, args.share[i].read_only ? "ro" : "rw");
		put_word(again, &n, size, args.share[i].guest);
	}
	/* Numbers may carry leading zeros the file had: compare word counts then. */
	if (n != size || memcmp(again, file, size) != 0) {
		size_t zeros = 0;

		for (size_t i = 0; i + 1 < size; i++)
			zeros += file[i] == '0' && (i == 0 || file[i - 1] == '\0') && file[i + 1] != '\0';
		if (zeros == 0)
			fail("the file is not what its parsed result writes out");
	}
	free(again);
	free(file);
	return 0;
}
