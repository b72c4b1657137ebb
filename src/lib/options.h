/* The init's options, from the kernel command line. A plain function of its
 * arguments, so the host unit tests and fuzzers run the very code the init runs.
 */
#ifndef NAKEDINIT_OPTIONS_H
#define NAKEDINIT_OPTIONS_H

#define DISK_DEFAULT	"/dev/vda"
#define DISK_PATH_MAX	255
#define BYTES_DEFAULT	8
#define BYTES_MAX	512

struct options {
	const char *disk;	/* block device to read: an absolute path */
	long bytes;		/* how many of its first bytes: 1..BYTES_MAX */
};

/* Reads the options from the words the kernel hands init as its environment:
 * "disk=/dev/vdb", "bytes=16". Other words are ignored (the kernel adds HOME=/ and
 * TERM=linux). Missing options keep their defaults. Returns NULL, or the first
 * word whose value is bad. */
const char *parse_options(char *const *envp, struct options *opts);

#endif
