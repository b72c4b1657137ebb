// SPDX-License-Identifier: MIT
/* The init as an ordinary C program against a C library: the same behaviour and
 * console lines as src/init.c, for `make bench` to compare sizes with ours.
 * The text helpers and the option parser are ours (src/lib/, linked in), so the
 * only difference measured is the C library: its start-up code and system call
 * wrappers instead of arch/<arch>/start.S and syscall.S. */
#include "libc.h"
#include "lib/fmt.h"
#include "lib/options.h"

#define NOT_PID1 "nakedinit: refusing: not PID 1\n"

static void say(const char *what, const char *detail, long err)
{
	char line[LINE_SIZE];

	write(1, line, format_line(line, what, detail, err));
}

static _Noreturn void power_off(int result)
{
	char code[2] = { (char)('0' + result) };

	say("exit ", code, 0);
	reboot(POWER_OFF);	/* for PID 1, it does not return */
	for (;;)
		poll(NULL, 0, -1);
}

static _Noreturn void fail(int result, const char *what, const char *detail, long err)
{
	say(what, detail, err);
	power_off(result);
}

int main(int argc, char **argv, char **envp)
{
	unsigned char bytes[BYTES_MAX];
	char hex[HEX_LINE_SIZE];
	struct options opts;
	struct stat st;
	const char *bad_option;
	long got = 0, n;
	int fd;

	(void)argc, (void)argv;
	if (getpid() != 1) {
		write(2, NOT_PID1, sizeof(NOT_PID1) - 1);
		return 1;
	}
	say("hello from " NAKEDINIT_ARCH, "", 0);

	bad_option = parse_options(envp, &opts);
	if (bad_option)
		fail(2, "option ", bad_option, -EINVAL);

	/* EBUSY: devtmpfs is mounted there already, which is just as good. */
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) < 0 && errno != EBUSY)
		fail(3, "mount devtmpfs", " on /dev", -errno);

	fd = open(opts.disk, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		fail(4, "open ", opts.disk, -errno);
	/* (nolibc 6.1 has stat(), not statx() or fstat().) */
	if (stat(opts.disk, &st) < 0 || !S_ISBLK(st.st_mode))
		fail(7, "open ", opts.disk, -ENOTBLK);
	do {	/* read() may return fewer bytes than asked for; 0: the device ended */
		n = read(fd, bytes + got, (size_t)(opts.bytes - got));
		if (n < 0)
			fail(5, "read ", opts.disk, -errno);
		got += n;
	} while (n && got < opts.bytes);

	for (long offset = 0; offset < got; offset += HEX_LINE_BYTES) {
		put_hex(hex, bytes + offset, got - offset);
		say("Read ", hex, 0);
	}
	if (got < opts.bytes)
		fail(6, "short read from ", opts.disk, 0);
	power_off(0);
}
