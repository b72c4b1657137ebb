#include "argfile.h"

#include <stddef.h>

#define TEXT(macro)	TEXT_OF(macro)
#define TEXT_OF(value)	#value

/* The word at *pos, moving *pos past its NUL; NULL if no NUL ends it in the file. */
static const char *next_word(const char *buf, unsigned long size, unsigned long *pos)
{
	unsigned long end = *pos;
	const char *word = buf + *pos;

	while (end < size && buf[end])
		end++;
	if (end >= size)
		return NULL;
	*pos = end + 1;
	return word;
}

/* A decimal number of at most max, digits only; -1 if the word is not one. */
static long parse_number(const char *word, unsigned long max)
{
	unsigned long number = 0;

	if (!word || !*word)
		return -1;
	for (; *word; word++) {
		unsigned digit = (unsigned char)*word - '0';

		/* Stop before the number can overflow. */
		if (digit > 9 || (number = number * 10 + digit) > max)
			return -1;
	}
	return (long)number;
}

static int same_string(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Whether an environment word sets the NAME of a NAME=VALUE default. */
static int sets_name(const char *word, const char *setting)
{
	while (*setting != '=' && *word == *setting) {
		word++;
		setting++;
	}
	return *setting == '=' && *word == '=';
}

/* Whether the count words from *pos on set the NAME of setting. */
static int overridden(const char *buf, unsigned long size, unsigned long pos, long count,
		      const char *setting)
{
	const char *word;

	while (count-- > 0 && (word = next_word(buf, size, &pos)))
		if (sets_name(word, setting))
			return 1;
	return 0;
}

const char *parse_argfile(const char *buf, unsigned long size,
			  const char *vector[ARGFILE_VECTOR_SIZE], struct argfile *args)
{
	static const char *const defaults[ARGFILE_DEFAULT_ENVC] = { ARGFILE_DEFAULT_ENV };
	const char *magic, *word;
	unsigned long pos = 0, used = 0;
	long timeout, argc, envc;

	if (size > ARGFILE_SIZE_MAX)
		return "larger than " TEXT(ARGFILE_SIZE_MAX) " bytes";
	magic = next_word(buf, size, &pos);
	if (!magic || !same_string(magic, ARGFILE_MAGIC))
		return "not an argument file: it does not start with " ARGFILE_MAGIC;
	timeout = parse_number(next_word(buf, size, &pos), ARGFILE_TIMEOUT_MAX);
	if (timeout < 0)
		return "the timeout is not a number of seconds up to " TEXT(ARGFILE_TIMEOUT_MAX);
	args->timeout = (unsigned long)timeout;
	args->path = next_word(buf, size, &pos);
	if (!args->path || args->path[0] != '/')
		return "the program's path is missing or not absolute";

	argc = parse_number(next_word(buf, size, &pos), ARGFILE_WORDS_MAX);
	if (argc < 1)
		return "the argument count is not a number from 1 to " TEXT(ARGFILE_WORDS_MAX);
	args->argv = vector;
	while (used < (unsigned long)argc) {
		if (!(word = next_word(buf, size, &pos)))
			return "the file ends before its last argument";
		vector[used++] = word;
	}
	vector[used++] = NULL;

	envc = parse_number(next_word(buf, size, &pos), ARGFILE_WORDS_MAX);
	if (envc < 0)
		return "the environment count is not a number up to " TEXT(ARGFILE_WORDS_MAX);
	if (argc + envc > ARGFILE_WORDS_MAX)
		return "more than " TEXT(ARGFILE_WORDS_MAX) " arguments and environment words";
	args->envp = vector + used;
	for (unsigned long i = 0; i < ARGFILE_DEFAULT_ENVC; i++)
		if (!overridden(buf, size, pos, envc, defaults[i]))
			vector[used++] = defaults[i];
	while (envc-- > 0) {
		const char *equals;

		if (!(word = next_word(buf, size, &pos)))
			return "the file ends before its last environment word";
		for (equals = word; *equals && *equals != '='; equals++)
			;
		if (!*equals || equals == word)
			return "an environment word is not NAME=VALUE with a NAME";
		vector[used++] = word;
	}
	vector[used] = NULL;
	if (pos != size)
		return "it goes on after its last environment word";
	return NULL;
}
