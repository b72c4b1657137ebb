// SPDX-License-Identifier: MIT
/* env: what the build recorded for runs, and building it. make run-env writes it as
 * shell assignments (the Makefile's run_env_host and run_env_arch): O/host/run.env
 * beside this program, O/ARCH/run.env per architecture; installed, under
 * LIBDIR/nakedinit. In a checkout, make runs only when a file is missing or older
 * than a source (a stat of each: the sources are listed in the host's run.env),
 * under a lock, so that of many runs started at once one builds and the others wait
 * for it, then find it done. Installed, nothing is ever built. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

/* A run.env is a few KiB: the list of sources makes the host's the longest. */
#define ENV_SIZE_MAX (1 << 20)

/* The words of a shell value as make writes them: 'quoted' (a quote itself as
 * '\''), plain, or a list of those in parentheses. */
static int parse_words(const char *s, struct strv *words)
{
	int list = *s == '(';
	char *word = xcalloc(strlen(s) + 1, 1);

	s += list;
	while (*s && !(list && *s == ')')) {
		size_t n = 0;

		for (; *s && *s != ' ' && !(list && *s == ')'); s++) {
			if (*s == '\'') {
				const char *end = strchr(s + 1, '\'');

				if (!end)
					return free(word), -1;
				memcpy(word + n, s + 1, (size_t)(end - s - 1));
				n += (size_t)(end - s - 1);
				s = end;
			} else if (*s == '\\' && s[1])
				word[n++] = *++s;
			else
				word[n++] = *s;
		}
		word[n] = '\0';
		strv_add(words, word);
		while (*s == ' ')
			s++;
	}
	free(word);
	return list && *s != ')' ? -1 : 0;
}

static void env_read(struct env *e, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, number = 0;

	if (!f)
		die("cannot read %s: %s", path, strerror(errno));
	e->path = xstrdup(path);
	e->count = 0;
	e->settings = xcalloc(256, sizeof(*e->settings));
	while (getline(&line, &cap, f) > 0) {
		char *eq = strchr(line, '=');
		struct setting *s = &e->settings[e->count];

		number++;
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (!eq || e->count == 255)
			die("%s:%zu: not NAME=VALUE", path, number);
		*eq = '\0';
		s->name = xstrdup(line);
		if (parse_words(eq + 1, &s->words) < 0)
			die("%s:%zu: an unended quote or list", path, number);
		e->count++;
	}
	free(line);
	fclose(f);
}

const struct strv *env_words(const struct env *e, const char *name)
{
	static struct strv none;

	for (size_t i = e->count; i-- > 0;)
		if (!strcmp(e->settings[i].name, name))
			return &e->settings[i].words;
	return &none;
}

struct strv env_split(const struct env *e, const char *name)
{
	char *copy = xstrdup(env_get(e, name)), *save = NULL;
	struct strv words = { 0 };

	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		strv_add(&words, w);
	free(copy);
	return words;
}

const char *env_get(const struct env *e, const char *name)
{
	const struct strv *w = env_words(e, name);

	return w->n ? w->v[0] : "";
}

void build_init(struct build *b, const char *self)
{
	b->self = self;
	b->rebuilt = getenv("NAKEDINIT_RUN_REBUILT") != NULL;
	unsetenv("NAKEDINIT_RUN_REBUILT");
#ifdef NAKEDINIT_INSTALLED
	b->installed = NAKEDINIT_INSTALLED;
	b->host_dir = xasprintf("%s/host", b->installed);
	b->out = xstrdup(b->installed);
#else
	b->installed = NULL;
	b->host_dir = xstrdup(self);
	*strrchr(b->host_dir, '/') = '\0';
	b->out = xstrdup(b->host_dir);
	*strrchr(b->out, '/') = '\0';
#endif
}

static struct timespec mtime_of(const char *path, int *missing)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		*missing = 1;
		return (struct timespec){ 0, 0 };
	}
	return st.st_mtim;
}

