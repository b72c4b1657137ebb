// SPDX-License-Identifier: MIT
#include <ctype.h>
#include "words.h"

int count_words(const char *text)
{
	int words = 0, in_word = 0;

	for (; *text; text++) {
		if (isspace((unsigned char)*text))
			in_word = 0;
		else if (!in_word++)
			words++;
	}
	return words;
}
