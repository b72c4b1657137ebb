/* SPDX-License-Identifier: MIT */
/* nakedinit-run, the runner: what its parts share. A run is told in main.c; each
 * other file owns one concern and says so at its top:
 *
 *   options.c  the command line and --help
 *   env.c      what the build recorded for runs (run.env), and building it
 *   program.c  PROGRAM: found, checked, and its loader and libraries
 *   archive.c  the run's files: the initrd's spec, -f, -d, -s, the argument file
 *   shares.c   -v and -w, QEMU's 9p devices
 *   guest.c    the QEMU command, warm states and their lock
 *   kept.c     a kept guest: its server, and a run's slot in it
 *   loop.c     QEMU started, the streams carried, the result, signals, the watchdog
 *   binfmt.c   --binfmt-register, --binfmt-remove and the binfmt_misc entry point
 *   util.c     messages, strings, vectors, running a helper
 */
#ifndef NAKEDINIT_RUN_H
#define NAKEDINIT_RUN_H

#include <stddef.h>
#include <string.h>
#include <sys/types.h>

#define TOOL		"nakedinit-run"
/* Where the launcher finds its argument file (the kernel passes the words after
 * "--" to init as its arguments). */
#define ARGFILE_PATH	"/nakedinit.args"
#define EXIT_FAILED	125

/* --- util.c --- */
static inline int starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}
struct strv {
	char **v;		/* NULL-terminated */
	size_t n, cap;
};
__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) char *xasprintf(const char *fmt, ...);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
void strv_add(struct strv *v, const char *word);
void strv_free(struct strv *v);
__attribute__((format(printf, 2, 3))) void strv_addf(struct strv *v, const char *fmt, ...);
int has_space_or_control(const char *s);
int is_file(const char *path);
int is_dir(const char *path);
/* The path with each run of '/' made one. */
char *squeeze_slashes(const char *path);
/* The last component, as basename(1) gives it. */
char *base_name(const char *path);
/* The path made absolute from the current folder, "." and ".." taken lexically
 * (realpath -ms). */
char *absolute(const char *path);
/* The same from folder dir (NULL: the current folder). */
char *absolute_in(const char *dir, const char *path);
/* Whether the environment sets NAME to a yes: anything but empty or "0". */
int env_yes(const char *name);
/* mkdir -p: 0, or -1. */
int make_folders(const char *path);
/* Runs argv with its stdout on our stderr; its exit status, or -1. */
int run_helper(char *const argv[]);
/* Calls fn(arg) with what it prints on stderr caught in msg (its last line's
 * newline dropped); returns fn's value. */
int quietly(int (*fn)(void *), void *arg, char *msg, size_t size);
/* A file in memory only (memfd), and the path by which a process that inherits
 * it opens it. */
int memory_file(const char *name, char path[32]);

/* --- options.c --- */
enum binfmt_action { BINFMT_NONE, BINFMT_REGISTER, BINFMT_REMOVE };
struct options {
	const char *arch, *kernel, *memory, *keep, *log, *outdir, *argv0, *cpus;
	const char *seconds;
	int workdir, net, verbose, pipes, force, cold, bare, kept, kept_stop, no_randomize, help, version;
	struct strv env, volumes;
	struct strv inputs;		/* pairs: "f", "d" or "s", and the value */
	char *append;			/* " WORDS" for each --append */
	enum binfmt_action binfmt;
	const char *binfmt_name;
	int program;			/* argv index of PROGRAM, or argc */
};
extern const char help_text[];
/* What parse_options allocated, freed (the fuzz target frees; a run ends). */
void options_free(struct options *o);
/* Parses argv; 0, or -1 with the message (without "nakedinit-run: ") in error. */
int parse_options(int argc, char *const argv[], struct options *o, char *error, size_t size);
/* The checks of values that need no file: 0, or -1 with the message. */
int check_values(const struct options *o, int argc, char *error, size_t size);

/* --- env.c: what make run-env recorded (the Makefile's run_env_host, run_env_arch) --- */
struct env {
	char *path;
	struct setting {
		char *name;
		struct strv words;
	} *settings;
	size_t count;
};
struct build {
	const char *installed;		/* LIBDIR/nakedinit, or NULL in a checkout */
	char *host_dir;			/* where the host's run.env is */
	char *out, *top, *o;		/* a checkout's build folder, top, and O as given */
	struct env host, arch;
	const char *self;		/* this program's file, to start again once built */
	char **argv;
	int rebuilt;			/* started again after a build */
};
const char *env_get(const struct env *e, const char *name);
const struct strv *env_words(const struct env *e, const char *name);
/* A value that is a list of words in one string (elf_machines, arch_names). */
struct strv env_split(const struct env *e, const char *name);
void build_init(struct build *b, const char *self);
void build_load_host(struct build *b);
/* The architecture's run.env, built (with its kernel, unless kernel_given) when
 * it is missing or stale. */
void build_load_arch(struct build *b, const char *arch, int kernel_given);

/* --- program.c --- */
struct run;
/* Resolves PROGRAM (PATH, links), reads its ELF header, sets run->arch; with force
 * only resolves. */
void program_check(struct run *r);
/* Adds its loader and libraries to the archive. */
void program_libraries(struct run *r);
/* A name on PATH, as `type -P` finds it: the first executable regular file. */
char *on_path(const char *name);

