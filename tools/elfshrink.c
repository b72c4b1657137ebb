// SPDX-License-Identifier: MIT
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
 * nakedinit supports). OUTPUT is written to a temporary file and renamed (hostlib's
 * write_atomically()), so a failure never leaves half a program behind.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -D_GNU_SOURCE -o elfshrink elfshrink.c hostlib.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostlib.h"

#define EHDR_SIZE	64
#define PHDR_SIZE	56
#define PT_LOAD		1
/* The programs are a few KiB: anything near this is not one of them. */
#define MAX_PROGRAM_SIZE ((size_t)64 << 20)

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

/* The shrunk program, for write_atomically(). */
struct program {
	const unsigned char *data;
	size_t size;
};

static int write_program(FILE *out, void *arg)
{
	const struct program *program = arg;

	/* A short write sets the stream's error flag, which write_atomically() checks. */
	fwrite(program->data, 1, program->size, out);
	return 0;
}

int main(int argc, char **argv)
{
	struct program program;
	size_t size, length;
	unsigned char *elf;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: elfshrink INPUT OUTPUT\n");
		return 2;
	}
	elf = read_file("elfshrink", argv[1], MAX_PROGRAM_SIZE, &size);
	if (!elf)
		return 1;
	length = loaded_length(argv[1], elf, size);
	if (!length) {
		free(elf);
		return 1;
	}
	put_le(elf + 40, 8, 0);	/* e_shoff */
	put_le(elf + 58, 2, 0);	/* e_shentsize */
	put_le(elf + 60, 2, 0);	/* e_shnum */
	put_le(elf + 62, 2, 0);	/* e_shstrndx */
	program.data = elf;
	program.size = length;
	rc = write_atomically("elfshrink", argv[2], 0755, write_program, &program);
	free(elf);
	return rc == 0 ? 0 : 1;
}
