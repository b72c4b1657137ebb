// SPDX-License-Identifier: MIT
/* launch: a PID 1 that hosts one program, as `docker run` hosts one in a container.
 *
 * It mounts /dev, /proc and /sys (and what a distribution mounts besides: cgroup
 * v2 with its controllers enabled, mqueue, hugetlbfs), brings the loopback network
 * up, takes the host's time and random bytes, sets the host name, reads what to
 * run from the argument file the kernel command line names after "--"
 * (src/lib/argfile.h; written by tools/nakedinit-run), mounts the folders the host
 * shares, and starts the program in its folder, as a shell starts a command: in a
 * process group of its own, in the session the launcher leads. The word after the
 * argument file's path says what the program's stdin, stdout and stderr are, one
 * letter each: 'p' a pipe, whose bytes the launcher carries to or from the
 * stream's own virtio-serial port (nakedinit.stdin, nakedinit.stdout,
 * nakedinit.stderr: raw bytes, carried to the host's fd as they are), 't' the
 * terminal on hvc0 (a virtconsole), the launcher's controlling terminal, whose
 * foreground process group the program's is. The kernel's console is neither: it
 * is the host's log.
 * That word is "warm" for a warm start (tools/nakedinit-run, README "Warm
 * starts"): the launcher, booted once, says so and waits on the port
 * nakedinit.load, where the host saves the machine; restored for each run, it
 * gets the run's files there instead of in the initrd, and the streams' letters.
 * It reaps every process that ends, orphans included. When the program ends, or
 * its time is up, it runs src/copyout.c where the initrd holds it (-o: /out to
 * the host), then stops whatever is left (SIGTERM, a grace period, SIGKILL),
 * syncs, carries what the pipes still hold, says how the program ended where it
 * must (killed by a signal, out of time), "nakedinit: exit N" on the console, writes N to the port
 * nakedinit.result, which it alone holds (a port opens once at a time), and
 * powers off. The host takes the result from that port only: nothing the
 * program prints can forge it. N follows docker run: the
 * program's exit status; 128 + N when signal N killed it; 127 when it was not
 * found, 126 when it could not be executed; 125 when the launcher itself failed;
 * 124 when its time ran out (README, "Run your own program").
 *
 * PID 1 must never exit (the kernel panics when it does), so every path ends in
 * power_off(). It blocks every signal and learns of ended children from a
 * signalfd: no handlers, no races between a signal and a wait. All state lives on
 * the stack: the linker script allows no writable globals.
 */
#include "lib/argfile.h"
#include "lib/fmt.h"
#include "lib/newc.h"
#include "sys.h"

enum result {
	RESULT_NONE = -1,	/* the program is running, or ended by itself */
	RESULT_TIMEOUT = 124,
	RESULT_LAUNCH_FAILED = 125,
	RESULT_CANNOT_EXECUTE = 126,
	RESULT_NOT_FOUND = 127,
	RESULT_SIGNAL_BASE = 128,	/* + the number of the signal that killed it */
};

/* How long what is left of the program may take to end after SIGTERM. */
#define GRACE_SECONDS	1
/* The kernel adds the virtio-serial ports as QEMU announces them, which may be
 * after /init starts: look for them this often, this many times (5 s in all). */
#define PORT_WAIT_NS	10000000
#define PORT_WAIT_TRIES	500
#define PORTS		"/sys/class/virtio-ports"
#define PORT_STATS	"/sys/kernel/debug/virtio-ports"	/* debugfs: bytes_sent */
#define TAG_PREFIX	"nakedinit."	/* QEMU's names for ports and shares */
#define TERMINAL	"/dev/hvc0"
#define STREAMS		3	/* stdin, stdout, stderr */
/* The launcher's own descriptors sit at fixed numbers, so that any function can
 * reach them without a global (the linker script allows no writable one): the
 * result port, and the program's streams, which the child moves to 0, 1 and 2.
 * Until one is open, a write to it fails (EBADF) and changes nothing. */
#define RESULT_FD	10
#define STREAM_FD	11	/* + 0, 1, 2: the program's ends, until it has them */
#define LOAD_FD		14	/* a warm start's port, nakedinit.load */
#define PORT_FD		15	/* + 0, 1, 2: the stream's port, or the terminal */
#define RELAY_FD	18	/* + 0, 1, 2: the launcher's end of a stream's pipe */
#define ERR_FD		21	/* where tell() writes: stderr's port, or the terminal */
#define KEPT_FD		22	/* a kept guest's run: from its worker, a pipe */
#define KEPT_UP_FD	23	/* and to it, for the result */
#define KEPT_SYNC_FD	24	/* the same, until the namespaces are made */
#define WARM		"warm"
#define SEED_BYTES	32	/* from the host, for the random generator */
#define NOT_PID1	"nakedinit: refusing: not PID 1\n"
/* tools/nakedinit-run -o puts it in the initrd: it copies /out to the host. */
#define COPYOUT		"/nakedinit.copyout"

/* What it mounts, and where, in order: "fstype\0target\0" each; the source is
 * the fstype. devtmpfs first: the kernel may have mounted it already (EBUSY).
 * /tmp and /run are folders of the root, the kernel's tmpfs: what the initrd puts
 * there (the program at its own path, README "Where the program is") stays seen. */
#define MOUNTS	"devtmpfs\0/dev\0proc\0/proc\0sysfs\0/sys\0debugfs\0/sys/kernel/debug\0"
/* And what every system has, which a kernel given with -k may lack (the console
 * says so, and the program runs): pseudo-terminals (posix_openpt opens /dev/ptmx,
 * which finds its devpts at /dev/pts) and POSIX shared memory. */
#define ORDINARY_MOUNTS	"devpts\0/dev/pts\0tmpfs\0/dev/shm\0" \
	"cgroup2\0/sys/fs/cgroup\0mqueue\0/dev/mqueue\0hugetlbfs\0/dev/hugepages\0"
/* The controllers a distribution's init enables for the groups a program makes under
 * /sys/fs/cgroup (cgroup v2 enables none by itself); those the kernel lacks, it
 * refuses all at once (ENOENT), and then a group gets none. */
#define CGROUP_CONTROL	"/sys/fs/cgroup/cgroup.subtree_control"
#define CGROUP_CONTROLLERS	"+cpu +cpuset +io +memory +pids"
/* The links an ordinary /dev has besides its devices (udev makes them):
 * "target\0link\0" each. Shells open /dev/stdin, /dev/fd/N for <(...). */
#define DEV_LINKS	"/proc/self/fd\0/dev/fd\0/proc/self/fd/0\0/dev/stdin\0" \
	"/proc/self/fd/1\0/dev/stdout\0/proc/self/fd/2\0/dev/stderr\0"
/* Shared folders (tools/nakedinit-run -v, -w): the host's folders, each served by
 * a 9p device of QEMU's (mount tag TAG_PREFIX + N); msize: at most what one
 * request of the virtio transport carries (its ring of 128 pages), for fewer,
 * larger requests; cache=mmap: no cache but for mmap(2), so a shared writable
 * mapping works, and what the host changes is seen at once. */
#define SHARE_OPTIONS	"trans=virtio,version=9p2000.L,msize=512000,cache=mmap"
#define HOSTNAME	"/etc/hostname"

/* One write(2) per line, so kernel messages cannot land inside it. On the
 * console (the host's log) only. */
static void say(const char *what, const char *detail, long err)
{
	char line[LINE_SIZE];

	sys_write(1, line, format_line(line, what, detail, err));
}

/* Writes all of buf to fd, which may be non-blocking (a port): waits for room
 * when it has none. Returns 0, or the error. */
static long write_all(int fd, const char *buf, unsigned long size)
{
	struct pollfd room = { .fd = fd, .events = POLLOUT };

	while (size) {
		long n = sys_write(fd, buf, size);

		if (n == -EAGAIN || n == -EINTR) {
			sys_ppoll(&room, 1, NULL, NULL);
			continue;
		}
		if (n < 0)
			return n;
		buf += n;
		size -= (unsigned long)n;
	}
	return 0;
}

/* A line the user must see (why the program could not run, how it ended): on the
 * console, and where the program's stderr goes once that is open. */
static void tell(const char *what, const char *detail, long err)
{
	char line[LINE_SIZE];
	unsigned long length = format_line(line, what, detail, err);

	sys_write(1, line, length);
	write_all(ERR_FD, line, length);
}

static int same_text(const char *a, const char *b, unsigned long length)
{
	while (length && *a == *b) {
		a++;
		b++;
		length--;
	}
	return length == 0;
}

/* The device of the port QEMU named name: the folder of /sys/class/virtio-ports
 * whose name file holds it ("vport1p2"), as "/dev/vport1p2" in dev; 0, or -ENOENT
 * while there is none. */