static int newer(struct timespec a, struct timespec b)
{
	return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

/* Whether anything is missing, or a source (or QEMU: upgraded, it keeps its
 * package's modification time, but its status changes) is newer than what was
 * built of it. Loads what is there. */
static int stale(struct build *b, const char *arch, int kernel_given)
{
	char *host = xasprintf("%s/run.env", b->host_dir);
	int missing = 0;
	struct timespec built = mtime_of(host, &missing);
	const struct strv *sources;
	struct stat st;

	if (!missing && !b->host.path)
		env_read(&b->host, host);
	free(host);
	if (!missing && arch) {
		char *arch_env = xasprintf("%s/%s/run.env", b->out, arch);
		struct timespec t = mtime_of(arch_env, &missing);

		if (!missing && !newer(t, built))
			built = t;
		if (!missing)
			env_read(&b->arch, arch_env);
		free(arch_env);
		if (!missing && !kernel_given && !is_file(env_get(&b->arch, "built_kernel")))
			missing = 1;
	}
	if (missing)
		return 1;
	if (b->installed)
		return 0;
	sources = env_words(&b->host, "sources");
	for (size_t i = 0; i < sources->n; i++) {
		char *path = xasprintf("%s/%s", b->top, sources->v[i]);
		int gone = stat(path, &st) < 0;

		free(path);
		if (gone || newer(st.st_mtim, built) || newer(st.st_ctim, built))
			return 1;
	}
	if (arch) {
		const char *qemu = env_get(&b->arch, "qemu");

		if (qemu[0] == '/' && stat(qemu, &st) == 0 && (newer(st.st_mtim, built) || newer(st.st_ctim, built)))
			return 1;
	}
	return 0;
}

/* make's progress on stderr, without the kernel's "up to date" lines. */
static int make(struct build *b, char *const args[])
{
	struct strv argv = { 0 };
	int out[2], status;
	FILE *from;
	char *line = NULL;
	size_t cap = 0;

	strv_add(&argv, "make");
	strv_add(&argv, "--no-print-directory");
	strv_add(&argv, "-s");
	strv_add(&argv, "-C");
	strv_add(&argv, b->top);
	strv_addf(&argv, "O=%s", b->o);
	for (; *args; args++)
		strv_add(&argv, *args);
	if (pipe(out) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(out[0]);
		close(out[1]);
		execvp("make", argv.v);
		fprintf(stderr, TOOL ": cannot run make: %s\n", strerror(errno));
		_exit(127);
	}
	close(out[1]);
	from = fdopen(out[0], "r");
	while (from && getline(&line, &cap, from) > 0) {
		size_t n = strcspn(line, "\n");

		if (n < 14 || strncmp(line + n - 14, " is up to date", 14) != 0)
			fputs(line, stderr);
	}
	free(line);
	if (from)
		fclose(from);
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Builds args unless another run did while this one waited for the lock; then, if
 * this program was built again, is the new one. */
static void build(struct build *b, const char *arch, int kernel_given, char *const args[])
{
	char *lock_path = xasprintf("%s/.nakedinit-run.lock", b->out);
	int lock;
	struct stat before, after;

	if (b->installed)
		die("%s: not installed in %s (no run.env, or no kernel; make install ARCHES=\"...\" installs it)",
		    arch ? arch : "the host", b->installed);
	if (mkdir(b->out, 0755) < 0 && errno != EEXIST)
		die("cannot make %s: %s", b->out, strerror(errno));
	lock = open(lock_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (lock < 0 || flock(lock, LOCK_EX) < 0)
		die("cannot lock %s", lock_path);
	free(lock_path);
	stat(b->self, &before);
	if (stale(b, arch, kernel_given) && make(b, args) != 0) {
		char *said = xstrdup("");

		for (; *args; args++) {
			char *more = xasprintf("%s%s%s", said, *said ? " " : "", *args);

			free(said);
			said = more;
		}
		die("make %s failed (above)", said);
	}
	close(lock);
	if (!b->rebuilt && stat(b->self, &after) == 0 &&
	    (after.st_ino != before.st_ino || newer(after.st_mtim, before.st_mtim))) {
		setenv("NAKEDINIT_RUN_REBUILT", "1", 1);
		execv(b->self, b->argv);
		die("cannot start %s again: %s", b->self, strerror(errno));
	}
}

void build_load_host(struct build *b)
{
	char *path = xasprintf("%s/run.env", b->host_dir);

	if (!is_file(path))
		build(b, NULL, 0, (char *[]){ "runner", NULL });
	env_read(&b->host, path);
	free(path);
	if (!b->installed) {
		b->top = xstrdup(env_get(&b->host, "top"));
		b->o = xstrdup(env_get(&b->host, "o"));
	}
}

void build_load_arch(struct build *b, const char *arch, int kernel_given)
{
	char *target = xasprintf("ARCH=%s", arch), *host = xasprintf("%s/run.env", b->host_dir),
	     *path = xasprintf("%s/%s/run.env", b->out, arch);

	/* (stale() reads both where they are there; built anew, they are read again) */
	if (stale(b, arch, kernel_given)) {
		build(b, arch, kernel_given, kernel_given ?
		      (char *[]){ target, "KERNEL_PROFILE=programs", "CMDLINE=", "run-env", NULL } :
		      (char *[]){ target, "KERNEL_PROFILE=programs", "CMDLINE=", "kernel", "run-env", NULL });
		env_read(&b->host, host);
		env_read(&b->arch, path);
	}
	free(target);
	free(host);
	free(path);
}
