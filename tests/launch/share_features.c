// SPDX-License-Identifier: MIT
/* share_features [DIR]: what the file system of DIR (default: the current folder)
 * lets a test suite do there, one line a feature, "name: ok" or "name: FAIL why"
 * (why: an errno name, or what differed), for comparing a shared folder of
 * nakedinit-run's (-w, -v) with the host's own file systems. It leaves in DIR what
 * the host checks after the run (tests/launch/share_features.sh): sf.mmap (a shared
 * mapping's bytes), sf.mode (mode 0754), sf.owned (chown 1234:1234), sf.link (a
 * symbolic link to sf.mode). With "host" after DIR, it also waits up to 10 s for
 * the host to answer sf.ping (host_sees). Exit status: 0, or 1 where a feature
 * failed.
 *
 * share_features bench DIR: a 50 MB file written, then read back 1 MiB a read;
 * 1,000 files of 1 KiB created (each open, write, close); prints
 *   read: MB/s, write: MB/s, create: files/s */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

static int failed, line;

/* A feature's line: why is NULL for ok, else errno's name when why is "". */
static void report(const char *name, const char *why)
{
	if (!why)
		printf("%s: ok\n", name);
	else
		printf("%s: FAIL %s%s%.0d\n", name, *why ? why : (strerrorname_np(errno) ?: "E?"),
		       *why ? "" : "@", *why ? 0 : line), failed = 1;
	fflush(stdout);
}

#define TRY(x)	do { if ((x) < 0) return line = __LINE__, ""; } while (0)
#define CHECK(c, why)	do { if (!(c)) return why; } while (0)

static const char *write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	TRY(fd);
	TRY(write(fd, text, strlen(text)));
	TRY(close(fd));
	return NULL;
}

/* Whether path holds exactly text. */
static const char *has(const char *path, const char *text)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	TRY(fd);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	TRY(n);
	buf[n] = '\0';
	CHECK(!strcmp(buf, text), "content");
	return NULL;
}

static const char *unix_socket(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "sf.sock" };
	int s = socket(AF_UNIX, SOCK_STREAM, 0), c, peer;
	char buf[8];

	unlink(a.sun_path);
	TRY(s);
	TRY(bind(s, (struct sockaddr *)&a, sizeof(a)));
	TRY(listen(s, 1));
	TRY(c = socket(AF_UNIX, SOCK_STREAM, 0));
	TRY(connect(c, (struct sockaddr *)&a, sizeof(a)));
	TRY(peer = accept(s, NULL, NULL));
	TRY(write(c, "hi", 2));
	CHECK(read(peer, buf, sizeof(buf)) == 2 && !memcmp(buf, "hi", 2), "bytes");
	close(c), close(peer), close(s);
	unlink(a.sun_path);
	return NULL;
}

static const char *fifo(void)
{
	int r, w;
	char buf[8];

	unlink("sf.fifo");
	TRY(mkfifo("sf.fifo", 0600));
	TRY(r = open("sf.fifo", O_RDONLY | O_NONBLOCK));
	TRY(w = open("sf.fifo", O_WRONLY));
	TRY(write(w, "hi", 2));
	CHECK(read(r, buf, sizeof(buf)) == 2 && !memcmp(buf, "hi", 2), "bytes");
	close(r), close(w);
	unlink("sf.fifo");
	return NULL;
}

static const char *tmpfile_link(void)
{
	char proc[64];
	int fd = open(".", O_TMPFILE | O_RDWR, 0644);

	TRY(fd);
	TRY(write(fd, "tmp", 3));
	unlink("sf.tmp");
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	TRY(linkat(AT_FDCWD, proc, AT_FDCWD, "sf.tmp", AT_SYMLINK_FOLLOW));
	close(fd);
	return has("sf.tmp", "tmp") ?: (unlink("sf.tmp"), NULL);
}

/* A copy of this program, sf.exe, which exits 42 when run as "child". */
static const char *copy_self(void)
{
	static char buf[1 << 16];
	int in = open("/proc/self/exe", O_RDONLY), out;
	ssize_t n;

	TRY(in);
	unlink("sf.exe");
	TRY(out = open("sf.exe", O_WRONLY | O_CREAT | O_TRUNC, 0755));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		TRY(write(out, buf, n));
	TRY(n);
	close(in);
	TRY(close(out));
	return NULL;
}

/* Runs sf.exe child: by path, or by fd (execveat, AT_EMPTY_PATH) if fd >= 0. */
static const char *run_child(int fd)
{
	int status, err[2];
	pid_t pid;

	TRY(pipe2(err, O_CLOEXEC));
	TRY(pid = fork());
	if (pid == 0) {
		char *argv[] = { "sf.exe", "child", NULL };

		if (fd >= 0)
			syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
		else
			execv("./sf.exe", argv);
		int e = errno;
		write(err[1], &e, sizeof(e));
		_exit(127);
	}
	close(err[1]);
	if (read(err[0], &errno, sizeof(errno)) == sizeof(errno)) {
		int e = errno;
		close(err[0]);
		waitpid(pid, &status, 0);
		errno = e;
		return line = __LINE__, "";
	}
	close(err[0]);
	TRY(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "status");
	return NULL;
}