static long find_port(const char *name, char dev[sizeof("/dev/") + NAME_MAX])
{
	unsigned long long records[64];	/* struct linux_dirent64, aligned */
	char path[sizeof(PORTS "//name") + NAME_MAX], text[64];
	long dir = sys_openat(AT_FDCWD, PORTS, O_RDONLY | O_CLOEXEC, 0), n, found = -ENOENT;
	unsigned long length = put_str(text, name) - text;

	if (dir < 0)
		return dir;
	while (found < 0 && (n = sys_getdents64((int)dir, records, sizeof(records))) > 0) {
		for (long at = 0, step; at < n && found < 0; at += step) {
			const struct linux_dirent64 *e = (const void *)((const char *)records + at);
			char got[sizeof(text)];
			long fd, size;

			step = e->d_reclen;
			if (e->d_name[0] == '.')
				continue;
			*put_str(put_str(put_str(path, PORTS "/"), e->d_name), "/name") = '\0';
			fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
			if (fd < 0)
				continue;
			size = sys_read((int)fd, got, sizeof(got));
			sys_close((int)fd);
			/* The kernel ends the name with a newline. */
			if (size == (long)length + 1 && same_text(got, text, length) && got[length] == '\n') {
				*put_str(put_str(dev, "/dev/"), e->d_name) = '\0';
				found = 0;
			}
		}
	}
	sys_close((int)dir);
	return found;
}

/* The bytes the port TAG_PREFIX + name has sent: its debugfs file's "bytes_sent: N"
 * line; 0 where there is no such port (a stream that is the terminal). */
static unsigned long bytes_sent(const char *name)
{
	char port[sizeof(TAG_PREFIX) + 16], dev[sizeof("/dev/") + NAME_MAX];
	char path[sizeof(PORT_STATS "/") + NAME_MAX], text[512];
	unsigned long size, sent = 0;
	long fd, n;

	*put_str(put_str(port, TAG_PREFIX), name) = '\0';
	if (find_port(port, dev) < 0)
		return 0;
	*put_str(put_str(path, PORT_STATS "/"), dev + sizeof("/dev/") - 1) = '\0';
	fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
	n = fd < 0 ? fd : sys_read((int)fd, text, sizeof(text) - 1);
	if (fd >= 0)
		sys_close((int)fd);
	size = n > 0 ? (unsigned long)n : 0;
	text[size] = '\0';
	for (const char *at = text; *at; at++)
		if (same_text(at, "\nbytes_sent: ", 13)) {
			for (at += 13; *at >= '0' && *at <= '9'; at++)
				sent = sent * 10 + (unsigned long)(*at - '0');
			break;
		}
	return sent;
}

/* The result goes to the host as "N OUT ERR\n": OUT and ERR the bytes the stdout
 * and stderr ports have sent. A write to a port returns as soon as its bytes are
 * queued, and the host drops what is still queued when the machine powers off:
 * the host answers once it has all OUT and ERR bytes, and only then is it safe. */
static _Noreturn void power_off(int result)
{
	char code[4], report[3 * 21 + 1], *end, answer;

	*put_decimal(code, (unsigned long)result) = '\0';
	say("exit ", code, 0);
	/* A kept guest's run: its worker reports (kept_run). */
	if (sys_fcntl(KEPT_FD, F_GETFD, 0) >= 0) {
		code[0] = (char)result;
		sys_write(KEPT_UP_FD, code, 1);
		sys_exit_group(result);
	}
	end = put_str(put_str(report, code), " ");
	end = put_str(put_decimal(end, bytes_sent("stdout")), " ");
	end = put_str(put_decimal(end, bytes_sent("stderr")), "\n");
	if (sys_write(RESULT_FD, report, (unsigned long)(end - report)) > 0)
		sys_read(RESULT_FD, &answer, 1);
	/* For PID 1 this does not return: the kernel powers off, or halts where it
	 * cannot. Only a process without CAP_SYS_BOOT gets an error back. */
	sys_reboot(REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_POWER_OFF, NULL);
	for (;;)	/* Should it return anyway, halt without exiting: block forever. */
		sys_ppoll(NULL, 0, NULL, NULL);
}

static _Noreturn void fail(const char *what, const char *detail, long err)
{
	tell(what, detail, err);
	power_off(RESULT_LAUNCH_FAILED);
}

/* Makes folder path, and those it is in, as mkdir -p does: 0, or a negative errno. */
static long make_folders(const char *path)
{
	char prefix[PATH_MAX];
	unsigned long length = 0;
	long err = 0;

	for (; path[length]; length++)
		if (length + 1 == sizeof(prefix))
			return -ENAMETOOLONG;
	for (unsigned long i = 1; i <= length && (err == 0 || err == -EEXIST); i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		for (unsigned long j = 0; j < i; j++)
			prefix[j] = path[j];
		prefix[i] = '\0';
		err = sys_mkdirat(AT_FDCWD, prefix, 0755);
	}
	return err == -EEXIST ? 0 : err;
}

/* Mounts each of list (MOUNTS' format); a failure stops the launcher if required. */
static void mount_filesystems(const char *list, int required)
{
	char detail[LINE_DETAIL_MAX];

	for (const char *type = list, *target; *type; type = target) {
		long err;

		for (target = type; *target++;)
			;
		err = make_folders(target);
		if (err == 0)
			err = sys_mount(type, target, type, 0, NULL);
		/* EBUSY: it is mounted there already, which is just as good. */
		if (err < 0 && err != -EBUSY) {
			*put_str(put_str(put_str(detail, type), " on "), target) = '\0';
			if (required)
				fail("mount ", detail, err);
			say("not mounted: ", detail, err);
		}
		while (*target++)
			;
	}
}

static void make_dev_links(void)
{
	for (const char *target = DEV_LINKS, *link; *target; target = link) {
		long err;

		for (link = target; *link++;)
			;
		err = sys_symlinkat(target, AT_FDCWD, link);
		if (err < 0 && err != -EEXIST)
			fail("symlink ", link, err);
		while (*link++)
			;
	}
}

static void enable_controllers(void)
{
	long fd = sys_openat(AT_FDCWD, CGROUP_CONTROL, O_WRONLY | O_CLOEXEC, 0), err = fd;

	if (fd >= 0) {
		err = sys_write((int)fd, CGROUP_CONTROLLERS, sizeof(CGROUP_CONTROLLERS) - 1);
		sys_close((int)fd);
	}
	if (err < 0)
		say("cgroup controllers not enabled: ", CGROUP_CONTROL, err);
}

/* The host name HOSTNAME gives, as an ordinary system's start-up sets it; without
 * the file, the kernel's "(none)". */
static void set_hostname(void)
{
	char name[65];	/* the kernel's limit, 64, and the newline */
	long fd = sys_openat(AT_FDCWD, HOSTNAME, O_RDONLY | O_CLOEXEC, 0), n, err;

	if (fd < 0)
		return;
	n = sys_read((int)fd, name, sizeof(name));
	sys_close((int)fd);
	if (n > 0 && name[n - 1] == '\n')
		n--;
	err = n > 0 ? sys_sethostname(name, (unsigned long)n) : -EINVAL;
	if (err < 0)
		say("hostname not set: ", HOSTNAME, err);
}

/* The shared folders, each where the argument file says; nodev: a device node in
 * one opens none of the guest's devices. A read-only one is read-only on the host
 * too (QEMU's readonly): mounting it again read-write writes nothing. */
static void mount_shares(const struct argfile *args)
{
	char tag[sizeof(TAG_PREFIX) + 20], detail[LINE_DETAIL_MAX];

	for (unsigned long i = 0; i < args->shares; i++) {
		const struct share *share = &args->share[i];
		long err = make_folders(share->guest);

		*put_decimal(put_str(tag, TAG_PREFIX), i) = '\0';
		if (err == 0)
			err = sys_mount(tag, share->guest, "9p", MS_NODEV | (share->read_only ? MS_RDONLY : 0),
					SHARE_OPTIONS);
		if (err < 0) {
			*put_clipped(put_str(put_str(detail, tag), " on "), share->guest, 128) = '\0';
			fail("mount share ", detail, err);
		}
	}
}

/* Brings the loopback device up, as every system does before its programs start:
 * the kernel then gives it 127.0.0.1 (and ::1). Any socket takes the device
 * ioctls; a Unix one needs no more of the kernel than the launcher has. Without
 * it (a kernel with no network, -k), the console says so and the program runs. */
