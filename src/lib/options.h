/* SPDX-License-Identifier: MIT */
/* The init's options, from the kernel command line. A plain function of its
 * arguments, so the host unit tests and fuzzers run the very code the init runs.
 */
#ifndef NAKEDINIT_OPTIONS_H
#define NAKEDINIT_OPTIONS_H

#define DISK_DEFAULT	"/dev/vda"
#define DISK_PATH_MAX	255
#define BYTES_DEFAULT	8
#define BYTES_MAX	512
#define DISKWAIT_MAX	3600

struct options {
	const char *disk;	/* block devices to try, in order: absolute paths, ',' between */
	long bytes;		/* how many of its first bytes: 1..BYTES_MAX */
	long diskwait;		/* seconds to wait for one of them to appear: 0..DISKWAIT_MAX */
	const char *out;	/* where the lines go instead of the console: a path, or NULL */
};

/* Reads the options from the words the kernel hands init as its environment:
 * "disk=/dev/vdb", "disk=/dev/sda,/dev/vda", "bytes=16", "diskwait=10",
 * "out=/dev/kmsg". Other words are ignored (the kernel adds HOME=/ and TERM=linux).
 * Missing options keep their defaults. Every path is absolute and at most
 * DISK_PATH_MAX characters. Returns NULL, or the first word whose value is bad. */
const char *parse_options(char *const *envp, struct options *opts);

#endif
