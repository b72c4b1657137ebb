// SPDX-License-Identifier: MIT
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

/* count words from *pos on into vector[*used...], then a NULL; 0 if the file ends first. */
static int take_words(const char *buf, unsigned long size, unsigned long *pos, long count,
		      const char **vector, unsigned long *used)
{
	while (count-- > 0)
		if (!(vector[(*used)++] = next_word(buf, size, pos)))
			return 0;
	vector[(*used)++] = NULL;
	return 1;
}

const char *parse_argfile(const char *buf, unsigned long size,
			  const char *vector[ARGFILE_VECTOR_SIZE], struct argfile *args)
{
	const char *magic;
	unsigned long pos = 0, used = 0;
	long timeout, personality, argc, envc, shares;

	if (size > ARGFILE_SIZE_MAX)
		return "larger than " TEXT(ARGFILE_SIZE_MAX) " bytes";
	magic = next_word(buf, size, &pos);
	if (!magic || !same_string(magic, ARGFILE_MAGIC))
		return "not " ARGFILE_MAGIC;
	timeout = parse_number(next_word(buf, size, &pos), ARGFILE_TIMEOUT_MAX);
	if (timeout < 0)
		return "bad timeout";
	args->timeout = (unsigned long)timeout;
	personality = parse_number(next_word(buf, size, &pos), ARGFILE_PERSONALITY_MAX);
	if (personality < 0)
		return "bad personality";
	args->personality = (unsigned long)personality;
	args->dir = next_word(buf, size, &pos);
	if (!args->dir || args->dir[0] != '/')
		return "the folder is not absolute";
	args->path = next_word(buf, size, &pos);
	if (!args->path || args->path[0] != '/')
		return "the path is not absolute";

	argc = parse_number(next_word(buf, size, &pos), ARGFILE_WORDS_MAX);
	if (argc < 1)
		return "bad argument count";
	args->argv = vector;
	if (!take_words(buf, size, &pos, argc, vector, &used))
		return "it ends in argv";
	envc = parse_number(next_word(buf, size, &pos), ARGFILE_WORDS_MAX - argc);
	if (envc < 0)
		return "bad environment count";
	args->envp = vector + used;
	if (!take_words(buf, size, &pos, envc, vector, &used))
		return "it ends in envp";
	shares = parse_number(next_word(buf, size, &pos), ARGFILE_SHARES_MAX);
	if (shares < 0)
		return "bad share count";
	args->shares = (unsigned long)shares;
	for (long i = 0; i < shares; i++) {
		const char *mode = next_word(buf, size, &pos);
		struct share *share = &args->share[i];

		if (!mode || !(same_string(mode, "ro") || same_string(mode, "rw")))
			return "a share's mode is not ro or rw";
		share->read_only = mode[1] == 'o';
		share->guest = next_word(buf, size, &pos);
		if (!share->guest || share->guest[0] != '/')
			return "a share's folder is not absolute";
	}
	if (pos != size)
		return "it goes on after the shares";
	return NULL;
}
