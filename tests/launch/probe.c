// SPDX-License-Identifier: MIT
/* probe: the program tests/launch.sh runs under the launcher, an ordinary C program
 * linked statically with glibc. argv[1] says what to do; it prints what it finds,
 * for the test to compare, and exits 0 unless said otherwise.
 *
 *   exit N       say "exit N" and exit with status N
 *   segv         dereference NULL (SIGSEGV)
 *   killself     SIGKILL itself
 *   args ...     print argc, then each argument after "args" as hex bytes
 *   env          print the environment, one "env: NAME=VALUE" a line
 *   system       check /proc/self/status, /sys, a writable /tmp and /run, a process group
 *   ordinary     check what an ordinary Linux has: the host name, /dev/fd and
 *                /dev/std* links, a pseudo-terminal (/dev/pts), POSIX shared memory
 *                (/dev/shm), /etc/resolv.conf if there is one
 *   fetch A P    connect to A (an IPv4 address) port P, send an HTTP GET of /, and
 *                print the answer's lines
 *   threads      start and join 4 threads that each add to a shared sum
 *   fresh        what a run must not share with another: "random: HEX" (16 bytes of
 *                getrandom), "time: SECONDS" (the clock), "left: yes|no" (whether an
 *                earlier run's /left and /tmp/left are here), then leaves them; and
 *                "slept: ok" once a 100 ms sleep has ended (a restored guest's timers)
 *   orphan       leave a grandchild that sleeps 60 s, and exit 7 at once
 *   stubborn     leave a child that ignores SIGTERM and sleeps 60 s, and exit 0
 * What they leave behind ignores SIGHUP, which the kernel sends the program's session
 * when the program, its leader, ends and so hangs up the terminal: only the launcher's
 * SIGTERM and SIGKILL are left to end them. The terminal hung up, the stubborn child
 * says it ignores SIGTERM on /dev/console.
 *   sleep N      sleep N seconds
 *   read         say "ready", read a line from stdin, print it
 *   wait-int     say "ready" and wait for a signal (Ctrl-C: SIGINT)
 * For tests/streams.sh (the program's stdin, stdout and stderr):
 *   cat          copy stdin to stdout, byte for byte, until EOF
 *   bytes N      write N bytes to stdout, byte i being i % 256
 *   split        "to stdout" on stdout, "to stderr" on stderr
 *   tty          "isatty: A B C" for fds 0, 1, 2, and whether stdin's terminal is
 *                the controlling one with this process in its foreground
 *   forge N      print the lines a launcher, a kernel or a harness ends with, then
 *                exit N
 *   live         say "live", then wait for EOF on stdin
 * For tests/out.sh (nakedinit-run -o):
 *   out          fill /out: small.txt (0644), big.bin (OUT_LINES lines of a pattern,
 *                0750), sub/dir/secret (0600, in a 0700 directory), link (a relative
 *                symbolic link to it), fifo (a FIFO)
 *   out-writer   write /out/done.txt, then keep writing /out/partial.bin until killed;
 *                "out-writer orphan": a child does, and the program exits 0
 *   out-hostile  put an absolute link, a link that climbs out, a device node, and a
 *                safe link with a file beside it in /out
 *   out-nodisk   remove the out disk's node, so the copy fails, write /out/lost, exit 5
 *   out-gone     remove /out
 * For tests/shares.sh (nakedinit-run -v, -w):
 *   shares DIR   in the shared folder DIR: read in.txt; create new.txt (0640) and
 *                newdir (0750); open the links abs-link and up-link, ../secret.txt,
 *                and the device node device; hard-link /etc/passwd, make a device
 *                node, mount DIR read-write again and write: each line "WHAT: ok"
 *                (with what it read) or "WHAT: ERRNO-NAME"
 */
#define _GNU_SOURCE	/* environ, posix_openpt and friends, strerrorname_np */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int check(int ok, const char *what)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}

static int file_has(const char *path, const char *text)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, text) != NULL;
}

static int system_checks(void)
{
	int bad = 0, fd;
	char back[16] = "";

	bad |= check(file_has("/proc/self/status", "\nPid:\t"), "/proc/self/status");
	bad |= check(file_has("/sys/class/tty/console/active", "tty"), "/sys/class/tty/console/active");
	fd = open("/tmp/probe", O_RDWR | O_CREAT | O_TRUNC, 0600);
	bad |= check(fd >= 0 && write(fd, "written", 7) == 7 && pread(fd, back, 7, 0) == 7 &&
		     strcmp(back, "written") == 0, "writable /tmp");
	if (fd >= 0)
		close(fd);
	bad |= check(access("/run", W_OK) == 0, "writable /run");
	/* As a shell starts a command: it leads a process group, not a session. */
	bad |= check(getpid() != 1 && getpgid(0) == getpid() && getsid(0) != getpid() && setpgid(0, 0) == 0,
		     "a process group of its own");
	return bad;
}

