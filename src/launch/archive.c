// SPDX-License-Identifier: MIT
/* archive: a warm start's files, from the load port into the root (or a kept run's
 * root), as the kernel unpacks an initrd. */
#include "launch/launch.h"

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
void load(void *buf, unsigned long size)
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
void unpack_archive(unsigned long size)
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
const char *load_run(char kinds[STREAMS + 1])
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
