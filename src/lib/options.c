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

const char *parse_options(char *const *envp, struct options *opts)
{
	opts->disk = DISK_DEFAULT;
	opts->bytes = BYTES_DEFAULT;
	for (; *envp; envp++) {
		const char *word = *envp, *value;

		if ((value = value_of(word, "bytes="))) {
			long bytes = 0;

			do {	/* at least one digit; stop before the number overflows */
				unsigned digit = (unsigned char)*value - '0';

				if (digit > 9 || (bytes = bytes * 10 + digit) > BYTES_MAX)
					return word;
			} while (*++value);
			if (bytes == 0)
				return word;
			opts->bytes = bytes;
		} else if ((value = value_of(word, "disk="))) {
			const char *end = value;

			while (*end)
				end++;
			if (*value != '/' || end - value > DISK_PATH_MAX)
				return word;
			opts->disk = value;
		}
	}
	return NULL;
}