/* --- archive.c --- */
struct entry {
	char *path, *owner, *line;	/* line NULL: tools/initrd.sh's own (/init, /dev) */
};
struct archive {
	struct entry *entries;
	size_t count, cap;
	int fds_kept;			/* files opened to name them in a spec line */
};
void archive_put(struct run *r, const char *who, const char *path, const char *line);
void archive_put_file(struct run *r, const char *who, const char *host, const char *path, const char *mode);
/* The same for a file the run only reads (the program, its loader and libraries):
 * in a kept guest, bound from the host instead of packed. */
void archive_put_host(struct run *r, const char *who, const char *host, const char *path, const char *mode);
const struct entry *archive_find(const struct archive *a, const char *path);
void archive_defaults(struct run *r);
/* Where the program is in the guest (r->guest_path), packed there if need be;
 * after shares_add. */
void archive_program(struct run *r);
void archive_inputs(struct run *r);
void archive_out(struct run *r);
void archive_argfile(struct run *r, int argc, char *const argv[]);
/* The initrd: /dev, /init (INIT, or none for NULL) and the entries, into a memory
 * file; -i keeps it. Returns its fd, at offset 0. */
int archive_write(struct run *r, const char *init);
/* The shell and the basic commands, unless --bare, where the run has nothing at
 * their paths; a warm start's saved guest holds them already. */
void archive_commands(struct run *r);
/* The warm start's initrd at path: the launcher, and unless --bare the commands. */
void archive_launcher(const struct run *r, const char *path);

/* --- shares.c --- */
struct shared {
	char *host, *guest;
	int read_only;
	char *who;			/* the option, for messages */
};
void shares_add(struct run *r);
/* The 9p devices of shares 0 to count - 1: the run's own for the first own, the
 * others on the empty folder, read-only. */
void shares_devices(const struct run *r, struct strv *cmd, size_t own, size_t count, const char *empty);

/* --- guest.c --- */
void guest_settle(struct run *r);
/* The folder of this architecture's saved guests and kept guests: the build's,
 * or installed, the user's cache. */
char *cache_folder(const struct run *r);
/* QEMU's command, but for its initrd and the kernel's words. */
void guest_base(const struct run *r, struct strv *cmd, const char *memory);
struct vm;
void guest_command(struct run *r, struct strv *cmd, struct vm *vm);

/* --- loop.c --- */
struct vm {
	char **argv;			/* QEMU and its arguments */
	const char *streams;		/* a letter per stream: 't' terminal, 'p' port */
	const char *device;		/* the virtio-serial transport */
	const char *log;		/* the console's log, a path */
	long watchdog;			/* seconds, 0: none */
	int verbose;
	const char *state;		/* a warm start's state, or NULL */
	int save;			/* boot and save to state */
	int archive;			/* the run's archive (restoring), or -1 */
	int keep_fds[4];		/* more fds QEMU inherits, -1 ended */
	int server;			/* a kept guest's server (kept.c), or -1 */
	int slot[5];			/* its slot: load, result, stdin, stdout, stderr */
	long memory_mib;		/* the run's memory there, its cgroup's limit */
	int gave_result;		/* out: the guest gave a result */
	long long since_us;		/* when the run started (CLOCK_MONOTONIC) */
};
int vm_run(struct vm *vm);
/* Before QEMU starts, a signal ends the run at once (128 + N). */
void signals_early(void);

/* --- kept.c --- */
/* Whether the run asked for a kept guest and can have one (streams() first). */
int kept_wanted(const struct run *r);
/* A slot of the kept guest for this run, its server started where none is. */
void kept_connect(struct run *r, struct vm *vm);
/* --kept-stop: tells this user's servers (of arch, unless NULL) to stop. */
int kept_stop(const char *arch);

/* --- binfmt.c --- */
void binfmt(struct run *r);
/* Called as nakedinit-binfmt: argv rewritten to nakedinit-run -w --argv0=... */
char **binfmt_argv(int *argc, char **argv);

/* --- the run --- */
struct run {
	struct options o;
	struct build b;
	const char *self;		/* this program's file */
	int argc;
	char *program;			/* as resolved, absolute */
	const char *program_given;
	char *arch;
	char *guest_path;		/* where PROGRAM is in the guest */
	char *interpreter;
	unsigned machine, class;
	char *memory, *kernel, *qemu, *cmdline;
	int cpus;
	char *dir;			/* where the program starts in the guest */
	struct archive archive;
	struct shared *shares;		/* -v, -w */
	size_t nshares, *order;		/* order: parents first */
	int disk;			/* -o's disk (memory file), or -1 */
	char disk_path[32];
	char *warm;			/* the warm starts' folder, or NULL */
	int kept;			/* in a kept guest (kept.c) */
	struct strv bound;		/* there: pairs of host and guest paths */
	char *state;			/* the state this run restores */
	char streams[4];
	int argfile;			/* the argument file, in memory */
	int initrd;			/* the run's archive, in memory */
	char initrd_path[32];
	char *device;			/* virtio-serial-VIRTIO */
	char *log;			/* the console's log: -l, or in memory */
	char argfile_path[32];
};

#endif
