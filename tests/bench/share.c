// SPDX-License-Identifier: MIT
/* share DIR: for make bench (tests/bench/suite.sh), how fast a program reads the
 * folder DIR, which the bench shares with the guest (nakedinit-run -v): DIR/big
 * whole, 1 MiB a read, then each file of DIR/small. Prints
 *   big: BYTES bytes in MS ms
 *   small: FILES files, BYTES bytes in MS ms
 * and exits 1 if anything could not be read. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 20];

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The bytes of the file at path, or -1. */
static long read_all(int dir, const char *path)
{
	long total = 0, n;
	int fd = openat(dir, path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	close(fd);
	return n < 0 ? -1 : total;
}

int main(int argc, char **argv)
{
	long start, bytes, files = 0, small = 0;
	struct dirent *e;
	DIR *dir;
	int top;

	if (argc != 2 || (top = open(argv[1], O_RDONLY | O_DIRECTORY)) < 0) {
		fprintf(stderr, "usage: share DIR (a folder with big and small/)\n");
		return 1;
	}
	start = now_ms();
	bytes = read_all(top, "big");
	printf("big: %ld bytes in %ld ms\n", bytes, now_ms() - start);
	start = now_ms();
	dir = fdopendir(openat(top, "small", O_RDONLY | O_DIRECTORY));
	/* cppcheck-suppress readdirCalled ; one thread, one stream */
	while (dir && (e = readdir(dir)))
		if (e->d_name[0] != '.') {
			long n = read_all(dirfd(dir), e->d_name);

			if (n < 0)
				return 1;
			small += n;
			files++;
		}
	printf("small: %ld files, %ld bytes in %ld ms\n", files, small, now_ms() - start);
	return bytes < 0 || !dir;
}