static void bring_up_loopback(void)
{
	struct ifreq lo = { .ifr_name = "lo" };
	long fd = sys_socket(AF_UNIX, SOCK_DGRAM | O_CLOEXEC, 0), err;

	if (fd < 0) {
		err = fd;
	} else {
		err = sys_ioctl((int)fd, SIOCGIFFLAGS, (unsigned long)&lo);
		lo.ifr_flags |= IFF_UP;
		if (err == 0)
			err = sys_ioctl((int)fd, SIOCSIFFLAGS, (unsigned long)&lo);
		sys_close((int)fd);
	}
	if (err < 0)
		say("no loopback network: ", "lo", err);
}

/* Reads all of a file into buf, at most size bytes; returns how many, or fails,
 * naming it; size + 1 means it is larger. */
static unsigned long read_file(const char *path, char *buf, unsigned long size)
{
	unsigned long got = 0;
	long fd, n;

	fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		fail("open ", path, fd);
	do {
		n = sys_read((int)fd, buf + got, size + 1 - got);
		if (n < 0)
			fail("read ", path, n);
		got += (unsigned long)n;
	} while (n && got <= size);
	sys_close((int)fd);
	return got;
}

/* Opens TAG_PREFIX + name (or, for name NULL, the terminal) as descriptor
 * target, waiting for it to appear; fails, naming it, if it does not. */
static void open_stream(const char *name, int flags, int target)
{
	char port[sizeof(TAG_PREFIX) + 16], dev[sizeof("/dev/") + NAME_MAX];
	const char *path = TERMINAL;
	long fd = -ENOENT;

	*put_str(put_str(port, TAG_PREFIX), name ? name : "") = '\0';
	for (int tries = 0; fd < 0 && tries < PORT_WAIT_TRIES; tries++) {
		struct timespec pause = { 0, PORT_WAIT_NS };

		if (tries)
			sys_ppoll(NULL, 0, &pause, NULL);
		if (name && (fd = find_port(port, dev)) < 0)
			continue;
		if (name)
			path = dev;
		fd = sys_openat(AT_FDCWD, path, flags | O_NOCTTY | O_CLOEXEC, 0);
		/* Found before devtmpfs made its node, or its tty not yet registered. */
		if (fd == -ENOENT || fd == -ENODEV || fd == -ENXIO)
			continue;
		if (fd < 0)
			fail("open ", path, fd);
	}
	if (fd < 0)
		fail(name ? "no virtio-serial port " : "no terminal ", name ? port : path, fd);
	if (fd != target) {
		long moved = sys_dup3((int)fd, target, O_CLOEXEC);

		if (moved < 0)
			fail("dup3 ", path, moved);
		sys_close((int)fd);
	}
}

/* The host's time, and its random bytes mixed into the generator's state, which
 * then reseeds: asked "time\n" on the result port, the host answers 16 + 8 + 64
 * hex digits: seconds, nanoseconds, 32 bytes. A booted guest has no clock worth the
 * name (aarch64's kernel has no RTC driver) and, for a while, too little entropy
 * for getrandom(2) to return; a restored one, the saved machine's. */
static void take_time_and_seed(void)
{
	char answer[16 + 8 + 2 * SEED_BYTES];
	struct rand_pool_info seed = { SEED_BYTES * 8, SEED_BYTES, { 0 } };
	struct timespec now;
	long long value;
	long fd, err;

	if (sys_write(RESULT_FD, "time\n", 5) != 5)
		fail("cannot ask the host's time on ", TAG_PREFIX "result", 0);
	for (unsigned long got = 0, n; got < sizeof(answer); got += n)
		if ((long)(n = (unsigned long)sys_read(RESULT_FD, answer + got, sizeof(answer) - got)) <= 0)
			fail("no time from the host on ", TAG_PREFIX "result", (long)n);
	now.tv_sec = parse_hex(answer, 16);
	value = parse_hex(answer + 16, 8);
	for (int i = 0; i < SEED_BYTES / 4; i++) {
		long long word = parse_hex(answer + 24 + 8L * i, 8);

		seed.buf[i] = (unsigned int)word;
		if (word < 0)
			value = -1;
	}
	if (now.tv_sec < 0 || value < 0 || value >= 1000000000)
		fail("the host's time and seed are not hex digits", "", 0);
	now.tv_nsec = (long)value;
	err = sys_clock_settime(CLOCK_REALTIME, &now);
	if (err < 0)
		fail("clock_settime", "", err);
	fd = sys_openat(AT_FDCWD, "/dev/urandom", O_WRONLY | O_CLOEXEC, 0);
	err = fd < 0 ? fd : sys_ioctl((int)fd, RNDADDENTROPY, (unsigned long)&seed);
	/* Not ready yet (-ENODATA), it takes the bytes as it becomes ready. */
	if (err == 0 && (err = sys_ioctl((int)fd, RNDRESEEDCRNG, 0)) == -ENODATA)
		err = 0;
	if (fd >= 0)
		sys_close((int)fd);
	if (err < 0)
		fail("seeding /dev/urandom", "", err);
}

/* --- a warm start ------------------------------------------------------------
 * Booted with "warm" for the streams, the launcher writes "ready\n" on the port
 * nakedinit.load and waits: the host saves the machine there (tools/runvm.c -S).
 * Restored for a run (runvm -W), it reads, on that port:
 *   8 hex digits   the size of a newc archive: the run's files, as a cold start's
 *                  initrd has them but for /init, which is the launcher already
 *   3 letters      the streams (see the top)
 *   the archive
 * Until take_time_and_seed, the clock and the random generator are the saved
 * machine's, the same in every run. */
#define COPY_CHUNK	16384

/* Reads size bytes of the load port into buf, or fails. */
static void load(void *buf, unsigned long size)
{
	for (unsigned long got = 0; got < size;) {
		long n = sys_read(LOAD_FD, (char *)buf + got, size - got);

		if (n <= 0)
			fail("warm start: the load port ended early", "", n);
		got += (unsigned long)n;
	}
}

/* Reads size bytes of the load port, and drops them. */
static void skip(unsigned long size)
{
	char scratch[64];

	for (unsigned long n; size; size -= n) {
		n = size < sizeof(scratch) ? size : sizeof(scratch);
		load(scratch, n);
	}
}

/* What the saved guest has at name, a command of its own (/bin/sh, a link to
 * BusyBox) that a file of the run replaces, as the kernel's unpacking replaces it
 * in a cold start: removed. Returns whether it was. */
static int replaced(const char *name)
{
	return sys_unlinkat(AT_FDCWD, name, 0) == 0;
}

/* One entry of the archive, its header's fields given, as the kernel unpacks an
 * initrd: mode, owner and time. A folder or device node that is there already
 * (/dev and its console, what the launcher mounted on) stays as it is, as the
 * filesystem mounted there hides the initrd's in a cold start. Returns the bytes
 * of data and padding it took. */
static unsigned long unpack_entry(const char *name, const unsigned long *field, unsigned long at)
{
	const unsigned long mode = field[NEWC_MODE], size = field[NEWC_FILESIZE];
	const struct timespec times[2] = { { (long)field[NEWC_MTIME], 0 }, { (long)field[NEWC_MTIME], 0 } };
	char data[COPY_CHUNK];
	long err = 0, fd;

	switch (mode & S_IFMT) {
	case S_IFREG:
		fd = sys_openat(AT_FDCWD, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -EEXIST && replaced(name))
			fd = sys_openat(AT_FDCWD, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0)
			fail("warm start: create ", name, fd);
		for (unsigned long left = size, n; left; left -= n) {
			n = left < sizeof(data) ? left : sizeof(data);
			load(data, n);
			if ((err = sys_write((int)fd, data, n)) != (long)n)
				fail("warm start: write ", name, err < 0 ? err : -ENOSPC);
		}
		sys_close((int)fd);
		err = 0;
		break;
	case S_IFLNK:
		if (size >= PATH_MAX)
			fail("warm start: a link's target is too long: ", name, 0);
		load(data, size);
		data[size] = '\0';
		err = sys_symlinkat(data, AT_FDCWD, name);
		if (err == -EEXIST && replaced(name))
			err = sys_symlinkat(data, AT_FDCWD, name);
		break;
	case S_IFDIR:
		if ((err = sys_mkdirat(AT_FDCWD, name, 0700)) == -EEXIST)
			return 0;
		break;
	default:	/* device nodes, FIFOs, sockets */
		err = sys_mknodat(AT_FDCWD, name, (unsigned int)mode,
				  MAKE_DEV((unsigned int)field[NEWC_RDEVMAJOR], (unsigned int)field[NEWC_RDEVMINOR]));
		if (err == -EEXIST)
			return 0;
	}
	if (err == 0)
		err = sys_fchownat(AT_FDCWD, name, (unsigned int)field[NEWC_UID], (unsigned int)field[NEWC_GID],
				   AT_SYMLINK_NOFOLLOW);
	/* After the owner: chown takes a file's set-user-ID bit away. */
	if (err == 0 && (mode & S_IFMT) != S_IFLNK)
		err = sys_fchmodat(AT_FDCWD, name, (unsigned int)mode & 07777);
	if (err == 0 && (mode & S_IFMT) != S_IFDIR)
		err = sys_utimensat(AT_FDCWD, name, times, AT_SYMLINK_NOFOLLOW);
	if (err < 0)
		fail("warm start: unpack ", name, err);
	if ((mode & S_IFMT) != S_IFREG && (mode & S_IFMT) != S_IFLNK && size)
		skip(size);
	skip(newc_padding(at + size));
	return size + newc_padding(at + size);
}

