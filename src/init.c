// SPDX-License-Identifier: MIT
/* nakedinit: the whole userspace of a machine, run by the kernel as PID 1.
 *
 * It greets, mounts devtmpfs on /dev, reads the first bytes of a block device,
 * prints them in hex, reports a result line and powers off. PID 1 must never
 * exit (the kernel panics when it does), so every path ends in power_off().
 * All state lives on the stack: the linker script allows no writable globals.
 */
#include "lib/fmt.h"
#include "lib/options.h"
#include "sys.h"

/* The code on the result line "nakedinit: exit N", one digit (see the README). */
enum result {
	RESULT_OK = 0,
	RESULT_NOT_PID1 = 1,	/* the exit status when run as an ordinary process */
	RESULT_BAD_OPTION = 2,
	RESULT_MOUNT_FAILED = 3,
	RESULT_OPEN_FAILED = 4,
	RESULT_READ_FAILED = 5,
	RESULT_SHORT_READ = 6,
	RESULT_NOT_BLOCK_DEVICE = 7,
};

/* A string literal rather than a named array: literals need no alignment, and
 * the linker shares the tails of equal strings (below, "devtmpfs" is the end of
 * "mount devtmpfs" and "/dev" the end of " on /dev"). */
#define NOT_PID1 "nakedinit: refusing: not PID 1\n"

/* One write(2) per line, so kernel messages cannot land inside it. format_line()
 * clips what it is given: a detail may be any command-line word. */
static void say(const char *what, const char *detail, long err)
{
	char line[LINE_SIZE];

	sys_write(1, line, format_line(line, what, detail, err));
}

static _Noreturn void power_off(int result)
{
	char code[2] = { (char)('0' + result) };

	say("exit ", code, 0);
	/* For PID 1 this does not return: the kernel powers off, or halts where it
	 * cannot. Only a process without CAP_SYS_BOOT gets an error back. */
	sys_reboot(REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_POWER_OFF, NULL);
	for (;;)	/* Should it return anyway, halt without exiting: block forever. */
		sys_ppoll(NULL, 0, NULL, NULL);
}

static _Noreturn void fail(int result, const char *what, const char *detail, long err)
{
	say(what, detail, err);
	power_off(result);
}

/* Opens the first disk of opts->disk that exists, its path copied to path. With
 * diskwait=, tries again every tenth of a second until one appears or the time
 * is up: a USB disk appears only after the kernel has started the init. */
static long open_disk(const struct options *opts, char *path)
{
	long tenths = opts->diskwait * 10, fd;

	for (;;) {
		const char *p = opts->disk;

		do {	/* the parser checked that each path fits: DISK_PATH_MAX */
			char *end = path;

			while (*p && *p != ',')
				*end++ = *p++;
			*end = '\0';
			/* O_NONBLOCK keeps open() itself from waiting (a FIFO waits for a
			 * writer); block devices ignore it when reading. */
			fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);
			if (fd != -ENOENT)
				return fd;
		} while (*p++);
		if (tenths-- == 0)
			return fd;
		struct timespec tenth = { 0, 100000000 };

		sys_ppoll(NULL, 0, &tenth, NULL);
	}
}

_Noreturn void program_start(const long *initial_sp)
{
	/* The kernel's initial stack: argc, argv[argc], NULL, envp[], NULL. */
	char *const *envp = (char *const *)initial_sp + initial_sp[0] + 2;
	unsigned char bytes[BYTES_MAX];
	char hex[HEX_LINE_SIZE], disk[DISK_PATH_MAX + 1];
	struct options opts;
	struct statx st;
	const char *bad_option;
	long fd, got = 0, n, mounted;

	if (sys_getpid() != 1) {
		sys_write(2, NOT_PID1, sizeof(NOT_PID1) - 1);
		sys_exit_group(RESULT_NOT_PID1);
	}
	/* /dev and the options first, reporting nothing yet: out= may name a device
	 * under /dev, and the greeting goes there too. */
	mounted = sys_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	bad_option = parse_options(envp, &opts);
	if (!bad_option && opts.out) {
		fd = sys_openat(AT_FDCWD, opts.out, O_WRONLY | O_NONBLOCK | O_NOCTTY, 0);
		if (fd < 0)
			fail(RESULT_OPEN_FAILED, "open ", opts.out, fd);
		sys_dup3((int)fd, 1, 0);
	}
	say("hello from " NAKEDINIT_ARCH, "", 0);
	if (bad_option)
		fail(RESULT_BAD_OPTION, "option ", bad_option, -EINVAL);
	/* EBUSY: devtmpfs is mounted there already, which is just as good. */
	if (mounted < 0 && mounted != -EBUSY)
		fail(RESULT_MOUNT_FAILED, "mount devtmpfs", " on /dev", mounted);

	/* Only a block device is sure to answer a read: a terminal or a pipe may
	 * wait for input forever. */
	fd = open_disk(&opts, disk);
	if (fd < 0)
		fail(RESULT_OPEN_FAILED, "open ", opts.disk, fd);
	n = sys_statx((int)fd, "", AT_EMPTY_PATH, STATX_TYPE, &st);
	if (n < 0 || (st.stx_mode & S_IFMT) != S_IFBLK)
		fail(RESULT_NOT_BLOCK_DEVICE, "open ", disk, n < 0 ? n : -ENOTBLK);
	/* read() may return fewer bytes than asked for; 0 means the device ended.
	 * opts.bytes is at least 1, so the loop reads at least once. */
	do {
		n = sys_read((int)fd, bytes + got, (size_t)(opts.bytes - got));
		if (n < 0)
			fail(RESULT_READ_FAILED, "read ", disk, n);
		got += n;
	} while (n && got < opts.bytes);

	/* put_hex() formats one line's worth, HEX_LINE_BYTES at most. */
	for (long offset = 0; offset < got; offset += HEX_LINE_BYTES) {
		put_hex(hex, bytes + offset, got - offset);
		say("Read ", hex, 0);
	}
	if (got < opts.bytes)
		fail(RESULT_SHORT_READ, "short read from ", disk, 0);
	power_off(RESULT_OK);
}
