/* elfshrink: drop what a static ELF executable carries only for tools.
 *
 * The kernel's ELF loader reads the ELF header and the program headers, nothing
 * else. Section headers, the section name table and symbols are for linkers and
 * debuggers, and they are about a third of a program this small. binutils 2.40 has
 * no "objcopy --strip-section-headers", hence this tool: it cuts the file after the
 * last byte a PT_LOAD segment maps and clears the section header fields. `readelf -l`
 * keeps working, since the program headers stay.
 *
 * Usage: elfshrink INPUT OUTPUT. 64-bit little-endian ELF only (every architecture
 * nakedinit supports). OUTPUT is written to a temporary file and renamed, so a
 * failure never leaves half a program behind.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EHDR_SIZE	64
#define PHDR_SIZE	56
#define PT_LOAD		1

static uint64_t get_le(const unsigned char *p, int size)
{
	uint64_t value = 0;

	while (size--)
		value = value << 8 | p[size];
	return value;
}

static void put_le(unsigned char *p, int size, uint64_t value)
{
	for (int i = 0; i < size; i++, value >>= 8)
		p[i] = (unsigned char)value;
}

static unsigned char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	long length;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (length = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)length + 1)) &&
	    fread(data, 1, (size_t)length, f) == (size_t)length) {
		*size = (size_t)length;
	} else {
		free(data);
		data = NULL;
		if (!errno)
			errno = EIO;
	}
	fclose(f);
	return data;
}

/* Returns the file length the loadable segments need, or 0 with a message. */
static size_t loaded_length(const char *path, const unsigned char *elf, size_t size)
{
	if (size < EHDR_SIZE || memcmp(elf, "\177ELF", 4) != 0) {
		fprintf(stderr, "elfshrink: %s: not an ELF file\n", path);
		return 0;
	}
	if (elf[4] != 2 || elf[5] != 1) {
		fprintf(stderr, "elfshrink: %s: expected a 64-bit little-endian ELF\n", path);
		return 0;
	}
	uint64_t phoff = get_le(elf + 32, 8);
	uint64_t phentsize = get_le(elf + 54, 2), phnum = get_le(elf + 56, 2);
	if (phentsize != PHDR_SIZE || phoff > size || phnum > (size - phoff) / PHDR_SIZE) {
		fprintf(stderr, "elfshrink: %s: program headers out of bounds\n", path);
		return 0;
	}
	uint64_t end = phoff + phnum * PHDR_SIZE;
	for (uint64_t i = 0; i < phnum; i++) {
		const unsigned char *ph = elf + phoff + i * PHDR_SIZE;
		uint64_t offset = get_le(ph + 8, 8), filesz = get_le(ph + 32, 8);

		if (get_le(ph, 4) != PT_LOAD)
			continue;
		if (offset > size || filesz > size - offset) {
			fprintf(stderr, "elfshrink: %s: segment %llu lies past the end of the file\n",
				path, (unsigned long long)i);
			return 0;
		}
		if (offset + filesz > end)
			end = offset + filesz;
	}
	return (size_t)end;
}

static int write_atomically(const char *path, const unsigned char *data, size_t size)
{
	char *tmp;
	int fd;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return -1;
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	if (write(fd, data, size) != (ssize_t)size || fchmod(fd, 0755) != 0 ||
	    close(fd) != 0 || rename(tmp, path) != 0) {
		int saved = errno ? errno : EIO;

		unlink(tmp);
		free(tmp);
		errno = saved;
		return -1;
	}
	free(tmp);
	return 0;
}

int main(int argc, char **argv)
{
	size_t size, length;
	unsigned char *elf;

	if (argc != 3) {
		fprintf(stderr, "usage: elfshrink INPUT OUTPUT\n");
		return 2;
	}
	elf = read_file(argv[1], &size);
	if (!elf) {
		fprintf(stderr, "elfshrink: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	length = loaded_length(argv[1], elf, size);
	if (!length) {
		free(elf);
		return 1;
	}
	put_le(elf + 40, 8, 0);	/* e_shoff */
	put_le(elf + 58, 2, 0);	/* e_shentsize */
	put_le(elf + 60, 2, 0);	/* e_shnum */
	put_le(elf + 62, 2, 0);	/* e_shstrndx */
	if (write_atomically(argv[2], elf, length) != 0) {
		fprintf(stderr, "elfshrink: %s: %s\n", argv[2], strerror(errno));
		free(elf);
		return 1;
	}
	free(elf);
	return 0;
}