/* The archive of size bytes on the load port, into /. */
static void unpack_archive(unsigned long size)
{
	char header[NEWC_HEADER], name[PATH_MAX + 4];
	unsigned long field[NEWC_FIELDS], at = 0;

	for (;;) {
		unsigned long name_size;

		if (size - at < NEWC_HEADER)
			fail("warm start: the archive ends before its trailer", "", 0);
		load(header, NEWC_HEADER);
		if (parse_newc_header(header, field) < 0)
			fail("warm start: not a newc header in the archive", "", 0);
		name_size = field[NEWC_NAMESIZE];
		at += NEWC_HEADER;
		if (name_size == 0 || name_size > PATH_MAX ||
		    name_size + newc_padding(at + name_size) + field[NEWC_FILESIZE] > size - at)
			fail("warm start: an entry larger than the archive", "", 0);
		load(name, name_size + newc_padding(at + name_size));
		at += name_size + newc_padding(at + name_size);
		if (name[name_size - 1] != '\0')
			fail("warm start: a name without its NUL in the archive", "", 0);
		if (same_text(name, NEWC_TRAILER, sizeof(NEWC_TRAILER)))
			break;
		/* Relative to the folder it unpacks into: / here, a kept run's root there. */
		at += unpack_entry(name[0] == '/' && name[1] ? name + 1 : name, field, at);
	}
	skip(size - at);	/* what pads the archive to its blocks */
}

/* A warm start: waits on the load port; restored, takes the run's files, time and
 * seed. Returns the streams' letters, in kinds. */
static const char *load_run(char kinds[STREAMS + 1])
{
	char record[8 + STREAMS];
	long long size;

	open_stream("load", O_RDWR, LOAD_FD);
	if (sys_write(LOAD_FD, "ready\n", 6) != 6)
		fail("warm start: cannot say ready on ", TAG_PREFIX "load", 0);
	load(record, sizeof(record));
	size = parse_hex(record, 8);
	if (size < 0)
		fail("warm start: no archive size on ", TAG_PREFIX "load", 0);
	for (int i = 0; i < STREAMS; i++)
		kinds[i] = record[8 + i];
	kinds[STREAMS] = '\0';
	unpack_archive((unsigned long)size);
	sys_close(LOAD_FD);
	return kinds;
}

/* --- the streams --------------------------------------------------------------
 * Where the host gave a pipe, a file or /dev/null ('p'), the program gets a pipe,
 * as a shell would give it: splice(2), FIONREAD and fstat's S_IFIFO behave as
 * there. A port is a character device, so the launcher carries the bytes between
 * the pipe and the stream's port: a flow each way, read from `from` while its
 * buffer is empty, written to `to` until it is, every end non-blocking so that one
 * ppoll waits for all flows and the children at once. Where the host gave a
 * terminal ('t'), the program gets the terminal itself. */
#define FLOW_CHUNK	16384

struct flow {
	int from, to;			/* -1 once closed */
	int splice;			/* from a pipe to a port: spliced, no buffer */
	unsigned long start, end;	/* buf[start, end): read, not yet written;
					 * spliced, end 1: the port was full */
	char buf[FLOW_CHUNK];
};

static void flow_end(struct flow *f)
{
	if (f->from >= 0)
		sys_close(f->from);
	if (f->to >= 0)
		sys_close(f->to);
	f->from = f->to = -1;
	f->start = f->end = 0;
}

/* What the flow waits for: bytes from its source while its buffer is empty, else
 * room in its sink (fd -1, which ppoll skips, once it has ended). */
static void flow_events(const struct flow *f, struct pollfd *p)
{
	int empty = f->start == f->end;

	p->fd = empty ? f->from : f->to;
	p->events = empty ? POLLIN : POLLOUT;
	p->revents = 0;
}

/* A step of the flow, once ppoll says it can move. The source's end (0, or an
 * error) ends the flow once its buffer is out: the program sees EOF. A sink that
 * takes no more (the program closed its stdin) ends it too: a writer of the pipe
 * then meets EPIPE and SIGPIPE, as it would on the host. */
static void flow_step(struct flow *f)
{
	long n;

	if (f->splice) {
		/* The port takes pages from the pipe as they are (virtio_console's
		 * splice_write): no copy through the launcher. */
		n = f->end ? 1 : sys_splice(f->from, NULL, f->to, NULL, 1 << 20, SPLICE_F_NONBLOCK);
		f->end = n == -EAGAIN;
		/* ppoll said the pipe is readable: 0 is its end. A port that cannot
		 * splice (EINVAL) gets the bytes copied instead. */
		if (n == -EINVAL) {
			f->splice = 0;
			return;
		}
	} else if (f->start == f->end) {
		n = sys_read(f->from, f->buf, sizeof(f->buf));
		if (n > 0)
			f->end = (unsigned long)n;
	} else {
		n = sys_write(f->to, f->buf + f->start, f->end - f->start);
		if (n > 0 && (f->start += (unsigned long)n) == f->end)
			f->start = f->end = 0;
	}
	if (n == 0 || (n < 0 && n != -EAGAIN && n != -EINTR))
		flow_end(f);
}

/* The program's streams, as the word after the argument file says: the port or
 * the terminal at PORT_FD + i; the program's end at STREAM_FD + i, a pipe's for a
 * port, whose other end, at RELAY_FD + i, flows[i] joins to the port. */
static void open_streams(const char *kinds, struct flow flows[STREAMS])
{
	static const char *const names[STREAMS] = { "stdin", "stdout", "stderr" };
	const int flags[STREAMS] = { O_RDONLY, O_WRONLY, O_WRONLY };
	const int kept = sys_fcntl(KEPT_FD, F_GETFD, 0) >= 0;
	long err;

	for (int i = 0; i < STREAMS; i++) {
		int pipe[2], port = kinds[i] == 'p', reading = i == 0;

		if (!port && kinds[i] != 't')
			fail("streams: not 3 of p, t: ", kinds, 0);
		flows[i].from = flows[i].to = -1;	/* (no initializer: it would clear buf too) */
		flows[i].start = flows[i].end = 0;
		flows[i].splice = 0;
		/* A kept guest's run has its ports from its worker, which carries stdin
		 * to the pipe at STREAM_FD itself (kept_run). */
		if (kept && i == 0)
			continue;
		if (!kept)
			open_stream(port ? names[i] : NULL, port ? flags[i] | O_NONBLOCK : O_RDWR, PORT_FD + i);
		if (!port) {
			if ((err = sys_dup3(PORT_FD + i, STREAM_FD + i, O_CLOEXEC)) < 0)
				fail("dup3 ", TERMINAL, err);
			continue;
		}
		err = sys_pipe2(pipe, O_CLOEXEC);
		if (err == 0)
			err = sys_dup3(pipe[!reading], STREAM_FD + i, O_CLOEXEC);
		if (err >= 0)
			err = sys_dup3(pipe[reading], RELAY_FD + i, O_CLOEXEC);
		if (err >= 0)
			err = sys_fcntl(RELAY_FD + i, F_SETFL, O_NONBLOCK);
		if (err < 0)
			fail("the pipe of ", names[i], err);
		sys_close(pipe[0]);
		sys_close(pipe[1]);
		flows[i].from = reading ? PORT_FD + i : RELAY_FD + i;
		flows[i].to = reading ? RELAY_FD + i : PORT_FD + i;
		flows[i].splice = !reading;
	}
	if (kinds[STREAMS])
		fail("streams: not 3 of p, t: ", kinds, 0);
	if ((err = sys_dup3(PORT_FD + 2, ERR_FD, O_CLOEXEC)) < 0)
		fail("dup3 ", "stderr", err);
	/* The launcher leads the session, so that the program need not: a program a
	 * shell starts leads a process group, never a session (setpgid(2) works). */
	for (int i = 0; i < STREAMS; i++)
		if (kinds[i] == 't') {
			if ((err = sys_ioctl(PORT_FD + i, TIOCSCTTY, 0)) < 0)
				fail("TIOCSCTTY ", TERMINAL, err);
			break;
		}
}

