// SPDX-License-Identifier: MIT
/* look: the program tests/bring.sh runs dynamically linked on each architecture.
 * It prints its arguments, "arg N: TEXT"; and for each argument that is a path,
 * absolute or starting with "./", what is there, as the host's stat and cksum say it:
 *   PATH: file MODE CRC SIZE     a regular file: its permission bits in octal, and
 *                                POSIX cksum's CRC and byte count of its content
 *   PATH: dir MODE | link TARGET | char MAJOR,MINOR | block MAJOR,MINOR | other
 *   PATH: error ERRNO-TEXT
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* POSIX cksum: CRC-32 (polynomial 0x04C11DB7, most significant bit first) of the
 * content, then of its length, least significant byte first; complemented. */
static uint32_t crc_byte(uint32_t crc, unsigned char byte)
{
	crc ^= (uint32_t)byte << 24;
	for (int bit = 0; bit < 8; bit++)
		crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
	return crc;
}

static int describe_file(const char *path, const struct stat *st)
{
	unsigned char buf[65536];
	uint32_t crc = 0;
	uintmax_t size = 0;
	size_t got;
	FILE *f = fopen(path, "rb");

	if (!f)
		return -1;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
		for (size_t i = 0; i < got; i++)
			crc = crc_byte(crc, buf[i]);
		size += got;
	}
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	for (uintmax_t n = size; n > 0; n >>= 8)
		crc = crc_byte(crc, (unsigned char)(n & 0xff));
	printf("%s: file %o %lu %ju\n", path, (unsigned)(st->st_mode & 07777), (unsigned long)~crc & 0xffffffffUL,
	       size);
	return 0;
}

static void describe(const char *path)
{
	struct stat st;
	char target[4096];
	ssize_t n;

	if (lstat(path, &st) != 0) {
		printf("%s: error %s\n", path, strerror(errno));
	} else if (S_ISREG(st.st_mode)) {
		if (describe_file(path, &st) != 0)
			printf("%s: error %s\n", path, strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		printf("%s: dir %o\n", path, (unsigned)(st.st_mode & 07777));
	} else if (S_ISLNK(st.st_mode)) {
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
			n = 0;
		target[n] = '\0';
		printf("%s: link %s\n", path, target);
	} else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
		printf("%s: %s %u,%u\n", path, S_ISCHR(st.st_mode) ? "char" : "block",
		       major(st.st_rdev), minor(st.st_rdev));
	} else {
		printf("%s: other\n", path);
	}
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf("arg %d: %s\n", i, argv[i]);
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '/' || strncmp(argv[i], "./", 2) == 0)
			describe(argv[i]);
	return 0;
}
