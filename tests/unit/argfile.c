// SPDX-License-Identifier: MIT
/* Host unit tests of src/lib/argfile.c: the launcher's argument file parser. */
#include <string.h>

#include "lib/argfile.h"
#include "unit.h"

#define HEAD	ARGFILE_MAGIC "\0" "0\0" "0\0" "/\0" "/bin/prog\0"

static const char *vector[ARGFILE_VECTOR_SIZE];
static struct argfile args;

/* parse_argfile on a literal: sizeof counts the literal's own final NUL, which
 * ends its last word. */
#define PARSE(literal)	parse_argfile(literal, sizeof(literal), vector, &args)

static int count(const char *const *words)
{
	int n = 0;

	while (words[n])
		n++;
	return n;
}

static void test_good(void)
{
	static const char file[] = HEAD "4\0prog\0a b\0\0line\none\0" "1\0X=\"quoted\" 'q'\0" "0\0";
	const char *bad;

	bad = parse_argfile(file, sizeof(file) - 1, vector, &args);
	CHECK(!bad, "a good file refused: %s", bad);
	CHECK(args.timeout == 0 && strcmp(args.path, "/bin/prog") == 0, "timeout or path");
	CHECK(count(args.argv) == 4 && strcmp(args.argv[0], "prog") == 0 &&
	      strcmp(args.argv[1], "a b") == 0 && args.argv[2][0] == '\0' &&
	      strcmp(args.argv[3], "line\none") == 0, "argv is not prog, 'a b', '', 'line\\none'");
	CHECK(count(args.envp) == 1 && strcmp(args.envp[0], "X=\"quoted\" 'q'") == 0,
	      "envp is not exactly the file's X=...");
	CHECK(args.argv[0] >= file && args.argv[0] < file + sizeof(file) - 1, "argv does not point into the file");
	CHECK(strcmp(args.dir, "/") == 0 && args.shares == 0, "the folder is not /, or there are shares");

	bad = PARSE(ARGFILE_MAGIC "\0" "0\0" "0\0/work dir\0/p\0" "1\0p\0" "0\0"
		    "5\0ro\0/data\0rw\0/work dir\0rw\0/c\0rw\0/d\0ro\0/e\nf");
	CHECK(!bad && strcmp(args.dir, "/work dir") == 0 && args.shares == 5 && args.share[0].read_only &&
	      strcmp(args.share[0].guest, "/data") == 0 && !args.share[1].read_only &&
	      strcmp(args.share[1].guest, "/work dir") == 0 && strcmp(args.share[4].guest, "/e\nf") == 0,
	      "a folder and the most shares: %s", bad);

	bad = PARSE(ARGFILE_MAGIC "\0" "1000000000\0" "262144\0/\0/p\0" "1\0p\0" "0\0" "0");
	CHECK(!bad && args.timeout == 1000000000 && args.personality == 0x40000 && count(args.envp) == 0,
	      "the longest timeout, ADDR_NO_RANDOMIZE, no environment: %s", bad);
	bad = PARSE(HEAD "1\0p\0" "2\0A==b\0\0" "0");
	CHECK(!bad && count(args.envp) == 2 && strcmp(args.envp[0], "A==b") == 0 && args.envp[1][0] == '\0',
	      "environment words are passed on as they are, even empty: %s", bad);
	end_group("argfile: good files");
}