/* In the child: a process group of its own, the terminal's foreground one where
 * a stream is the terminal (Ctrl-C reaches it), as a shell starts a command; the
 * streams as 0, 1 and 2; signals as a new program expects them; then the program.
 * If any step fails, it says so, sends the result down report (whose end the
 * launcher reads) and exits. */
static _Noreturn void run_program(const struct argfile *args, const char *kinds, int report)
{
	const unsigned long no_signals = 0;
	const char *what = "setpgid", *detail = "";
	unsigned char result = RESULT_LAUNCH_FAILED;
	int self = (int)sys_getpid();
	long err;

	err = sys_setpgid(0, 0);
	if (err < 0)
		goto failed;
	what = "TIOCSPGRP ";
	detail = TERMINAL;
	/* All signals are still blocked: SIGTTOU cannot stop a background group here. */
	for (int i = 0; i < STREAMS; i++)
		if (kinds[i] == 't') {
			if ((err = sys_ioctl(STREAM_FD + i, TIOCSPGRP, (unsigned long)&self)) < 0)
				goto failed;
			break;
		}
	what = "dup3";
	detail = "";
	for (int i = 0; i < STREAMS; i++)	/* without O_CLOEXEC: the program keeps them */
		if ((err = sys_dup3(STREAM_FD + i, i, 0)) < 0)
			goto failed;
	/* A blocked signal stays blocked across execve(2). */
	sys_rt_sigprocmask(SIG_SETMASK, &no_signals, NULL, SIGSET_SIZE);

	err = sys_execve(args->path, args->argv, args->envp);
	what = "execve ";
	detail = args->path;
	result = err == -ENOENT || err == -ENOTDIR ? RESULT_NOT_FOUND : RESULT_CANNOT_EXECUTE;
failed:
	tell(what, detail, err);
	sys_write(report, &result, 1);
	sys_exit_group(result);
}

/* Reaps every child that has ended, keeping the program's wait status. Returns
 * 0 while children are left, else a negative errno (-ECHILD: none is). */
static long reap(long program, int *program_status)
{
	long pid;
	int status;

	while ((pid = sys_wait4(-1, &status, WNOHANG, NULL)) > 0)
		if (pid == program)
			*program_status = status;
	return pid;
}

/* Carries the flows until a signal of the signalfd comes, at most *time_left if
 * it is not NULL (the kernel counts it down). Returns 0 when the time has run out,
 * 1 when a signal came, 2 when a flow moved. */
static long serve(int signals, struct flow flows[STREAMS], struct timespec *time_left)
{
	struct pollfd polls[1 + STREAMS];
	struct signalfd_siginfo info;
	long n;

	polls[0].fd = signals;
	polls[0].events = POLLIN;
	for (int i = 0; i < STREAMS; i++)
		flow_events(&flows[i], &polls[1 + i]);
	n = sys_ppoll(polls, 1 + STREAMS, time_left, NULL);
	if (n <= 0)
		return n == 0 ? 0 : 2;
	for (int i = 0; i < STREAMS; i++)
		if (polls[1 + i].revents)
			flow_step(&flows[i]);
	if (!polls[0].revents)
		return 2;
	/* Take it off the queue: a pending SIGCHLD would stay readable. */
	sys_read(signals, &info, sizeof(info));
	return 1;
}

/* With -o (tools/nakedinit-run puts src/copyout.c in the initrd), once the program
 * has ended: copyout freezes what is left and copies /out. Without it, the execve
 * finds nothing, which is no failure. */
static void copy_out(void)
{
	const char *const argv[] = { COPYOUT, NULL };
	int status = -1;
	long pid = sys_clone(SIGCHLD, NULL, NULL, NULL, NULL);

	if (pid == 0)
		sys_exit_group(sys_execve(COPYOUT, argv, argv + 1) != -ENOENT);
	if (pid < 0 || sys_wait4((int)pid, &status, 0, NULL) < 0 || status != 0)
		tell("copying /out failed", "", 0);
}

/* What is left once the program has ended: SIGTERM to every process, the grace
 * period for them to end, then SIGKILL. SIGCONT wakes what copyout froze, to
 * its SIGTERM. kill(-1) spares the caller and kernel threads. */
static void stop_everything(int signals, struct flow flows[STREAMS], long program, int *program_status)
{
	struct timespec grace = { GRACE_SECONDS, 0 };

	sys_kill(-1, SIGTERM);
	sys_kill(-1, SIGCONT);
	while (reap(program, program_status) == 0 && serve(signals, flows, &grace) > 0)
		;
	sys_kill(-1, SIGKILL);
	while (sys_wait4(-1, NULL, 0, NULL) > 0)
		;
	sys_sync();
}

/* Once no process is left to write to them: what the pipes hold, out to the
 * host; then the pipes end, which the host need not wait for. The program's
 * stdin is dropped. */
static void drain(int signals, struct flow flows[STREAMS])
{
	flow_end(&flows[0]);
	while (flows[1].from >= 0 || flows[2].from >= 0)
		serve(signals, flows, NULL);
}

/* Carries the streams until the program has ended, or its time (seconds, 0: none)
 * is up. Returns the result; in ending, what the user must be told of its end
 * ("" for nothing). result is the report's, if its child could not run it. */
static int wait_program(int signals, struct flow flows[STREAMS], long program, unsigned long seconds,
			int result, char ending[LINE_DETAIL_MAX])
{
	struct timespec time_left = { (long)seconds, 0 };
	int status = -1;

	ending[0] = '\0';
	while (result == RESULT_NONE) {
		long n = reap(program, &status);

		if (status >= 0)
			break;
		if (n < 0)	/* It cannot vanish unreaped, but never wait for nothing. */
			fail("wait4", "", n);
		if (serve(signals, flows, seconds ? &time_left : NULL) == 0) {
			*put_str(put_decimal(put_str(ending, "timeout after "), seconds),
				 " s: stopping the program") = '\0';
			return RESULT_TIMEOUT;
		}
	}
	if (result != RESULT_NONE)
		return result;
	/* The wait status: the signal in the low 7 bits, or 0 and the exit status above. */
	if (!(status & 0x7f))
		return (status >> 8) & 0xff;
	*put_signal(put_str(ending, "killed by "), (unsigned long)(status & 0x7f)) = '\0';
	return RESULT_SIGNAL_BASE + (status & 0x7f);
}

/* The program run, from its argument file on: its streams, its shares, its
 * folder; carried until it ends, and what is left stopped. */
static _Noreturn void host_program(const char *kinds, const struct argfile *args, int shares_mounted)
{
	const unsigned long all_signals = ~0ul, child_signals = SIGNAL_BIT(SIGCHLD);
	char ending[LINE_DETAIL_MAX];
	struct flow flows[STREAMS];
	struct pollfd signals = { .events = POLLIN };
	int report[2], status = -1, result = RESULT_NONE;
	unsigned char code;
	long program, n;

	open_streams(kinds, flows);
	if (!shares_mounted)
		mount_shares(args);
	n = sys_chdir(args->dir);
	if (n < 0)
		fail("chdir ", args->dir, n);

	/* Blocked, SIGCHLD stays pending until the signalfd reads it: no child can
	 * end unnoticed, whenever it ends. */
	sys_rt_sigprocmask(SIG_SETMASK, &all_signals, NULL, SIGSET_SIZE);
	signals.fd = (int)sys_signalfd4(-1, &child_signals, SIGSET_SIZE, SFD_NONBLOCK | SFD_CLOEXEC);
	if (signals.fd < 0)
		fail("signalfd", "", signals.fd);
	n = sys_pipe2(report, O_CLOEXEC);
	if (n < 0)
		fail("pipe2", "", n);
	program = sys_clone(SIGCHLD, NULL, NULL, NULL, NULL);
	if (program < 0)
		fail("clone", "", program);
	if (program == 0)
		run_program(args, kinds, report[1]);
	/* The program's ends are its own: while the launcher holds one, no EOF. */
	for (int i = 0; i < STREAMS; i++)
		sys_close(STREAM_FD + i);

	/* The report pipe closes on a successful execve (O_CLOEXEC); else the
	 * child sends why it could not run the program. */
	sys_close(report[1]);
	if (sys_read(report[0], &code, 1) == 1)
		result = code;
	sys_close(report[0]);

	result = wait_program(signals.fd, flows, program, args->timeout, result, ending);
	copy_out();
	stop_everything(signals.fd, flows, program, &status);
	drain(signals.fd, flows);
	/* Last, after all the program wrote, as a shell says it after its output. */
	if (ending[0])
		tell(ending, "", 0);
	power_off(result);
}

/* The argument file at path, parsed into args (its words in file and vector),
 * or the launcher fails, naming what is wrong. */