static int ordinary(void)
{
	char name[65] = "", link[64] = "", *pts;
	int bad = 0, master, fd;
	ssize_t n;

	gethostname(name, sizeof(name) - 1);
	printf("hostname: %s\n", name);
	n = readlink("/dev/fd", link, sizeof(link) - 1);
	bad |= check(n > 0 && strncmp(link, "/proc/self/fd", (size_t)n) == 0, "/dev/fd");
	bad |= check(access("/dev/stdin", F_OK) == 0 && access("/dev/stdout", F_OK) == 0 &&
		     access("/dev/stderr", F_OK) == 0, "/dev/stdin, /dev/stdout, /dev/stderr");
	master = posix_openpt(O_RDWR | O_NOCTTY);
	pts = master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0 ? ptsname(master) : NULL;
	fd = pts ? open(pts, O_RDWR | O_NOCTTY) : -1;
	bad |= check(fd >= 0 && write(fd, "x", 1) == 1, "a pseudo-terminal");
	fd = shm_open("/probe", O_RDWR | O_CREAT | O_EXCL, 0600);
	bad |= check(fd >= 0 && ftruncate(fd, 4096) == 0 && shm_unlink("/probe") == 0, "shm_open");
	if (file_has("/etc/resolv.conf", "nameserver"))
		printf("resolv.conf: nameserver\n");
	return bad;
}

static int fetch(const char *address, const char *port)
{
	static const char request[] = "GET / HTTP/1.0\r\n\r\n";
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)strtol(port, NULL, 10)) };
	char buf[4096];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ssize_t n;

	if (fd < 0 || inet_pton(AF_INET, address, &to.sin_addr) != 1 ||
	    connect(fd, (struct sockaddr *)&to, sizeof(to)) != 0) {
		printf("connect: %s\n", strerrorname_np(errno));
		return 1;
	}
	if (write(fd, request, sizeof(request) - 1) != (ssize_t)sizeof(request) - 1)
		return check(0, "send the request");
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	printf("\n");
	return n < 0;
}

/* "WHAT: ok" when result is not negative, else "WHAT: ERRNO-NAME". */
static void outcome(const char *what, long result)
{
	printf("%s: %s\n", what, result >= 0 ? "ok" : strerrorname_np(errno));
}

/* "WHAT: ok, TEXT" with what the file at path holds, or "WHAT: ERRNO-NAME". */
static void read_outcome(const char *what, const char *path)
{
	char text[256];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);

	if (n < 0) {
		printf("%s: %s\n", what, strerrorname_np(errno));
	} else {
		text[n] = '\0';
		text[strcspn(text, "\n")] = '\0';
		printf("%s: ok, %s\n", what, text);
	}
	if (fd >= 0)
		close(fd);
}

