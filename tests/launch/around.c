// SPDX-License-Identifier: MIT
/* around: what a program finds around it (tests/around.sh), printed so that a run
 * through nakedinit-run compares line for line with the same program run on the
 * host (x86_64) or under qemu-user. Linked statically with glibc; argv[1] says
 * what to look at:
 *
 *   where     whether argv[0], found as execvp finds it (from the working folder, or
 *             on PATH), and /proc/self/exe name the same file; and that it starts
 *             itself again by argv[0]
 *   streams   stdin and stdout are pipes: fstat's type, FIONREAD once stdin is
 *             readable, splice(2) of a file to stdout, then stdin's bytes counted
 *   group     a process group of its own, not a session: setpgid(0, 0) works
 *   shell     system(3), popen(3), a "#!/bin/sh" script, posix_spawnp of commands
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *kind(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return "closed";
	return S_ISFIFO(st.st_mode) ? "pipe" : S_ISCHR(st.st_mode) ? "character device"
		: S_ISREG(st.st_mode) ? "file" : "other";
}

/* The file name names, as execvp finds it: from the working folder where it has
 * a '/', else on PATH. */
static char *found(const char *name, char real[PATH_MAX])
{
	char path[PATH_MAX];
	const char *dirs = getenv("PATH");

	if (strchr(name, '/'))
		return realpath(name, real);
	for (; dirs; dirs = strchr(dirs, ':') ? strchr(dirs, ':') + 1 : NULL) {
		snprintf(path, sizeof(path), "%.*s/%s", (int)strcspn(dirs, ":"), dirs, name);
		if (access(path, X_OK) == 0)
			return realpath(path, real);
	}
	errno = ENOENT;
	return NULL;
}

static int where(char **argv)
{
	char real[PATH_MAX], exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int status;

	if (argv[2])	/* started again (below) */
		return printf("started again by argv[0]: ok\n"), 0;
	if (n < 0)
		return printf("/proc/self/exe: %s\n", strerror(errno)), 1;
	exe[n] = '\0';
	if (!found(argv[0], real))
		printf("argv[0]: %s\n", strerror(errno));
	else
		printf("argv[0] and /proc/self/exe: %s\n", strcmp(real, exe) ? "differ" : "the same file");
	if (fork() == 0) {
		execvp(argv[0], (char *[]){ argv[0], "where", "again", NULL });
		_exit(127);
	}
	wait(&status);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

static int streams(void)
{
	struct pollfd in = { .fd = 0, .events = POLLIN };
	char buf[4096];
	long total = 0;
	ssize_t n;
	int fd, waiting = -1;

	printf("stdin: %s\nstdout: %s\n", kind(0), kind(1));
	if (poll(&in, 1, -1) == 1 && ioctl(0, FIONREAD, &waiting) == 0)
		printf("FIONREAD: %s\n", waiting > 0 ? "bytes waiting" : "none");
	else
		printf("FIONREAD: %s\n", strerror(errno));
	fflush(stdout);
	fd = open("/proc/self/exe", O_RDONLY);
	n = splice(fd, NULL, 1, NULL, 100, 0);
	printf("\nsplice to stdout: %s\n", n == 100 ? "100 bytes" : n < 0 ? strerror(errno) : "short");
	while ((n = read(0, buf, sizeof(buf))) > 0)
		total += n;
	printf("stdin: %ld bytes, then %s\n", total, n == 0 ? "EOF" : strerror(errno));
	return 0;
}

static int group(void)
{
	printf("leads a session: %s\n", getsid(0) == getpid() ? "yes" : "no");
	printf("setpgid(0, 0): %s\n", setpgid(0, 0) == 0 ? "ok" : strerror(errno));
	return 0;
}

/* Runs argv found on PATH; its exit status, as "name: N". */
static void spawn(char *const argv[])
{
	pid_t pid;
	int status = -1, err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);

	if (err)
		printf("%s: %s\n", argv[0], strerror(err));
	else if (waitpid(pid, &status, 0) == pid)
		printf("%s: %d\n", argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

static int shell(void)
{
	static const char script[] = "#!/bin/sh\necho \"script: $# $1\"\n";
	FILE *p;
	int fd;

	fflush(stdout);
	/* NOLINTNEXTLINE(cert-env33-c): the shell is what is tested */
	printf("system: %d\n", WEXITSTATUS(system("echo 'system: hello' | sed s/hello/ran/; exit 3")));
	p = popen("printf '%s\\n' popen | tr a-z A-Z", "r");	// NOLINT(cert-env33-c): as above
	if (!p) {
		printf("popen: %s\n", strerror(errno));
	} else {
		char line[128] = "";
		int status;

		if (fgets(line, sizeof(line), p))
			printf("popen: %s", line);
		status = pclose(p);
		printf("pclose: %d\n", status);
	}
	fflush(stdout);
	fd = open("/tmp/around-script", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, script, sizeof(script) - 1) != sizeof(script) - 1 || close(fd) != 0)
		return printf("cannot write /tmp/around-script: %s\n", strerror(errno)), 1;
	spawn((char *[]){ "/tmp/around-script", "one", NULL });
	unlink("/tmp/around-script");
	spawn((char *[]){ "true", NULL });
	spawn((char *[]){ "false", NULL });
	spawn((char *[]){ "sleep", "0.1", NULL });
	spawn((char *[]){ "env", "true", NULL });
	spawn((char *[]){ "sh", "-c", "test -d / && [ 1 -lt 2 ] && mkdir /tmp/d && rm -r /tmp/d", NULL });
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "where"))
		return where(argv);
	if (argc == 2 && !strcmp(argv[1], "streams"))
		return streams();
	if (argc == 2 && !strcmp(argv[1], "group"))
		return group();
	if (argc == 2 && !strcmp(argv[1], "shell"))
		return shell();
	fprintf(stderr, "usage: around where|streams|group|shell\n");
	return 2;
}