static void test_bad(void)
{
	static const struct {
		const char *name, *file;
		unsigned long size;
	} cases[] = {
/* The literal's final NUL ends its last word, as PARSE's. */
#define CASE(name, literal)	{ name, literal, sizeof(literal) }
		{ "empty", "", 0 },
		{ "no NUL after the magic", ARGFILE_MAGIC, sizeof(ARGFILE_MAGIC) - 1 },
		CASE("the previous version", "nakedinit-argfile-2\0" "0\0/\0/p\0" "1\0p\0" "0\0" "0"),
		CASE("magic prefix", "nakedinit-argfile-\0" "0\0/\0/p\0" "1\0p\0" "0\0" "0"),
		CASE("timeout not a number", ARGFILE_MAGIC "\0" "1s\0" "0\0/\0/p\0" "1\0p\0" "0\0" "0"),
		CASE("timeout empty", ARGFILE_MAGIC "\0" "\0" "0\0/\0/p\0" "1\0p\0" "0\0" "0"),
		CASE("timeout negative", ARGFILE_MAGIC "\0" "-1\0" "0\0/\0/p\0" "1\0p\0" "0\0" "0"),
		CASE("timeout too large", ARGFILE_MAGIC "\0" "1000000001\0" "0\0/\0/p\0" "1\0p\0" "0\0" "0"),
		CASE("timeout overflows", ARGFILE_MAGIC "\0" "99999999999999999999999\0" "0\0/\0/p\0" "1\0p\0" "0\0" "0"),
		CASE("personality not a number", ARGFILE_MAGIC "\0" "0\0" "0x40000\0/\0/p\0" "1\0p\0" "0\0" "0"),
		CASE("personality too large", ARGFILE_MAGIC "\0" "0\0" "4294967296\0/\0/p\0" "1\0p\0" "0\0" "0"),
		CASE("personality missing", ARGFILE_MAGIC "\0" "0\0"),
		CASE("relative path", ARGFILE_MAGIC "\0" "0\0" "0\0/\0bin/p\0" "1\0p\0" "0\0" "0"),
		CASE("empty path", ARGFILE_MAGIC "\0" "0\0" "0\0/\0\0" "1\0p\0" "0\0" "0"),
		{ "no argument count", HEAD, sizeof(HEAD) - 1 },
		CASE("argc 0", HEAD "0\0" "0"),
		CASE("argc +1", HEAD "+1\0p\0" "0"),
		CASE("argc hex", HEAD "0x1\0p\0" "0"),
		CASE("argc past the words", HEAD "3\0p\0q"),
		CASE("argc too large", HEAD "4097\0p\0" "0"),
		CASE("no environment count", HEAD "1\0p"),
		{ "last word without NUL", HEAD "1\0p\0" "1\0A=b", sizeof(HEAD "1\0p\0" "1\0A=b") - 1 },
		CASE("envc past the words", HEAD "1\0p\0" "2\0A=b"),
		CASE("trailing word", HEAD "1\0p\0" "0\0" "0\0extra"),
		CASE("trailing NUL", HEAD "1\0p\0" "0\0" "0\0"),
		CASE("relative folder", ARGFILE_MAGIC "\0" "0\0" "0\0work\0/p\0" "1\0p\0" "0\0" "0"),
		CASE("empty folder", ARGFILE_MAGIC "\0" "0\0" "0\0\0/p\0" "1\0p\0" "0\0" "0"),
		CASE("no share count", HEAD "1\0p\0" "0"),
		CASE("too many shares", HEAD "1\0p\0" "0\0" "6\0" "ro\0/a\0ro\0/b\0ro\0/c\0ro\0/d\0ro\0/e\0ro\0/f"),
		CASE("a share's mode neither ro nor rw", HEAD "1\0p\0" "0\0" "1\0rx\0/data"),
		CASE("a share's mode empty", HEAD "1\0p\0" "0\0" "1\0\0/data"),
		CASE("a share's folder relative", HEAD "1\0p\0" "0\0" "1\0ro\0data"),
		CASE("a share without its folder", HEAD "1\0p\0" "0\0" "1\0ro"),
		CASE("shares past the words", HEAD "1\0p\0" "0\0" "2\0ro\0/a"),
	};
	static char big[ARGFILE_SIZE_MAX + 1];
	const char *bad;

	/* What the cases break, whole. */
	bad = PARSE(HEAD "1\0p\0" "1\0A=b\0" "0");
	CHECK(!bad, "the cases' well-formed base is refused: %s", bad);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* A copy of exactly the case's size, so ASan sees any read past it. */
		char *copy = malloc(cases[i].size ? cases[i].size : 1);

		memcpy(copy, cases[i].file, cases[i].size);
		bad = parse_argfile(copy, cases[i].size, vector, &args);
		CHECK(bad != NULL, "%s: accepted", cases[i].name);
		free(copy);
	}
	bad = parse_argfile(big, sizeof(big), vector, &args);
	CHECK(bad && strstr(bad, "larger than 65536 bytes"), "a file of 65537 bytes: %s", bad);
	bad = PARSE(HEAD "1\0p\0" "2\0A=b");
	CHECK(bad && strstr(bad, "ends in envp"), "the message for a missing env word: %s", bad);
	end_group("argfile: bad files are refused, with a message");
}

/* Many words, up to the limit: argc + envc may reach ARGFILE_WORDS_MAX, not more. */
static void test_limits(void)
{
	static char file[ARGFILE_SIZE_MAX + 1];
	const char *bad;
	int n;

	for (int words = ARGFILE_WORDS_MAX - 1; words <= ARGFILE_WORDS_MAX + 1; words++) {
		int argc = words / 2 + 1, envc = words - argc;

		n = snprintf(file, sizeof(file), "%s%c0%c0%c/%c/p%c%d%c", ARGFILE_MAGIC, 0, 0, 0, 0, 0, argc, 0);
		for (int i = 0; i < argc; i++)	/* empty arguments: a NUL each */
			file[n++] = '\0';
		n += snprintf(file + n, sizeof(file) - n, "%d", envc) + 1;
		for (int i = 0; i < envc; i++) {
			memcpy(file + n, "A=\0", 3);
			n += 3;
		}
		memcpy(file + n, "0", 2);	/* no shares */
		n += 2;
		bad = parse_argfile(file, (unsigned long)n, vector, &args);
		if (words <= ARGFILE_WORDS_MAX)
			CHECK(!bad && count(args.argv) == argc && count(args.envp) == envc,
			      "%d words refused: %s", words, bad);
		else
			CHECK(bad != NULL, "%d words accepted", words);
	}
	/* 300 arguments, as tests/launch.sh boots. */
	n = snprintf(file, sizeof(file), "%s%c5%c0%c/%c/p%c300%c", ARGFILE_MAGIC, 0, 0, 0, 0, 0, 0);
	for (int i = 0; i < 300; i++)
		n += snprintf(file + n, sizeof(file) - n, "arg %d", i) + 1;
	memcpy(file + n, "0\0" "0", 4);	/* no environment, no shares */
	n += 4;
	bad = parse_argfile(file, (unsigned long)n, vector, &args);
	CHECK(!bad && count(args.argv) == 300 && strcmp(args.argv[299], "arg 299") == 0 &&
	      args.timeout == 5, "300 arguments: %s", bad);
	end_group("argfile: limits");
}

int main(void)
{
	test_good();
	test_bad();
	test_limits();
	return failures != 0;
}
