// SPDX-License-Identifier: MIT
/* ports: the launcher's talk with the host. Its lines on the console (say) and on
 * the program's stderr (tell); the virtio-serial ports QEMU names, found and opened,
 * and the bytes each has sent; the host's time and random bytes; the result, and
 * power-off (or, in a kept guest's run, the end of the run). */
#include "launch/launch.h"

/* One write(2) per line, so kernel messages cannot land inside it. On the
 * console (the host's log) only. */
void say(const char *what, const char *detail, long err)
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
void tell(const char *what, const char *detail, long err)
{
	char line[LINE_SIZE];
	unsigned long length = format_line(line, what, detail, err);

	sys_write(1, line, length);
	write_all(ERR_FD, line, length);
}

int same_text(const char *a, const char *b, unsigned long length)
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
unsigned long bytes_sent(const char *name)
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
_Noreturn void power_off(int result)
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

_Noreturn void fail(const char *what, const char *detail, long err)
{
	tell(what, detail, err);
	power_off(RESULT_LAUNCH_FAILED);
}

/* Reads all of a file into buf, at most size bytes; returns how many, or fails,
 * naming it; size + 1 means it is larger. */
unsigned long read_file(const char *path, char *buf, unsigned long size)
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
void open_stream(const char *name, int flags, int target)
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
void take_time_and_seed(void)
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
