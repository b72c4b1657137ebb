// SPDX-License-Identifier: MIT
/* nakedinit-run: run a program as the only process on a real Linux kernel under
 * QEMU, and exit with its result, as `docker run` does with a container. Its usage
 * is options.c's help_text; its manual page adds tools/run/nakedinit-run.h2m. This
 * file is the story of a run; run.h says which file owns each part of it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "run.h"
#include "unpack.h"

static void version(const struct run *r)
{
#ifdef NAKEDINIT_VERSION
	(void)r;
	printf(TOOL " %s\n", NAKEDINIT_VERSION);
#else
	/* A checkout's version is git's (tools/version.sh). */
	char *script = xasprintf("%s/tools/version.sh", r->b.top);

	fputs(TOOL " ", stdout);
	fflush(stdout);
	execl(script, script, (char *)NULL);
	die("cannot run %s: %s", script, strerror(errno));
#endif
	exit(0);
}

/* -k, -o and -l, as given from here. */
static void files_given(struct run *r)
{
	const struct options *o = &r->o;

	if (o->kernel) {
		if (!is_file(o->kernel))
			die("-k %s: no such file", o->kernel);
		r->kernel = realpath(o->kernel, NULL);
	}
	if (o->outdir) {
		char *parent = xstrdup(o->outdir), *slash = strrchr(parent, '/');

		if (slash)
			*(slash == parent ? slash + 1 : slash) = '\0';
		if (!is_dir(slash ? parent : "."))
			die("-o %s: no directory %s to make it in", o->outdir, slash ? parent : ".");
		r->o.outdir = absolute(o->outdir);
		free(parent);
	}
	if (o->log) {
		int fd = open(o->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

		if (fd < 0)
			die("-l %s: cannot write it", o->log);
		close(fd);
		r->log = absolute(o->log);
	}
}

/* -a's name, one of run.env's arch_names (aliases included). */
static void resolve_arch(struct run *r)
{
	struct strv split_names = env_split(&r->b.host, "arch_names"), *names = &split_names;
	char *list = xstrdup("");

	for (size_t i = 0; i < names->n; i++) {
		size_t n = strcspn(names->v[i], "=");
		char *more = xasprintf("%s%s%.*s", list, i ? " " : "", (int)n, names->v[i]);

		if (strlen(r->o.arch) == n && !strncmp(names->v[i], r->o.arch, n)) {
			r->arch = xstrdup(names->v[i] + n + 1);
			return;
		}
		free(list);
		list = more;
	}
	die("-a %s: not supported; supported: %s", r->o.arch, list);
}

/* The streams, a letter each (src/launch.c): t the terminal, where this command's
 * fd is one (unless -p); p a port of its own. */
static void streams(struct run *r)
{
	for (int fd = 0; fd < 3; fd++)
		r->streams[fd] = !r->o.pipes && isatty(fd) ? 't' : 'p';
	r->streams[3] = '\0';
}

/* -o: the files, only once the guest has given a result; all or nothing. */
static void copy_out(const struct run *r)
{
	struct stat st;
	FILE *disk = fstat(r->disk, &st) == 0 ? fdopen(dup(r->disk), "r") : NULL;

	if (!disk || unpack(disk, (uint64_t)st.st_size, r->o.outdir) != 0)
		die("-o: nothing copied to %s (above)", r->o.outdir);
	fclose(disk);
}

int main(int argc, char **argv)
{
	static struct run r = { .disk = -1, .argfile = -1 };
	char error[512], *self = realpath("/proc/self/exe", NULL), *called = base_name(argv[0]);
	struct strv cmd = { 0 };
	struct vm vm;
	struct timespec started;

	clock_gettime(CLOCK_MONOTONIC, &started);
	/* A closed fd 0, 1 or 2 would be the next file opened: /dev/null holds its
	 * place (a closed stdin is EOF for the program, a closed stdout takes all). */
	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", fd ? O_WRONLY : O_RDONLY) != fd)
			return EXIT_FAILED;
	if (!strcmp(called, "nakedinit-binfmt"))
		argv = binfmt_argv(&argc, argv);
	signals_early();
	r.self = self;
	r.argc = argc;
	r.b.argv = argv;
	if (parse_options(argc, argv, &r.o, error, sizeof(error)) < 0)
		die("%s", error);
	if (r.o.help) {
		fputs(help_text, stdout);
		return 0;
	}
	build_init(&r.b, self);
	if (r.o.version) {
		if (!r.b.installed)
			build_load_host(&r.b);
		version(&r);
	}
	if (check_values(&r.o, argc, error, sizeof(error)) < 0)
		die("%s", error);
	r.program_given = r.o.program < argc ? argv[r.o.program] : "";
	files_given(&r);
	build_load_host(&r.b);
	if (r.o.binfmt != BINFMT_NONE)
		binfmt(&r);
	if (r.o.arch)
		resolve_arch(&r);
	if (r.o.kept_stop)
		return kept_stop(r.arch);
	program_check(&r);
	if (!r.arch)
		die("-F needs -a ARCH: there is no ELF header to read the architecture from");
	build_load_arch(&r.b, r.arch, r.kernel != NULL);
	streams(&r);
	r.kept = kept_wanted(&r);
	r.o.no_randomize |= env_yes("NAKEDINIT_NO_RANDOMIZE");
	guest_settle(&r);

	archive_defaults(&r);
	program_libraries(&r);
	archive_inputs(&r);
	if (r.o.outdir)
		archive_out(&r);
	shares_add(&r);
	archive_program(&r);
	archive_commands(&r);
	archive_argfile(&r, argc, argv);
	r.initrd = archive_write(&r, r.warm || r.kept ? NULL : env_get(&r.b.arch, "launch"));
	snprintf(r.initrd_path, sizeof(r.initrd_path), "/proc/self/fd/%d", r.initrd);
	r.device = xasprintf("virtio-serial-%s", env_get(&r.b.arch, "virtio"));
	if (!r.log) {
		char path[32];

		memory_file("console", path);
		r.log = xstrdup(path);
	}

	guest_command(&r, &cmd, &vm);
	vm.since_us = started.tv_sec * 1000000LL + started.tv_nsec / 1000;
	int status = vm_run(&vm);
	if (r.o.outdir && vm.gave_result)
		copy_out(&r);
	return status;
}