static void read_argfile(const char *path, char file[ARGFILE_SIZE_MAX + 1],
			 const char *vector[ARGFILE_VECTOR_SIZE], struct argfile *args)
{
	unsigned long size = read_file(path, file, ARGFILE_SIZE_MAX);
	const char *bad = parse_argfile(file, size, vector, args);

	if (bad) {
		char detail[LINE_DETAIL_MAX];

		*put_str(put_str(put_clipped(detail, path, 128), ": "), bad) = '\0';
		fail("argument file ", detail, 0);
	}
}

/* --- a kept guest -------------------------------------------------------------
 * Booted with "-- SLOTS serve" (tools/run/kept.c), the launcher serves many runs,
 * SLOTS at once, each in a slot of ports of its own: nakedinit.K.load, .result,
 * .stdin, .stdout, .stderr for K from 0. PID 1 first moves the root off the
 * initramfs (pivot_root(2) refuses to leave the rootfs), mounts what a fresh
 * guest mounts, the host's / at HOST_ROOT (QEMU's 9p tag nakedinit.host), and
 * starts a worker per slot, which says "ready\n" on its load port and then, for
 * each run:
 *   reads 8 hex digits of the archive's size, the streams ("ppp": a kept guest
 *       has no terminal), 8 hex digits of the run's memory in MiB, the archive;
 *   takes the host's time and random bytes on its result port (as a fresh
 *       guest does);
 *   starts the run's launcher in namespaces of its own (kept_child), bounded by
 *       the slot's cgroup (memory.max), and carries the host's stdin to it;
 *   answers "N OUT ERR\n" on the result port once it ends (OUT and ERR this run's
 *       bytes), and waits for the host's "\n".
 * On the stdin port the host frames its bytes: 4 hex digits of length, then that
 * many bytes; "0000" is EOF, and every run's stdin ends with one, sent once the
 * host's stdin ends or the run's result is answered, so that no byte of one run
 * reaches the next. A worker that fails powers the guest off: the host then
 * fails the runs it held, and starts another guest. */
#define SERVE		"serve"
#define KEPT_ROOT	"/kept"		/* the tmpfs PID 1 makes its root */
#define BASE		"/base"		/* the initramfs under it: BusyBox */
#define HOST_ROOT	"/host"
#define RUNS_CGROUP	"/sys/fs/cgroup/nakedinit"
#define BUSYBOX		"bin/busybox"
#define BINDS_MAX	65536
#define KEPT_RECORD	(8 + STREAMS + 8)
#define FRAME_HEADER	4
/* A user namespace whose root is the guest's root, uid for uid: files on the
 * host's shares keep their owners; what the run mounts, sees, signals and limits
 * stays within its own namespaces (README, "Kept guests"). */
#define ID_MAP		"0 0 4294967295"
/* What a run cannot write though its root owns it, as a container runtime keeps
 * them: the kernel's settings, the SysRq trigger, the interrupts' affinity. */
#define READ_ONLY_PATHS	"proc/sys\0proc/sysrq-trigger\0proc/irq\0proc/bus\0proc/fs\0"
/* The devices a run gets: "name\0" and the device, major << 8 | minor, as text. */
#define RUN_DEVICES	"dev/null\0" "259\0" "dev/zero\0" "261\0" "dev/full\0" "263\0" \
	"dev/random\0" "264\0" "dev/urandom\0" "265\0" "dev/tty\0" "1280\0" "dev/ptmx\0" "1282\0"
/* Mounted once the run has its user namespace, which then owns them. */
#define RUN_MOUNTS	"cgroup2\0/sys/fs/cgroup\0devpts\0/dev/pts\0tmpfs\0/dev/shm\0mqueue\0/dev/mqueue\0"

/* The port TAG_PREFIX + "K." + name, as descriptor target. */
static void open_slot_port(unsigned long slot, const char *name, int flags, int target)
{
	char port[40];

	*put_str(put_str(put_decimal(port, slot), "."), name) = '\0';
	open_stream(port, flags, target);
}

static unsigned long slot_bytes_sent(unsigned long slot, const char *name)
{
	char port[40];

	*put_str(put_str(put_decimal(port, slot), "."), name) = '\0';
	return bytes_sent(port);
}

/* Writes text to the file at path, which must take all of it; 0 or the error. */
static long write_file(const char *path, const char *text, unsigned long size)
{
	long fd = sys_openat(AT_FDCWD, path, O_WRONLY | O_CLOEXEC, 0), n;

	if (fd < 0)
		return fd;
	n = sys_write((int)fd, text, size);
	sys_close((int)fd);
	return n == (long)size ? 0 : n < 0 ? n : -EIO;
}

/* One byte over a pipe between the worker and its run; fails if the other ended. */
static void pass(int fd)
{
	if (sys_write(fd, "", 1) != 1)
		fail("kept run: its other half ended", "", 0);
}

static void await(int fd)
{
	char byte;

	if (sys_read(fd, &byte, 1) != 1)
		fail("kept run: its other half ended", "", 0);
}

/* mount(2) of source at target (relative to the run's root), failing if it fails;
 * read_only: remounted read-only, and nodev, nosuid, as a bind mount takes flags
 * only so. */
static void mount_at(const char *source, const char *target, const char *type, unsigned long flags, int read_only)
{
	long err = make_folders(target);

	if (err == 0)
		err = sys_mount(source, target, type, flags, NULL);
	if (err == 0 && read_only)
		err = sys_mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
	if (err < 0)
		fail("kept run: mount on ", target, err);
}

/* The run's /dev: a tmpfs with the ordinary devices only (none of the guest's
 * ports, no disk), made while the run is still the guest's root. */
static void make_run_devices(void)
{
	mount_at("tmpfs", "dev", "tmpfs", MS_NOSUID, 0);
	for (const char *name = RUN_DEVICES, *number; *name; name = number) {
		unsigned long dev = 0;
		long err;

		for (number = name; *number++;)
			;
		for (; *number; number++)
			dev = dev * 10 + (unsigned long)(*number - '0');
		number++;
		err = sys_mknodat(AT_FDCWD, name, S_IFCHR | 0666, MAKE_DEV((unsigned int)(dev >> 8), (unsigned int)(dev & 0xff)));
		if (err < 0)
			fail("kept run: mknod ", name, err);
	}
}

/* The word after word, in a list of NUL-ended ones. */
static const char *after(const char *word)
{
	while (*word++)
		;
	return word;
}

/* Binds HOST_ROOT + host on target (relative to the run's root). */
static void bind_host(const char *host, const char *target, int read_only)
{
	char source[sizeof(HOST_ROOT) + PATH_MAX];

	*put_clipped(put_str(source, HOST_ROOT), host, PATH_MAX - 1) = '\0';
	while (*target == '/')
		target++;
	mount_at(source, *target ? target : ".", NULL, MS_BIND, 1);
	if (!read_only && sys_mount(NULL, *target ? target : ".", NULL, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV,
				    NULL) < 0)
		fail("kept run: remount read-write ", target, 0);
}

/* What the kept guest binds from the host's / (HOST_ROOT), as the archive's
 * nakedinit.binds lists it (tools/run/archive.c): the host's folder of each share,
 * in the argument file's order, to where that puts it; then pairs of a host file
 * and where it goes (the program, its loader and libraries), read-only. */
static void bind_from_host(const struct argfile *args)
{
	char list[BINDS_MAX + 2];	/* read_file's size + 1 says it is larger */
	unsigned long size = read_file("nakedinit.binds", list, BINDS_MAX);
	const char *at = list, *guest;

	if (size > BINDS_MAX)
		fail("kept run: nakedinit.binds is larger than ", "64 KiB", 0);
	list[size] = '\0';
	for (unsigned long i = 0; i < args->shares; i++, at = after(at)) {
		if (at >= list + size)
			fail("kept run: nakedinit.binds names fewer shares than the argument file", "", 0);
		bind_host(at, args->share[i].guest, args->share[i].read_only);
	}
	for (; at < list + size; at = after(guest)) {
		guest = after(at);
		if (guest >= list + size)
			fail("kept run: nakedinit.binds ends within a pair", "", 0);
		bind_host(at, guest, 1);
	}
}

/* The run's root: a tmpfs with the archive's files, /proc (its PID namespace's),
 * /sys read-only, its /dev, its shares, BusyBox where the archive holds an empty
 * /bin/busybox (the kept guest's, read-only); then the root it sees. */
