// SPDX-License-Identifier: MIT
/* squareN (built with -DLINE=N): line N of squares.txt, in the working folder, must
 * be "N N*N" as the library's square() makes it; a missing or wrong file fails. With
 * an argument, the host name must be that too: "nakedinit" shows that the test ran
 * in nakedinit-run's guest (the host's own name is another). */
#define _POSIX_C_SOURCE 200112L	/* gethostname */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "squares.h"

#ifndef LINE
#define LINE 1	/* CMakeLists.txt defines it for each test; this for a lint */
#endif

int main(int argc, char **argv)
{
	char line[64] = "", want[64], host[256] = "";
	FILE *data = fopen("squares.txt", "r");

	if (!data) {
		perror("squares.txt");
		return 1;
	}
	for (int n = 1; n <= LINE; n++) {
		if (!fgets(line, sizeof(line), data)) {
			fprintf(stderr, "squares.txt: no line %d\n", LINE);
			fclose(data);
			return 1;
		}
	}
	fclose(data);
	line[strcspn(line, "\n")] = '\0';
	snprintf(want, sizeof(want), "%d %ld", LINE, square(LINE));
	if (strcmp(line, want) != 0) {
		fprintf(stderr, "squares.txt line %d: '%s', expected '%s'\n", LINE, line, want);
		return 1;
	}
	gethostname(host, sizeof(host) - 1);
	if (argc > 1 && strcmp(host, argv[1]) != 0) {
		fprintf(stderr, "host name '%s', expected '%s'\n", host, argv[1]);
		return 1;
	}
	printf("%s: line %d ok, on %s\n", argv[0], LINE, host);
	return 0;
}
