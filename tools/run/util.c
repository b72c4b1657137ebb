// SPDX-License-Identifier: MIT
/* util: what every part of the runner uses: its one kind of message ("nakedinit-run:
 * ..." and status 125), strings and vectors that never fail (memory runs out only
 * by a bug here: it ends the run like any other failure), and running a helper. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include "run.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs(TOOL ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILED);
}

static void *checked(void *p)
{
	if (!p)
		die("out of memory");
	return p;
}

static char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	return checked(vasprintf(&s, fmt, ap) < 0 ? NULL : s);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size);

	if (!q)
		free(p);
	return checked(q);
}

void *xcalloc(size_t n, size_t size)
{
	return checked(calloc(n ? n : 1, size));
}

char *xstrdup(const char *s)
{
	return checked(strdup(s));
}

void strv_add(struct strv *v, const char *word)
{
	if (v->n + 1 >= v->cap) {
		v->cap = v->cap ? 2 * v->cap : 16;
		v->v = checked(realloc(v->v, v->cap * sizeof(*v->v)));
	}
	v->v[v->n++] = xstrdup(word);
	v->v[v->n] = NULL;
}

void strv_free(struct strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	*v = (struct strv){ 0 };
}

void strv_addf(struct strv *v, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	strv_add(v, s);
	free(s);
}

/* What a spec line cannot hold in a field. */
int has_space_or_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return 1;
	return 0;
}

int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *squeeze_slashes(const char *path)
{
	char *s = xstrdup(path), *to = s;

	for (const char *from = path; *from; from++)
		if (*from != '/' || to == s || to[-1] != '/')
			*to++ = *from;
	*to = '\0';
	return s;
}

char *base_name(const char *path)
{
	size_t end = strlen(path), start;

	while (end > 1 && path[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (end == 1 && path[0] == '/')
		return xstrdup("/");
	return strndup(path + start, end - start);
}

int run_helper(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		dup2(2, 1);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execvp(argv[0], argv);
		fprintf(stderr, TOOL ": cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int quietly(int (*fn)(void *), void *arg, char *msg, size_t size)
{
	char path[32];
	int saved = dup(2), caught = memory_file("message", path), rc;
	ssize_t n;

	fflush(stderr);
	dup2(caught, 2);
	rc = fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(caught, msg, size - 1, 0);
	close(caught);
	msg[n > 0 ? n : 0] = '\0';
	msg[strcspn(msg, "\n")] = '\0';
	return rc;
}

int memory_file(const char *name, char path[32])
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		die("cannot make a file in memory: %s", strerror(errno));
	snprintf(path, 32, "/proc/self/fd/%d", fd);
	return fd;
}

int make_folders(const char *path)
{
	char *copy = xstrdup(path);
	int rc = 0;

	for (char *slash = strchr(copy + 1, '/'); slash && rc == 0; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(copy, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*slash = '/';
	}
	if (rc == 0 && mkdir(copy, 0755) < 0 && errno != EEXIST)
		rc = -1;
	free(copy);
	return rc == 0 && is_dir(path) ? 0 : -1;
}

char *absolute(const char *path)
{
	return absolute_in(NULL, path);
}

char *absolute_in(const char *dir, const char *path)
{
	char *here = path[0] == '/' ? xstrdup("") : dir ? xstrdup(dir) : getcwd(NULL, 0);
	char *joined = xasprintf("%s/%s", here ? here : "", path), *out = xcalloc(strlen(joined) + 2, 1);
	size_t n = 0;

	for (char *save = NULL, *part = strtok_r(joined, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (!strcmp(part, "."))
			continue;
		if (!strcmp(part, "..")) {
			while (n > 0 && out[--n] != '/')
				;
			continue;
		}
		n += (size_t)sprintf(out + n, "/%s", part);
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	free(here);
	free(joined);
	return out;
}

int env_yes(const char *name)
{
	const char *value = getenv(name);

	return value && *value && strcmp(value, "0") != 0;
}