static void make_run_root(unsigned long slot, unsigned long size, char file[ARGFILE_SIZE_MAX + 1],
			  const char *vector[ARGFILE_VECTOR_SIZE], struct argfile *parsed)
{
	char root[32];
	struct statx st;
	long err;

	*put_decimal(put_str(root, "/runs/"), slot) = '\0';
	err = sys_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	if (err == 0)
		err = make_folders(root);
	if (err == 0)
		err = sys_mount("tmpfs", root, "tmpfs", MS_NOSUID, "mode=0755");
	if (err == 0)
		err = sys_chdir(root);
	if (err < 0)
		fail("kept run: its root ", root, err);
	unpack_archive(size);
	sys_close(LOAD_FD);
	read_argfile("nakedinit.args", file, vector, parsed);
	mount_at("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0);
	for (const char *path = READ_ONLY_PATHS; *path;) {
		if (sys_statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE, &st) == 0)
			mount_at(path, path, NULL, MS_BIND | MS_REC, 1);
		while (*path++)
			;
	}
	mount_at("sysfs", "sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, 0);
	make_run_devices();
	bind_from_host(parsed);
	if (sys_statx(AT_FDCWD, BUSYBOX, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &st) == 0 &&
	    (st.stx_mode & S_IFMT) == S_IFREG && st.stx_size == 0)
		mount_at(BASE "/" BUSYBOX, BUSYBOX, NULL, MS_BIND, 1);
	err = sys_pivot_root(".", ".");
	if (err == 0)
		err = sys_umount2(".", MNT_DETACH);
	if (err == 0)
		err = sys_chdir("/");
	if (err < 0)
		fail("kept run: pivot_root to ", root, err);
}

/* The run's launcher: PID 1 of a new PID namespace, in a mount namespace of its
 * own. It makes the run's root as the guest's root, then (once the worker has put
 * it in the slot's cgroup) takes the other namespaces with a user namespace that
 * owns them, whose maps the worker writes: the mounts made before are then locked
 * (the run cannot undo them). Then it hosts the program as a fresh guest's
 * launcher does; power_off, seeing KEPT_FD, only exits with the result. */
static _Noreturn void kept_child(unsigned long slot, unsigned long size, int from_worker, int to_worker, int stdin_end)
{
	const char *vector[ARGFILE_VECTOR_SIZE];
	char file[ARGFILE_SIZE_MAX + 1];
	struct argfile args;
	long err;

	/* To fixed numbers, the pipes to the worker first: one may sit at STREAM_FD. */
	if (sys_dup3(from_worker, KEPT_FD, O_CLOEXEC) < 0 || sys_dup3(to_worker, KEPT_SYNC_FD, O_CLOEXEC) < 0 ||
	    sys_dup3(stdin_end, STREAM_FD, O_CLOEXEC) < 0)
		fail("kept run: dup3", "", 0);
	for (int i = 0; i < 3; i++) {
		const int fd = i == 0 ? from_worker : i == 1 ? to_worker : stdin_end;

		if (fd != STREAM_FD)
			sys_close(fd);
	}
	sys_close(RESULT_FD);
	sys_close(PORT_FD);
	make_run_root(slot, size, file, vector, &args);
	await(KEPT_FD);
	err = sys_unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP);
	if (err < 0)
		fail("kept run: unshare", "", err);
	pass(KEPT_SYNC_FD);
	await(KEPT_FD);
	/* From here on, power_off sends the result there. */
	if (sys_dup3(KEPT_SYNC_FD, KEPT_UP_FD, O_CLOEXEC) < 0)
		fail("kept run: dup3", "", 0);
	sys_close(KEPT_SYNC_FD);
	mount_filesystems(RUN_MOUNTS, 0);
	make_dev_links();
	bring_up_loopback();
	set_hostname();
	host_program("ppp", &args, 1);
}

/* The run's stdin, as the host frames it on the stdin port (see above). */
struct frames {
	unsigned long left;		/* bytes of the frame still to come */
	unsigned long got;		/* of its header */
	int eof;
	char header[FRAME_HEADER];
};

/* Reads what the stdin port has now into buf: bytes (> 0), 0 at the EOF frame,
 * -EAGAIN for nothing yet, or an error. */
static long read_frames(struct frames *f, char *buf, unsigned long size)
{
	long n;

	while (!f->left) {
		n = sys_read(PORT_FD, f->header + f->got, FRAME_HEADER - f->got);
		if (n <= 0)
			return n ? n : -EIO;
		if ((f->got += (unsigned long)n) < FRAME_HEADER)
			continue;
		f->got = 0;
		n = (long)parse_hex(f->header, FRAME_HEADER);
		if (n < 0)
			return -EINVAL;
		if (n == 0) {
			f->eof = 1;
			return 0;
		}
		f->left = (unsigned long)n;
	}
	n = sys_read(PORT_FD, buf, size < f->left ? size : f->left);
	if (n > 0)
		f->left -= (unsigned long)n;
	return n ? n : -EIO;
}

/* Carries the stdin frames to the run's pipe (to; -1 drops them) until the run's
 * launcher sends its result on up, or (up -1) until the EOF frame. Returns the
 * result, or -1 where up ended without one. */
static int relay_stdin(struct frames *f, int to, int up)
{
	char buf[FLOW_CHUNK];
	unsigned long start = 0, end = 0;
	int result = -2;

	while (up >= 0 ? result == -2 : !f->eof) {
		struct pollfd polls[2] = { { .fd = up, .events = POLLIN },
					   { .fd = start < end ? to : f->eof ? -1 : PORT_FD,
					     .events = start < end ? POLLOUT : POLLIN } };
		unsigned char code;
		long n;

		sys_ppoll(polls, 2, NULL, NULL);
		if (polls[0].revents)
			result = sys_read(up, &code, 1) == 1 ? code : -1;
		if (!polls[1].revents)
			continue;
		if (start < end) {
			n = sys_write(to, buf + start, end - start);
			if (n < 0 && n != -EAGAIN) {	/* the run closed its stdin */
				sys_close(to);
				to = -1;
				start = end = 0;
			} else if (n > 0 && (start += (unsigned long)n) == end) {
				start = end = 0;
			}
			continue;
		}
		n = read_frames(f, buf, sizeof(buf));
		if (n == 0 && to >= 0) {
			sys_close(to);
			to = -1;
		} else if (n > 0 && to >= 0) {
			end = (unsigned long)n;
		} else if (n < 0 && n != -EAGAIN) {
			fail("kept guest: the stdin port broke its frames", "", n);
		}
	}
	if (to >= 0)
		sys_close(to);
	return result;
}

/* Removes the cgroups a run made under path, deepest first (a cgroup with
 * children cannot go); their processes are gone with the run's PID namespace. */
static void remove_cgroups(char *path, unsigned long length, int depth)
{
	unsigned long long records[64];
	long dir = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0), n;

	if (dir < 0 || depth > 32)
		return;
	while ((n = sys_getdents64((int)dir, records, sizeof(records))) > 0)
		for (long at = 0; at < n;) {
			const struct linux_dirent64 *e = (const void *)((const char *)records + at);
			char *end = put_clipped(put_str(path + length, "/"), e->d_name, NAME_MAX);

			at += e->d_reclen;
			if (e->d_type != 4 /* DT_DIR */ || e->d_name[0] == '.' || (unsigned long)(end - path) >= PATH_MAX - NAME_MAX - 2)
				continue;
			*end = '\0';
			remove_cgroups(path, (unsigned long)(end - path), depth + 1);
			*end = '\0';
			sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
		}
	path[length] = '\0';
	sys_close((int)dir);
}

/* The slot's cgroup (path, made at boot) for a run of mib MiB. */
static void limit_memory(const char *cgroup, long long mib)
{
	char path[64], text[24];
	long err;

	*put_str(put_str(path, cgroup), "/memory.max") = '\0';
	err = write_file(path, text, (unsigned long)(put_decimal(text, (unsigned long)mib << 20) - text));
	if (err < 0)
		fail("kept guest: ", path, err);
}

/* The user namespace's maps, written for the run (pid) by the worker, which is
 * the guest's root. */
static void map_ids(long pid)
{
	static const char *const maps[] = { "/uid_map", "/gid_map" };

	for (int i = 0; i < 2; i++) {
		char path[48];
		long err;

		*put_str(put_decimal(put_str(path, "/proc/"), (unsigned long)pid), maps[i]) = '\0';
		err = write_file(path, ID_MAP, sizeof(ID_MAP) - 1);
		if (err < 0)
			fail("kept run: ", path, err);
	}
}