static const char *exec_plain(void)
{
	return copy_self() ?: run_child(-1);
}

static const char *exec_unlinked(void)
{
	const char *why = copy_self();
	int fd;

	if (why)
		return why;
	TRY(fd = open("sf.exe", O_RDONLY | O_CLOEXEC));
	TRY(unlink("sf.exe"));
	why = run_child(fd);
	close(fd);
	return why;
}

static const char *exec_fd(void)
{
	const char *why = copy_self();
	int fd;

	if (why)
		return why;
	TRY(fd = open("sf.exe", O_RDONLY | O_CLOEXEC));
	why = run_child(fd);
	close(fd);
	unlink("sf.exe");
	return why;
}

static const char *unlinked_open(void)
{
	char buf[8];
	struct stat st;
	int fd = open("sf.gone", O_RDWR | O_CREAT | O_TRUNC, 0644);

	TRY(fd);
	TRY(unlink("sf.gone"));
	TRY(write(fd, "abc", 3));
	TRY(fstat(fd, &st));
	CHECK(st.st_size == 3, "size");
	CHECK(st.st_nlink == 0, "nlink");
	TRY(ftruncate(fd, 2));
	CHECK(pread(fd, buf, sizeof(buf), 0) == 2, "read");
	close(fd);
	return NULL;
}

static const char *rename_over(void)
{
	const char *why = write_file("sf.a", "new") ?: write_file("sf.b", "old");
	int fd;

	if (why)
		return why;
	TRY(fd = open("sf.b", O_RDONLY));
	TRY(rename("sf.a", "sf.b"));
	CHECK(access("sf.a", F_OK) < 0 && errno == ENOENT, "old name");
	why = has("sf.b", "new");
	char buf[8] = "";
	CHECK(read(fd, buf, sizeof(buf)) == 3 && !memcmp(buf, "old", 3), "open file");
	close(fd);
	unlink("sf.b");
	return why;
}

static const char *hard_link(void)
{
	const char *why = write_file("sf.h1", "one");
	struct stat a, b;
	int fd;

	if (why)
		return why;
	unlink("sf.h2");
	TRY(link("sf.h1", "sf.h2"));
	TRY(fd = open("sf.h1", O_WRONLY | O_APPEND));
	TRY(write(fd, "+", 1));
	close(fd);
	if ((why = has("sf.h2", "one+")))
		return why;
	TRY(stat("sf.h1", &a));
	TRY(stat("sf.h2", &b));
	CHECK(a.st_nlink == 2 && b.st_nlink == 2, "st_nlink");
	CHECK(a.st_ino == b.st_ino, "st_ino");
	unlink("sf.h2");
	TRY(stat("sf.h1", &a));
	CHECK(a.st_nlink == 1, "st_nlink after unlink");
	unlink("sf.h1");
	return NULL;
}

/* Runs try in a child: its status (0 if it was refused as it should be). */
static const char *in_child(int (*try)(void))
{
	int status;
	pid_t pid;

	TRY(pid = fork());
	if (pid == 0)
		_exit(try());
	TRY(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status), "child");
	switch (WEXITSTATUS(status)) {
	case 0: return NULL;
	case 1: return "not exclusive";
	default: return "child's open";
	}
}

static int flock_other(void)
{
	int fd = open("sf.lock", O_RDWR);

	if (fd < 0)
		return 2;
	return flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK ? 0 : 1;
}

static int fcntl_other(void)
{
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 10 };
	int fd = open("sf.lock", O_RDWR);

	if (fd < 0)
		return 2;
	int bad = fcntl(fd, F_GETLK, &l) < 0 || l.l_type != F_WRLCK || l.l_pid != getppid();

	l.l_type = F_WRLCK;
	bad = bad || !(fcntl(fd, F_SETLK, &l) < 0 && (errno == EAGAIN || errno == EACCES));
	close(fd);
	return bad;
}

static const char *lock_flock(void)
{
	const char *why = write_file("sf.lock", "");
	int fd;

	if (why)
		return why;
	TRY(fd = open("sf.lock", O_RDWR));
	TRY(flock(fd, LOCK_EX));
	why = in_child(flock_other);
	close(fd);
	return why;
}

static const char *lock_fcntl(void)
{
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 10 };
	const char *why = write_file("sf.lock", "");
	int fd;

	if (why)
		return why;
	TRY(fd = open("sf.lock", O_RDWR));
	TRY(fcntl(fd, F_SETLK, &l));
	why = in_child(fcntl_other);
	close(fd);
	unlink("sf.lock");
	return why;
}

/* Written through a shared mapping, then unmapped without msync: the host reads
 * it after the run. */
static const char *mmap_shared(void)
{
	int fd = open("sf.mmap", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char *p, buf[16] = "";

	TRY(fd);
	TRY(ftruncate(fd, 4096));
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "");
	memcpy(p, "mapped bytes\n", 13);
	TRY(munmap(p, 4096));
	TRY(pread(fd, buf, 13, 0));
	close(fd);
	CHECK(!memcmp(buf, "mapped bytes\n", 13), "read after munmap");
	return NULL;
}

