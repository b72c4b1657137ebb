/* SPDX-License-Identifier: MIT */
/* hostlib: what the host tools (mkcpio, elfshrink, inspect) share.
 *
 * Reading a whole file into memory, with a size cap; writing an output atomically;
 * and the layout of a newc cpio header, which mkcpio writes and inspect reads.
 * Every function that can fail prints one message, "TOOL: ...", on stderr.
 */
#ifndef HOSTLIB_H
#define HOSTLIB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * newc, the cpio format the kernel unpacks (init/initramfs.c): each entry is a
 * 110-byte header, the magic "070701" and 13 fields of exactly 8 hex digits; then
 * the name with its NUL, NUL-padded so that header and name end on a multiple of 4;
 * then the data, NUL-padded to a multiple of 4. An entry named "TRAILER!!!" ends
 * the archive. "070702" is the same layout with a checksum, which the kernel
 * accepts and ignores; "070707" is the old portable (odc) format, which it refuses.
 */
#define NEWC_MAGIC		"070701"
#define NEWC_CRC_MAGIC		"070702"
#define ODC_MAGIC		"070707"
#define NEWC_MAGIC_SIZE		6
#define NEWC_FIELD_SIZE		8
#define NEWC_FIELD_COUNT	13
#define NEWC_HEADER_SIZE	(NEWC_MAGIC_SIZE + NEWC_FIELD_COUNT * NEWC_FIELD_SIZE)
#define NEWC_ALIGN		4
#define NEWC_TRAILER		"TRAILER!!!"
/* The kernel skips entries whose name, NUL included, is longer than PATH_MAX. */
#define NEWC_NAME_SIZE_MAX	4096

/* The fields, in header order. */
enum newc_field {
	NEWC_INO,
	NEWC_MODE,
	NEWC_UID,
	NEWC_GID,
	NEWC_NLINK,
	NEWC_MTIME,
	NEWC_FILESIZE,
	NEWC_DEVMAJOR,		/* device of the containing filesystem: unused */
	NEWC_DEVMINOR,
	NEWC_RDEVMAJOR,		/* device number of a device node */
	NEWC_RDEVMINOR,
	NEWC_NAMESIZE,		/* includes the NUL */
	NEWC_CHECK,		/* checksum, "070702" archives only */
};

/* The NUL bytes that follow `offset` bytes, up to the next multiple of NEWC_ALIGN. */
static inline size_t newc_padding(uint64_t offset)
{
	return (size_t)((NEWC_ALIGN - offset % NEWC_ALIGN) % NEWC_ALIGN);
}

/* Formats a header, "070701" and the fields, with a NUL after its 110 bytes. */
void newc_format_header(char header[NEWC_HEADER_SIZE + 1],
			const uint32_t field[NEWC_FIELD_COUNT]);

/*
 * Reads the fields of the header at `header` (NEWC_HEADER_SIZE bytes; the caller
 * checks the magic, since it tells newc from odc). Returns 0, or -1 if a field is
 * not 8 hex digits.
 */
int newc_parse_fields(const unsigned char *header, uint32_t field[NEWC_FIELD_COUNT]);

/*
 * Reads all of fd (a file, a pipe, a terminal) into a new buffer, which has a NUL
 * after its *size bytes. More than `max` bytes is an error: the tools read
 * untrusted files into memory. Returns NULL after a message naming `name`.
 */
unsigned char *read_fd(const char *tool, int fd, const char *name, size_t max,
		       size_t *size);

/* The same for the file at `path`. */
unsigned char *read_file(const char *tool, const char *path, size_t max,
			 size_t *size);

/* Writes a whole output to `out`: returns 0, or -1 after printing why. */
typedef int output_writer(FILE *out, void *arg);

/*
 * Replaces `path` with what `writer` writes, atomically: it writes a temporary file
 * next to `path` (same directory, so rename() cannot cross filesystems) and renames
 * it into place only when everything succeeded. On failure `path` is untouched and
 * the temporary file is gone. The file gets `mode` less the umask, as open(2) would
 * give it (mkstemp() creates it 0600). Returns 0, or -1 after a message.
 */
int write_atomically(const char *tool, const char *path, mode_t mode,
		     output_writer *writer, void *arg);

#endif /* HOSTLIB_H */
