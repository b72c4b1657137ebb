/* The argument file: what program the launcher (src/launch.c) runs, with which
 * arguments and environment, and for how long. tools/nakedinit-run writes it into
 * the initrd; the kernel command line could not carry it (it holds at most 32
 * words for init and 1 or 2 KiB, depending on the architecture).
 *
 * The file is a sequence of words, each ended by a NUL byte:
 *
 *   nakedinit-argfile-1     the format and its version
 *   TIMEOUT                 seconds the program may run, in decimal; 0: no limit
 *   PATH                    the program, an absolute path in the guest
 *   ARGC                    in decimal, at least 1 (argv[0])
 *   ARG...                  ARGC words: argv[0..ARGC-1], any bytes but NUL
 *   ENVC                    in decimal
 *   ENV...                  ENVC words NAME=VALUE, NAME not empty
 *
 * and nothing after the last. A word may be empty, hold spaces, quotes or
 * newlines. The file is at most ARGFILE_SIZE_MAX bytes. A plain function of its
 * buffer, so the host unit tests and fuzzers run the very code the launcher runs.
 */
#ifndef NAKEDINIT_ARGFILE_H
#define NAKEDINIT_ARGFILE_H

#define ARGFILE_MAGIC		"nakedinit-argfile-1"
#define ARGFILE_SIZE_MAX	65536
#define ARGFILE_TIMEOUT_MAX	1000000000	/* seconds: about 31 years */
/* Arguments and environment words together, defaults not counted. */
#define ARGFILE_WORDS_MAX	4096
/* Every program gets these, unless the file sets the same NAME. */
#define ARGFILE_DEFAULT_ENV	"PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "TERM=linux"
#define ARGFILE_DEFAULT_ENVC	3

struct argfile {
	unsigned long timeout;		/* seconds; 0: no limit */
	const char *path;
	const char *const *argv;	/* NULL-terminated, in the caller's vector */
	const char *const *envp;	/* the defaults first, then the file's; NULL-terminated */
};

/* argv and envp share one vector: the words, the defaults and two NULLs. */
#define ARGFILE_VECTOR_SIZE	(ARGFILE_WORDS_MAX + ARGFILE_DEFAULT_ENVC + 2)

/* Parses the size bytes of buf, filling vector with argv and envp, which point
 * into buf or at string constants. Returns NULL, or what is wrong with the file,
 * for a line "argument file PATH: <message>". */
const char *parse_argfile(const char *buf, unsigned long size,
			  const char *vector[ARGFILE_VECTOR_SIZE], struct argfile *args);

#endif
