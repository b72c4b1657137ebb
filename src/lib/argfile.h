/* SPDX-License-Identifier: MIT */
/* The argument file: what program the launcher (src/launch.c) runs, with which
 * arguments and environment, and for how long. tools/nakedinit-run writes it into
 * the initrd; the kernel command line could not carry it (it holds at most 32
 * words for init and 1 or 2 KiB, depending on the architecture).
 *
 * The file is a sequence of words, each ended by a NUL byte:
 *
 *   nakedinit-argfile-3     the format and its version
 *   TIMEOUT                 seconds the program may run, in decimal; 0: no limit
 *   PERSONALITY             personality(2)'s flags for the program, in decimal
 *                           (0x0040000, ADDR_NO_RANDOMIZE: --no-randomize)
 *   DIR                     the folder it starts in, an absolute path in the guest
 *   PATH                    the program, an absolute path in the guest
 *   ARGC                    in decimal, at least 1 (argv[0])
 *   ARG...                  ARGC words: argv[0..ARGC-1], any bytes but NUL
 *   ENVC                    in decimal, at most ARGFILE_WORDS_MAX - ARGC
 *   ENV...                  ENVC words: the whole environment, as execve takes it
 *   SHARES                  in decimal, at most ARGFILE_SHARES_MAX: shared folders
 *   MODE GUEST...           SHARES pairs: "ro" or "rw", and where the folder goes,
 *                           an absolute path; the Nth, from 0, is the host's 9p
 *                           device with the mount tag "nakedinit.N"
 *
 * and nothing after the last. The host decides the environment, defaults and all
 * (tools/nakedinit-run): the launcher passes on exactly what the file holds. A word
 * may be empty, hold spaces, quotes or newlines. The file is at most
 * ARGFILE_SIZE_MAX bytes. A plain function of its buffer, so the host unit tests
 * and fuzzers run the very code the launcher runs.
 */
#ifndef NAKEDINIT_ARGFILE_H
#define NAKEDINIT_ARGFILE_H

#define ARGFILE_MAGIC		"nakedinit-argfile-3"
#define ARGFILE_SIZE_MAX	65536
#define ARGFILE_TIMEOUT_MAX	1000000000	/* seconds: about 31 years */
#define ARGFILE_PERSONALITY_MAX	0xffffffffu	/* the kernel takes 32 bits */
/* Arguments and environment words together. */
#define ARGFILE_WORDS_MAX	4096
/* QEMU's riscv64 virt and x86_64 microvm machines have 8 virtio slots; the streams'
 * ports, the -o disk and the network take three. */
#define ARGFILE_SHARES_MAX	5

struct argfile {
	unsigned long timeout;		/* seconds; 0: no limit */
	unsigned long personality;	/* personality(2)'s argument; 0: Linux's own */
	const char *dir;
	const char *path;
	const char *const *argv;	/* NULL-terminated, in the caller's vector */
	const char *const *envp;	/* NULL-terminated, in the same vector */
	unsigned long shares;
	struct share {
		int read_only;
		const char *guest;
	} share[ARGFILE_SHARES_MAX];
};

/* argv and envp share one vector: the words and two NULLs. */
#define ARGFILE_VECTOR_SIZE	(ARGFILE_WORDS_MAX + 2)

/* Parses the size bytes of buf, filling vector with argv and envp, which point
 * into buf. Returns NULL, or what is wrong with the file,
 * for a line "argument file PATH: <message>". */
const char *parse_argfile(const char *buf, unsigned long size,
			  const char *vector[ARGFILE_VECTOR_SIZE], struct argfile *args);

#endif