/* One run in the slot, from its record on the load port to the host's answer. */
static void kept_run(unsigned long slot)
{
	char record[KEPT_RECORD], cgroup[48], report[3 * 21 + 1], path[PATH_MAX], *end, answer;
	struct frames frames = { 0 };
	unsigned long sent[2];
	long long size, mib;
	int in[2], down[2], up[2], status, result;
	long run, err;

	load(record, sizeof(record));
	size = parse_hex(record, 8);
	mib = parse_hex(record + 8 + STREAMS, 8);
	if (size < 0 || mib <= 0 || !same_text(record + 8, "ppp", STREAMS))
		fail("kept guest: not a run's record on the load port", "", 0);
	take_time_and_seed();
	sent[0] = slot_bytes_sent(slot, "stdout");
	sent[1] = slot_bytes_sent(slot, "stderr");
	*put_decimal(put_str(cgroup, RUNS_CGROUP "/"), slot) = '\0';
	limit_memory(cgroup, mib);
	if (sys_pipe2(in, O_CLOEXEC) < 0 || sys_pipe2(down, O_CLOEXEC) < 0 || sys_pipe2(up, O_CLOEXEC) < 0)
		fail("kept guest: pipe2", "", 0);
	run = sys_clone(CLONE_NEWNS | CLONE_NEWPID | SIGCHLD, NULL, NULL, NULL, NULL);
	if (run == 0) {
		sys_close(in[1]);
		sys_close(down[1]);
		sys_close(up[0]);
		kept_child(slot, (unsigned long)size, down[0], up[1], in[0]);
	}
	if (run < 0)
		fail("kept guest: clone", "", run);
	sys_close(in[0]);
	sys_close(down[0]);
	sys_close(up[1]);
	sys_fcntl(in[1], F_SETFL, O_NONBLOCK);
	*put_str(put_str(path, cgroup), "/cgroup.procs") = '\0';
	err = write_file(path, report, (unsigned long)(put_decimal(report, (unsigned long)run) - report));
	if (err < 0)
		fail("kept guest: ", path, err);
	/* Until the run has unshared (or ended), the maps wait: a read that fails is
	 * a run that failed before, which its status tells. */
	if (sys_write(down[1], "", 1) == 1 && sys_read(up[0], &answer, 1) == 1) {
		map_ids(run);
		sys_write(down[1], "", 1);
	}
	sys_close(down[1]);
	/* The result comes before the run's launcher ends (power_off), so that the
	 * host need not wait while the kernel takes its namespaces apart. */
	result = relay_stdin(&frames, in[1], up[0]);
	sys_close(up[0]);
	if (result < 0) {	/* it ended without one: killed (the OOM killer) */
		sys_wait4((int)run, &status, 0, NULL);
		result = (status & 0x7f) ? RESULT_LAUNCH_FAILED : (status >> 8) & 0xff;
		run = 0;
	}
	sent[0] = slot_bytes_sent(slot, "stdout") - sent[0];
	sent[1] = slot_bytes_sent(slot, "stderr") - sent[1];
	end = put_str(put_decimal(report, (unsigned long)result), " ");
	end = put_str(put_decimal(end, sent[0]), " ");
	end = put_str(put_decimal(end, sent[1]), "\n");
	if (sys_write(RESULT_FD, report, (unsigned long)(end - report)) != end - report ||
	    sys_read(RESULT_FD, &answer, 1) != 1)
		fail("kept guest: the host did not take the result", "", 0);
	relay_stdin(&frames, -1, -1);
	if (run)
		sys_wait4((int)run, &status, 0, NULL);
	end = put_str(path, cgroup);
	*end = '\0';
	remove_cgroups(path, (unsigned long)(end - path), 0);
}

/* A slot's worker: its ports, then its runs, one after another. */
static _Noreturn void worker(unsigned long slot)
{
	open_slot_port(slot, "load", O_RDWR, LOAD_FD);
	open_slot_port(slot, "result", O_RDWR, RESULT_FD);
	open_slot_port(slot, "stdin", O_RDONLY | O_NONBLOCK, PORT_FD);
	open_slot_port(slot, "stdout", O_WRONLY | O_NONBLOCK, PORT_FD + 1);
	open_slot_port(slot, "stderr", O_WRONLY | O_NONBLOCK, PORT_FD + 2);
	if (sys_write(LOAD_FD, "ready\n", 6) != 6)
		fail("kept guest: cannot say ready on its load port", "", 0);
	for (;;)
		kept_run(slot);
}

/* PID 1's root, a tmpfs moved over the initramfs's (as switch_root does), which
 * stays seen at BASE; pivot_root(2) needs a root mount that has a parent. */
static void leave_rootfs(void)
{
	long err = sys_mkdirat(AT_FDCWD, KEPT_ROOT, 0755);

	if (err == 0)
		err = sys_mount("tmpfs", KEPT_ROOT, "tmpfs", 0, "mode=0755");
	if (err == 0)
		err = sys_mkdirat(AT_FDCWD, KEPT_ROOT BASE, 0755);
	if (err == 0)
		err = sys_mount("/", KEPT_ROOT BASE, NULL, MS_BIND, NULL);
	if (err == 0)
		err = sys_chdir(KEPT_ROOT);
	if (err == 0)
		err = sys_mount(".", "/", NULL, MS_MOVE, NULL);
	if (err == 0)
		err = sys_chroot(".");
	if (err == 0)
		err = sys_chdir("/");
	if (err < 0)
		fail("kept guest: its root ", KEPT_ROOT, err);
}

/* PID 1 of a kept guest: the guest's mounts, the host's /, a cgroup and a worker
 * for each of count slots; a worker that ends (it never should) ends the guest. */
static _Noreturn void serve_runs(const char *count)
{
	const unsigned long all_signals = ~0ul;
	unsigned long slots = 0;
	long err;

	for (; *count >= '0' && *count <= '9' && slots < 64; count++)
		slots = slots * 10 + (unsigned long)(*count - '0');
	leave_rootfs();
	mount_filesystems(MOUNTS, 1);
	mount_filesystems(ORDINARY_MOUNTS, 0);
	enable_controllers();
	make_dev_links();
	bring_up_loopback();
	err = make_folders(HOST_ROOT);
	if (err == 0)
		err = sys_mount(TAG_PREFIX "host", HOST_ROOT, "9p", MS_NODEV, SHARE_OPTIONS);
	if (err < 0)
		fail("kept guest: mount the host's / on ", HOST_ROOT, err);
	/* nsdelegate: a run cannot write its own cgroup's limits (memory.max), which
	 * are the root of its cgroup namespace. */
	err = sys_mount(NULL, "/sys/fs/cgroup", NULL, MS_REMOUNT, "nsdelegate");
	if (err == 0)
		err = make_folders(RUNS_CGROUP);
	if (err == 0)
		err = write_file(RUNS_CGROUP "/cgroup.subtree_control", "+memory +pids", 13);
	if (err < 0)
		fail("kept guest: ", RUNS_CGROUP, err);
	sys_rt_sigprocmask(SIG_SETMASK, &all_signals, NULL, SIGSET_SIZE);
	for (unsigned long slot = 0; slot < slots; slot++) {
		char cgroup[48];
		long pid;

		*put_decimal(put_str(cgroup, RUNS_CGROUP "/"), slot) = '\0';
		err = sys_mkdirat(AT_FDCWD, cgroup, 0755);
		if (err < 0)
			fail("kept guest: mkdir ", cgroup, err);
		pid = sys_clone(SIGCHLD, NULL, NULL, NULL, NULL);
		if (pid == 0)
			worker(slot);
		if (pid < 0)
			fail("kept guest: clone", "", pid);
	}
	err = sys_wait4(-1, NULL, 0, NULL);
	fail("kept guest: a slot's worker ended", "", err < 0 ? err : 0);
}

_Noreturn void program_start(const long *initial_sp)
{
	/* The kernel's initial stack: argc, argv[argc], NULL, envp[], NULL. */
	const char *const *argv = (const char *const *)initial_sp + 1;
	const char *vector[ARGFILE_VECTOR_SIZE], *kinds;
	/* cppcheck-suppress variableScope ; kinds points into it from the warm start on */
	char warm_kinds[STREAMS + 1];
	char file[ARGFILE_SIZE_MAX + 1];
	struct argfile args;

	if (sys_getpid() != 1) {
		sys_write(2, NOT_PID1, sizeof(NOT_PID1) - 1);
		sys_exit_group(RESULT_LAUNCH_FAILED);
	}
	/* PID 1 leads no process group yet, so it may start a session: it leads
	 * the program's, and the program, a process group in it (run_program). */
	sys_setsid();
	if (initial_sp[0] == 3 && same_text(argv[2], SERVE, sizeof(SERVE)))
		serve_runs(argv[1]);
	mount_filesystems(MOUNTS, 1);
	mount_filesystems(ORDINARY_MOUNTS, 0);
	enable_controllers();
	make_dev_links();
	bring_up_loopback();
	open_stream("result", O_RDWR, RESULT_FD);

	if (initial_sp[0] != 3)
		fail("expected the argument file and the streams after --", "", 0);
	kinds = argv[2];
	if (same_text(kinds, WARM, sizeof(WARM)))
		kinds = load_run(warm_kinds);
	take_time_and_seed();
	set_hostname();
	read_argfile(argv[1], file, vector, &args);
	host_program(kinds, &args, 0);
}