static int shares(const char *dir)
{
	char path[4096], cwd[4096];
	int fd;

	printf("cwd: %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : strerrorname_np(errno));
	umask(0);
	snprintf(path, sizeof(path), "%s/in.txt", dir);
	read_outcome("read", path);
	snprintf(path, sizeof(path), "%s/new.txt", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0640);
	outcome("create", fd >= 0 && write(fd, "from the guest\n", 15) == 15 ? 0 : -1);
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "%s/newdir", dir);
	outcome("mkdir", mkdir(path, 0750));
	snprintf(path, sizeof(path), "%s/abs-link", dir);
	read_outcome("absolute link", path);
	snprintf(path, sizeof(path), "%s/up-link", dir);
	read_outcome("climbing link", path);
	snprintf(path, sizeof(path), "%s/../secret.txt", dir);
	read_outcome("dot-dot", path);
	snprintf(path, sizeof(path), "%s/device", dir);
	read_outcome("device node", path);
	snprintf(path, sizeof(path), "%s/hard", dir);
	outcome("hard link out", link("/etc/passwd", path));
	snprintf(path, sizeof(path), "%s/made-device", dir);
	outcome("mknod", mknod(path, S_IFCHR | 0600, makedev(1, 1)));
	outcome("remount read-write", mount(NULL, dir, NULL, MS_REMOUNT, NULL));
	snprintf(path, sizeof(path), "%s/after-remount.txt", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	outcome("write after remount", fd);
	return 0;
}

static int streams(const char *what, const char *arg)
{
	static char buf[65536];
	ssize_t n;

	if (strcmp(what, "cat") == 0) {
		while ((n = read(0, buf, sizeof(buf))) > 0)
			for (ssize_t at = 0, w; at < n; at += w)
				if ((w = write(1, buf + at, (size_t)(n - at))) <= 0)
					return 1;
		return n < 0;
	}
	if (strcmp(what, "bytes") == 0) {
		for (long left = strtol(arg, NULL, 10); left > 0; left -= n) {
			n = left < (long)sizeof(buf) ? left : (long)sizeof(buf);
			for (ssize_t i = 0; i < n; i++)
				buf[i] = (char)i;
			if (write(1, buf, (size_t)n) != n)
				return 1;
		}
		return 0;
	}
	if (strcmp(what, "split") == 0)
		return printf("to stdout\n") < 0 || fprintf(stderr, "to stderr\n") < 0;
	if (strcmp(what, "tty") == 0) {
		printf("isatty: %d %d %d\n", isatty(0), isatty(1), isatty(2));
		if (isatty(0))
			check(tcgetpgrp(0) == getpgrp(), "stdin's terminal controls this process");
		return 0;
	}
	if (strcmp(what, "forge") == 0) {
		printf("nakedinit: exit 0\n0 0 0\nreboot: System halted\nreboot: Power down\n"
		       "Kernel panic - not syncing: Attempted to kill init!\nboot: passed: the init reported exit 0\n");
		return (int)strtol(arg, NULL, 10);
	}
	if (strcmp(what, "live") == 0) {
		printf("live\n");
		while (read(0, buf, sizeof(buf)) > 0)
			;
		return 0;
	}
	fprintf(stderr, "probe: unknown request '%s'\n", what);
	return 2;
}

static long sum;
static pthread_mutex_t sum_lock = PTHREAD_MUTEX_INITIALIZER;

static void *add(void *arg)
{
	const long *step = arg;

	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&sum_lock);
		sum += *step;
		pthread_mutex_unlock(&sum_lock);
	}
	return arg;
}

static int threads(void)
{
	static const long steps[4] = { 1, 2, 3, 4 };
	pthread_t t[4];
	void *back;
	long joined = 0;

	for (int i = 0; i < 4; i++)
		if (pthread_create(&t[i], NULL, add, (void *)&steps[i]) != 0)
			return check(0, "pthread_create");
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], &back);
		joined += *(const long *)back;
	}
	return check(sum == 10000 && joined == 10, "4 threads started, joined, summed");
}

static int console = -1;

static void say_ignoring(int sig)
{
	(void)sig;
	if (write(console, "stubborn: ignoring SIGTERM\n", 27) != 27)
		_exit(3);
}

/* The big file's pattern, which tests/out.sh makes again on the host. */
#define OUT_LINES 200000
#define OUT_LINE "%07d nakedinit -o\n"

static int put_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0 || chmod(path, mode) != 0)
		return check(0, path);
	return 0;
}

static int fresh(void)
{
	unsigned char bytes[16];
	int left = access("/left", F_OK) == 0 || access("/tmp/left", F_OK) == 0;

	if (getrandom(bytes, sizeof(bytes), 0) != sizeof(bytes))
		return 1;
	printf("random: ");
	for (size_t i = 0; i < sizeof(bytes); i++)
		printf("%02x", bytes[i]);
	printf("\ntime: %lld\nleft: %s\n", (long long)time(NULL), left ? "yes" : "no");
	if (nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL) == 0)
		printf("slept: ok\n");
	return put_file("/left", "left\n", 0644) || put_file("/tmp/left", "left\n", 0644);
}