static const char *modes(void)
{
	struct stat st;

	umask(0);
	unlink("sf.mode");
	const char *why = write_file("sf.mode", "mode");
	if (why)
		return why;
	TRY(chmod("sf.mode", 0754));
	TRY(stat("sf.mode", &st));
	CHECK((st.st_mode & 07777) == 0754, "chmod");
	rmdir("sf.dir");
	TRY(mkdir("sf.dir", 0701));
	TRY(stat("sf.dir", &st));
	CHECK((st.st_mode & 07777) == 0701, "mkdir mode");
	rmdir("sf.dir");
	return NULL;
}

static const char *owner(void)
{
	struct stat st;
	const char *why = write_file("sf.owned", "owned");

	if (why)
		return why;
	TRY(chown("sf.owned", 1234, 1234));
	TRY(stat("sf.owned", &st));
	CHECK(st.st_uid == 1234 && st.st_gid == 1234, "stat after chown");
	return NULL;
}

static const char *symlinks(void)
{
	char buf[64];
	ssize_t n;

	unlink("sf.link");
	TRY(symlink("sf.mode", "sf.link"));
	TRY(n = readlink("sf.link", buf, sizeof(buf)));
	CHECK(n == 7 && !memcmp(buf, "sf.mode", 7), "readlink");
	return has("sf.link", "mode");
}

static const char *xattr(void)
{
	char buf[8];

	TRY(write_file("sf.x", "x") ? -1 : 0);
	TRY(setxattr("sf.x", "user.sf", "v", 1, 0));
	CHECK(getxattr("sf.x", "user.sf", buf, sizeof(buf)) == 1, "getxattr");
	unlink("sf.x");
	return NULL;
}

/* The host (tests/launch/share_features.sh) answers sf.ping: appends to sf.seen,
 * which this program has read before, and makes sf.pong. */
static const char *host_sees(void)
{
	char buf[64];
	const char *why = write_file("sf.seen", "before\n");
	int fd;

	if (why)
		return why;
	TRY(fd = open("sf.seen", O_RDONLY));
	TRY(read(fd, buf, sizeof(buf)));
	close(fd);
	TRY(write_file("sf.ping", "ping") ? -1 : 0);
	for (int i = 0; i < 100 && access("sf.pong", F_OK) < 0; i++)
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	TRY(access("sf.pong", F_OK));
	why = has("sf.seen", "before\nafter\n");
	unlink("sf.ping"), unlink("sf.pong"), unlink("sf.seen");
	return why;
}

static long now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static int bench(const char *dir)
{
	static char buf[1 << 20];
	long start, n, total = 0;
	char name[64];
	int fd;

	if (chdir(dir) < 0)
		return perror(dir), 1;
	memset(buf, 'x', sizeof(buf));
	start = now_us();
	if ((fd = open("sf.big", O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		return perror("sf.big"), 1;
	for (int i = 0; i < 50; i++)
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			return perror("write"), 1;
	close(fd);
	printf("write: %.1f MB/s\n", 50.0 * (1 << 20) / (double)(now_us() - start));
	start = now_us();
	if ((fd = open("sf.big", O_RDONLY)) < 0)
		return perror("sf.big"), 1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	close(fd);
	printf("read: %.1f MB/s\n", (double)total / (double)(now_us() - start));
	unlink("sf.big");
	mkdir("sf.small", 0755);
	start = now_us();
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "sf.small/%d", i);
		if ((fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 || write(fd, buf, 1024) != 1024)
			return perror(name), 1;
		close(fd);
	}
	printf("create: %.0f files/s\n", 1000.0 * 1000000 / (double)(now_us() - start));
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "sf.small/%d", i);
		unlink(name);
	}
	rmdir("sf.small");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		const char *(*fn)(void);
	} features[] = {
		{ "unix_socket", unix_socket }, { "fifo", fifo }, { "tmpfile_link", tmpfile_link },
		{ "exec_plain", exec_plain }, { "exec_fd", exec_fd }, { "exec_unlinked", exec_unlinked },
		{ "unlinked_open", unlinked_open }, { "rename_over", rename_over },
		{ "hard_link", hard_link }, { "flock", lock_flock }, { "fcntl_lock", lock_fcntl },
		{ "mmap_shared", mmap_shared }, { "modes", modes }, { "chown", owner },
		{ "symlink", symlinks }, { "xattr", xattr },
	};

	if (argc == 2 && !strcmp(argv[1], "child"))
		return 42;
	if (argc == 3 && !strcmp(argv[1], "bench"))
		return bench(argv[2]);
	if (argc > 1 && chdir(argv[1]) < 0)
		return perror(argv[1]), 1;
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		errno = 0;
		report(features[i].name, features[i].fn());
	}
	if (argc > 2 && !strcmp(argv[2], "host")) {
		errno = 0;
		report("host_sees", host_sees());
	}
	return failed;
}
