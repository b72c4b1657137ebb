// SPDX-License-Identifier: MIT
/* wc FILE WORDS [HOSTNAME]: FILE, in the working folder, has WORDS words ("-": a
 * fixed text instead of a file); a missing or wrong file fails. With HOSTNAME
 * (not empty), the host name must be that too: "nakedinit" shows that the test
 * ran in nakedinit-run's guest. */
#define _POSIX_C_SOURCE 200112L	/* gethostname */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "words.h"

int main(int argc, char **argv)
{
	char text[4096] = "one two  three\nfour", host[256] = "";
	int words;

	if (argc < 3)
		return 2;
	if (strcmp(argv[1], "-") != 0) {
		FILE *file = fopen(argv[1], "r");
		if (!file) {
			perror(argv[1]);
			return 1;
		}
		text[fread(text, 1, sizeof(text) - 1, file)] = '\0';
		fclose(file);
	}
	words = count_words(text);
	if (words != strtol(argv[2], NULL, 10)) {
		fprintf(stderr, "%s: %d words, expected %s\n", argv[1], words, argv[2]);
		return 1;
	}
	gethostname(host, sizeof(host) - 1);
	if (argc > 3 && argv[3][0] && strcmp(host, argv[3]) != 0) {
		fprintf(stderr, "host name '%s', expected '%s'\n", host, argv[3]);
		return 1;
	}
	printf("%s: %d words, on %s\n", argv[1], words, host);
	return 0;
}