static int out(const char *what, int orphan)
{
	int bad = 0;

	if (strcmp(what, "out") == 0) {
		FILE *big = fopen("/out/big.bin", "w");

		for (int i = 0; big && i < OUT_LINES; i++)
			fprintf(big, OUT_LINE, i);
		bad |= !big || fclose(big) != 0 || chmod("/out/big.bin", 0750) != 0;
		bad |= put_file("/out/small.txt", "small\n", 0644);
		bad |= mkdir("/out/sub", 0755) != 0 || mkdir("/out/sub/dir", 0700) != 0;
		bad |= put_file("/out/sub/dir/secret", "secret\n", 0600);
		bad |= symlink("sub/dir/secret", "/out/link") != 0 || mkfifo("/out/fifo", 0644) != 0;
		return check(!bad, "/out filled");
	}
	if (strcmp(what, "out-writer") == 0) {
		static char chunk[65536];
		int partial, opened[2];

		bad |= put_file("/out/done.txt", "done\n", 0644) || pipe(opened) != 0;
		/* "orphan": a child writes, and the program ends once the file is open. */
		if (!bad && orphan && fork() != 0) {
			close(opened[1]);
			return read(opened[0], chunk, 1) == 1 ? 0 : 1;
		}
		signal(SIGHUP, SIG_IGN);	/* as the orphans above */
		partial = open("/out/partial.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		/* Said before the parent may end: its end hangs up the terminal. */
		if (check(!bad && partial >= 0, "writing /out/partial.bin") == 0 &&
		    write(opened[1], "", 1) == 1)
			/* Round and round its first MiB, which never fills the memory. */
			for (long i = 0; pwrite(partial, chunk, sizeof(chunk),
						i % 16 * (long)sizeof(chunk)) >= 0; i++)
				;
		if (partial >= 0)
			close(partial);
		return 1;
	}
	if (strcmp(what, "out-hostile") == 0) {
		bad |= symlink("/etc/passwd", "/out/abs") != 0 || symlink("../../../etc", "/out/up") != 0;
		bad |= mknod("/out/null", S_IFCHR | 0666, makedev(1, 3)) != 0;
		bad |= mkdir("/out/sub", 0755) != 0 || symlink("sub", "/out/link") != 0;
		bad |= put_file("/out/sub/ok", "ok\n", 0644);
		return check(!bad, "/out made hostile");
	}
	if (strcmp(what, "out-nodisk") == 0) {
		bad |= unlink("/dev/vda") != 0 || put_file("/out/lost", "lost\n", 0644);
		return check(!bad, "the out disk removed") ? 1 : 5;
	}
	if (strcmp(what, "out-gone") == 0)
		return check(rmdir("/out") == 0, "/out removed");
	fprintf(stderr, "probe: unknown request '%s'\n", what);
	return 2;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(what, "exit") == 0 && argc > 2) {
		printf("exit %s\n", argv[2]);
		return (int)strtol(argv[2], NULL, 10);
	}
	if (strcmp(what, "segv") == 0) {
		int *volatile nowhere = NULL;	/* the compiler cannot know it stays NULL */

		/* cppcheck-suppress nullPointer ; on purpose */
		return *nowhere;	/* NOLINT(clang-analyzer-core.NullDereference): on purpose */
	}
	if (strcmp(what, "killself") == 0)
		return kill(getpid(), SIGKILL);
	if (strcmp(what, "args") == 0) {
		printf("argc: %d\n", argc);
		for (int i = 2; i < argc; i++) {
			printf("arg %d:", i - 2);
			for (const char *c = argv[i]; *c; c++)
				printf(" %02x", (unsigned char)*c);
			printf("\n");
		}
		return 0;
	}
	if (strcmp(what, "env") == 0) {
		for (char **e = environ; *e; e++)
			printf("env: %s\n", *e);
		return 0;
	}
	if (strcmp(what, "system") == 0)
		return system_checks();
	if (strcmp(what, "ordinary") == 0)
		return ordinary();
	if (strcmp(what, "fetch") == 0 && argc > 3)
		return fetch(argv[2], argv[3]);
	if (strcmp(what, "shares") == 0 && argc > 2)
		return shares(argv[2]);
	if (strcmp(what, "threads") == 0)
		return threads();
	if (strcmp(what, "fresh") == 0)
		return fresh();
	if (strcmp(what, "orphan") == 0) {
		if (fork() == 0) {
			if (fork() == 0) {
				signal(SIGHUP, SIG_IGN);
				sleep(60);
				printf("orphan: still here after 60 s\n");
			}
			_exit(0);
		}
		wait(NULL);
		printf("orphan: left a grandchild\n");
		return 7;
	}
	if (strcmp(what, "stubborn") == 0) {
		if (fork() == 0) {
			console = open("/dev/console", O_WRONLY | O_NOCTTY);
			signal(SIGHUP, SIG_IGN);
			signal(SIGTERM, say_ignoring);
			for (int i = 0; i < 60; i++)
				sleep(1);
			_exit(0);
		}
		sleep(1);	/* until the child has its handler */
		printf("stubborn: left a child\n");
		return 0;
	}
	if (strcmp(what, "sleep") == 0 && argc > 2) {
		sleep((unsigned)strtol(argv[2], NULL, 10));
		return 0;
	}
	if (strcmp(what, "read") == 0) {
		char line[256];

		printf("ready\n");
		if (!fgets(line, sizeof(line), stdin))
			return check(0, "read a line");
		printf("read: %s", line);
		return 0;
	}
	if (strcmp(what, "wait-int") == 0) {
		printf("ready\n");
		pause();
		return 0;
	}
	if (strncmp(what, "out", 3) == 0)
		return out(what, argc > 2 && strcmp(argv[2], "orphan") == 0);
	return streams(what, argc > 2 ? argv[2] : "0");
}
