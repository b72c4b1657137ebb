// SPDX-License-Identifier: MIT
#include "options.h"

#include <stddef.h>

/* If word is key followed by a value ("bytes=" "16"), returns the value, else NULL. */
static const char *value_of(const char *word, const char *key)
{
	while (*key)
		if (*word++ != *key++)
			return NULL;
	return word;
}

/* A decimal number, digits only, from min to max; -1 if value is not one. */
static long number(const char *value, long min, long max)
{
	long n = 0;

	do {	/* at least one digit; stop before the number overflows */
		unsigned digit = (unsigned char)*value - '0';

		if (digit > 9 || (n = n * 10 + digit) > max)
			return -1;
	} while (*++value);
	return n < min ? -1 : n;
}

/* The end of the path at p (its ',' or NUL), or NULL if it is not absolute or is
 * longer than DISK_PATH_MAX. */
static const char *path_end(const char *p)
{
	const char *start = p;

	if (*p != '/')
		return NULL;
	while (*p && *p != ',')
		p++;
	return p - start > DISK_PATH_MAX ? NULL : p;
}

const char *parse_options(char *const *envp, struct options *opts)
{
	opts->disk = DISK_DEFAULT;
	opts->bytes = BYTES_DEFAULT;
	opts->diskwait = 0;
	opts->out = NULL;
	for (; *envp; envp++) {
		const char *word = *envp, *value, *end;

		if ((value = value_of(word, "bytes="))) {
			if ((opts->bytes = number(value, 1, BYTES_MAX)) < 0)
				return word;
		} else if ((value = value_of(word, "diskwait="))) {
			if ((opts->diskwait = number(value, 0, DISKWAIT_MAX)) < 0)
				return word;
		} else if ((value = value_of(word, "disk="))) {
			end = value;
			do {	/* each path of the list, up to its "," */
				if (!(end = path_end(end)))
					return word;
			} while (*end++);
			opts->disk = value;
		} else if ((value = value_of(word, "out="))) {
			if (!(end = path_end(value)) || *end)
				return word;
			opts->out = value;
		}
	}
	return NULL;
}
