/* SPDX-License-Identifier: MIT */
/* newc, the cpio format the kernel unpacks at boot (init/initramfs.c), as the
 * programs write it (src/copyout.c) and read it (src/launch.c, a warm start).
 * Each entry is a header, NEWC_MAGIC and 13 fields of 8 hex digits, then its name
 * with the NUL, NUL-padded so that header and name end on a multiple of 4, then
 * its data, padded the same way. An entry named NEWC_TRAILER ends the archive.
 * (The host tools' side is tools/hostlib.h.) A plain function of its buffer, so
 * the host unit tests run the very code the launcher runs.
 */
#ifndef NAKEDINIT_NEWC_H
#define NAKEDINIT_NEWC_H

#define NEWC_MAGIC	"070701"
#define NEWC_FIELDS	13
#define NEWC_HEADER	(6 + NEWC_FIELDS * 8)
#define NEWC_TRAILER	"TRAILER!!!"

/* The fields, in header order. */
enum {
	NEWC_INO, NEWC_MODE, NEWC_UID, NEWC_GID, NEWC_NLINK, NEWC_MTIME, NEWC_FILESIZE,
	NEWC_DEVMAJOR, NEWC_DEVMINOR,	/* the filesystem's: unused */
	NEWC_RDEVMAJOR, NEWC_RDEVMINOR,	/* a device node's number */
	NEWC_NAMESIZE,			/* with the NUL */
	NEWC_CHECK,
};

/* digits hex digits of text (at most 16) as a number; -1 if one is not a hex
 * digit, or the number is 2^63 or more. */
long long parse_hex(const char *text, int digits);

/* The fields of the NEWC_HEADER bytes at header; 0, or -1 if they are not a newc
 * header (magic, or a field that is not 8 hex digits). */
int parse_newc_header(const char *header, unsigned long field[NEWC_FIELDS]);

/* The NUL bytes after offset bytes, up to the next multiple of 4. */
static inline unsigned long newc_padding(unsigned long offset)
{
	return -offset & 3;
}

#endif
