// SPDX-License-Identifier: MIT
/* copyout: writes what a hosted program left in /out onto the out disk, as a newc
 * archive, for tools/nakedinit-run -o (README, "Files out").
 *
 * The launcher runs it, when the initrd holds it, once the program has ended or its
 * time is up. It first freezes every other process (SIGSTOP; the launcher's SIGTERM
 * comes with a SIGCONT): nothing changes /out while it is read, and nothing can swap
 * a directory for a symbolic link between a look and an open. Left out, each named
 * on a line of its own:
 *   - a regular file that some process holds open for writing: it may be
 *     half-written (/proc/PID/fd tells, see find_writers);
 *   - what is neither a regular file, a directory nor a symbolic link (device
 *     nodes, FIFOs, sockets), and what another filesystem mounted under /out holds;
 *   - a file of 4 GiB or more (newc's sizes are 32 bits), a directory deeper than
 *     DEPTH_MAX, a name longer than the kernel's PATH_MAX.
 *
 * The archive starts at the disk's first byte: names relative to /out ("sub/file"),
 * each directory before what it holds, modes as they are, owners 0, times 0. The
 * TRAILER!!! entry is written last: the host (tools/unpack.c) takes nothing from an
 * archive without one, so a copy cut short brings back nothing rather than part of
 * /out. Exit status 0 once the archive is on the disk, 1 after a line saying what
 * failed. All state lives on the stack: the linker script allows no writable globals.
 */
#include "lib/fmt.h"
#include "lib/newc.h"
#include "sys.h"

#define OUT_DIR		"/out"
/* tools/nakedinit-run attaches the out disk as the guest's only disk. */
#define OUT_DISK	"/dev/vda"
#define DEPTH_MAX	64
#define WRITERS_MAX	256
#define NAME_SIZE	4096	/* a newc name, NUL included: the kernel's PATH_MAX */
#define BUFFER_SIZE	65536
#define FILE_SIZE_MAX	0xffffffffull

/* A file is its filesystem's device and its inode number. */
struct file_id {
	unsigned int major, minor;
	unsigned long long ino;
};

struct copy {
	int disk;
	unsigned int entries, writers;
	unsigned long used;			/* bytes waiting in buffer */
	unsigned long long written;		/* bytes already on the disk */
	struct file_id out;			/* /out's filesystem: ino unused */
	struct file_id writer[WRITERS_MAX];	/* files open for writing there */
	char name[NAME_SIZE];			/* the entry's name, relative to /out */
	char buffer[BUFFER_SIZE];
};

/* One write(2) per line, so kernel messages cannot land inside it. */
static void say(const char *what, const char *detail, long err)
{
	char line[LINE_SIZE];

	sys_write(1, line, format_line(line, what, detail, err));
}

/* Says what failed; returns -1, for the caller to pass up. */
static long failed(const char *what, const char *detail, long err)
{
	say(what, detail, err == -ENOSPC ? 0 : err);
	if (err == -ENOSPC)
		say("the out disk is full", "", 0);
	return -1;
}

/* "/out/NAME", clipped so that a reason still fits on the line. */
static char *put_path(char *out, const char *name)
{
	return put_clipped(put_str(out, OUT_DIR "/"), name, 200);
}

static long left_out(const struct copy *c, const char *why)
{
	char detail[LINE_DETAIL_MAX];

	*put_str(put_str(put_path(detail, c->name), ": "), why) = '\0';
	say("left out ", detail, 0);
	return 0;
}

static long flush(struct copy *c)
{
	for (unsigned long done = 0; done < c->used;) {
		long n = sys_write(c->disk, c->buffer + done, c->used - done);

		if (n <= 0)
			return failed("write ", OUT_DISK, n ? n : -ENOSPC);
		done += (unsigned long)n;
	}
	c->written += c->used;
	c->used = 0;
	return 0;
}

static long emit(struct copy *c, const char *data, unsigned long size)
{
	for (unsigned long i = 0; i < size; i++) {
		if (c->used == BUFFER_SIZE && flush(c) < 0)
			return -1;
		c->buffer[c->used++] = data[i];
	}
	return 0;
}

/* NUL bytes up to the next multiple of 4 of the archive's length. */
static long emit_padding(struct copy *c)
{
	return emit(c, "\0\0\0", (4 - (c->written + c->used) % 4) % 4);
}

/* A header and the name: the fields are ino, mode, uid, gid, nlink, mtime,
 * filesize, devmajor, devminor, rdevmajor, rdevminor, namesize and check, each
 * 8 hex digits. Every entry gets an inode number of its own: no hard links. */
static long emit_header(struct copy *c, const char *name, unsigned long name_size,
			unsigned int mode, unsigned long long size)
{
	char field[8];

	if (emit(c, NEWC_MAGIC, 6) < 0)
		return -1;
	c->entries++;
	for (int i = 0; i < NEWC_FIELDS; i++) {
		unsigned long long value = i == 0 ? c->entries : i == 1 ? mode : i == 4 ? 1 :
					   i == 6 ? size : i == 11 ? name_size : 0;

		for (int digit = 7; digit >= 0; digit--, value >>= 4)
			field[digit] = "0123456789ABCDEF"[value & 15];
		if (emit(c, field, sizeof(field)) < 0)
			return -1;
	}
	return emit(c, name, name_size) < 0 ? -1 : emit_padding(c);
}

static int same_file(const struct file_id *a, const struct statx *st)
{
	return a->major == st->stx_dev_major && a->minor == st->stx_dev_minor &&
	       a->ino == st->stx_ino;
}

/* Notes every regular file on /out's filesystem that the process whose
 * /proc/PID/fd is open as dir holds open for writing. The link's own mode says
 * how its descriptor was opened: the owner's write bit for writing (fs/proc/fd.c,
 * tid_fd_update_inode); following the link gives the file. */
static long note_writers(struct copy *c, int dir)
{
	unsigned long long records[128];	/* struct linux_dirent64, aligned */
	long n;

	while ((n = sys_getdents64(dir, records, sizeof(records))) > 0) {
		for (long at = 0, step; at < n; at += step) {
			const struct linux_dirent64 *e = (const void *)((const char *)records + at);
			struct statx st;
			unsigned int w = 0;

			step = e->d_reclen;
			if (e->d_name[0] == '.' ||
			    sys_statx(dir, e->d_name, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &st) < 0 ||
			    !(st.stx_mode & S_IWUSR) ||
			    sys_statx(dir, e->d_name, 0, STATX_BASIC_STATS, &st) < 0 ||
			    (st.stx_mode & S_IFMT) != S_IFREG ||
			    st.stx_dev_major != c->out.major || st.stx_dev_minor != c->out.minor)
				continue;
			while (w < c->writers && !same_file(&c->writer[w], &st))
				w++;
			if (w == WRITERS_MAX)
				return failed("more than 256 files open for writing", "", 0);
			c->writer[w].major = st.stx_dev_major;
			c->writer[w].minor = st.stx_dev_minor;
			c->writer[w].ino = st.stx_ino;
			c->writers += w == c->writers;
		}
	}
	return 0;
}

/* The files open for writing of every process (/proc/PID: a name from 1 to 9). */
static long find_writers(struct copy *c)
{
	unsigned long long records[128];	/* struct linux_dirent64, aligned */
	char path[32];
	long proc = sys_openat(AT_FDCWD, "/proc", O_RDONLY | O_CLOEXEC, 0), n = 0, err = 0;

	if (proc < 0)
		return failed("open ", "/proc", proc);
	while (!err && (n = sys_getdents64((int)proc, records, sizeof(records))) > 0) {
		for (long at = 0, step; at < n && !err; at += step) {
			const struct linux_dirent64 *e = (const void *)((const char *)records + at);
			long dir;

			step = e->d_reclen;
			if (e->d_name[0] < '1' || e->d_name[0] > '9')
				continue;
			*put_str(put_str(put_str(path, "/proc/"), e->d_name), "/fd") = '\0';
			dir = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
			if (dir < 0)
				continue;	/* a zombie: it holds nothing */
			err = note_writers(c, (int)dir);
			sys_close((int)dir);
		}
	}
	sys_close((int)proc);
	return err ? err : n < 0 ? failed("getdents64 ", "/proc", n) : 0;
}

/* Copies size bytes of the file open as fd, then pads. */
static long emit_data(struct copy *c, int fd, unsigned long long size)
{
	char detail[LINE_DETAIL_MAX];

	while (size) {
		unsigned long room = BUFFER_SIZE - c->used;
		long n;

		if (!room) {
			if (flush(c) < 0)
				return -1;
			room = BUFFER_SIZE;
		}
		n = sys_read(fd, c->buffer + c->used, size < room ? size : room);
		if (n <= 0) {
			*put_str(put_path(detail, c->name), n ? "" : ": shorter than its size") = '\0';
			return failed("read ", detail, n);
		}
		c->used += (unsigned long)n;
		size -= (unsigned long)n;
	}
	return emit_padding(c);
}

static long walk(struct copy *c, int dir, unsigned long length, unsigned int depth);

/* The entry `leaf` of the directory open as dir, whose name relative to /out is
 * the first length bytes of c->name. */
static long copy_entry(struct copy *c, int dir, const char *leaf, unsigned long length,
		       unsigned int depth)
{
	char detail[LINE_DETAIL_MAX];
	unsigned long end = length;
	struct statx st;
	long fd, err = 0;

	if (length)
		c->name[end++] = '/';
	for (const char *s = leaf; *s && end < NAME_SIZE - 1; s++)
		c->name[end++] = *s;
	c->name[end] = '\0';
	if (end == NAME_SIZE - 1)
		return left_out(c, "its name is too long");
	*put_path(detail, c->name) = '\0';
	fd = sys_statx(dir, leaf, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &st);
	if (fd < 0)
		return failed("statx ", detail, fd);
	if (st.stx_dev_major != c->out.major || st.stx_dev_minor != c->out.minor)
		return left_out(c, "on another filesystem");

	switch (st.stx_mode & S_IFMT) {
	case S_IFDIR:
		if (depth == DEPTH_MAX)
			return left_out(c, "deeper than 64 directories");
		fd = sys_openat(dir, leaf, O_RDONLY | O_CLOEXEC, 0);
		if (fd < 0)
			return failed("open ", detail, fd);
		if (emit_header(c, c->name, end + 1, st.stx_mode, 0) < 0 ||
		    walk(c, (int)fd, end, depth + 1) < 0)
			err = -1;
		break;
	case S_IFREG:
		for (unsigned int w = 0; w < c->writers; w++)
			if (same_file(&c->writer[w], &st))
				return left_out(c, "open for writing, it may be half-written");
		if (st.stx_size > FILE_SIZE_MAX)
			return left_out(c, "4 GiB or more, more than newc can hold");
		fd = sys_openat(dir, leaf, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
		if (fd < 0)
			return failed("open ", detail, fd);
		if (emit_header(c, c->name, end + 1, st.stx_mode, st.stx_size) < 0 ||
		    emit_data(c, (int)fd, st.stx_size) < 0)
			err = -1;
		break;
	case S_IFLNK: {
		char target[NAME_SIZE];
		long size = sys_readlinkat(dir, leaf, target, sizeof(target));

		if (size < 0)
			return failed("readlink ", detail, size);
		return emit_header(c, c->name, end + 1, st.stx_mode, (unsigned long)size) < 0 ||
		       emit(c, target, (unsigned long)size) < 0 ? -1 : emit_padding(c);
	}
	default:
		return left_out(c, "not a file, directory or symbolic link");
	}
	sys_close((int)fd);
	return err;
}

/* Every entry of the directory open as dir, named by c->name's first length bytes. */
static long walk(struct copy *c, int dir, unsigned long length, unsigned int depth)
{
	unsigned long long records[128];	/* struct linux_dirent64, aligned */
	long n;

	while ((n = sys_getdents64(dir, records, sizeof(records))) > 0) {
		for (long at = 0, step; at < n; at += step) {
			const struct linux_dirent64 *e = (const void *)((const char *)records + at);
			const char *leaf = e->d_name;

			step = e->d_reclen;
			if (leaf[0] == '.' && (!leaf[1] || (leaf[1] == '.' && !leaf[2])))
				continue;
			if (copy_entry(c, dir, leaf, length, depth) < 0)
				return -1;
		}
	}
	c->name[length] = '\0';
	return n < 0 ? failed("getdents64 ", OUT_DIR, n) : 0;
}

/* /out, if it is a directory, then the trailer, then onto the disk. */
static long copy_out(struct copy *c)
{
	struct statx st;
	long dir = sys_statx(AT_FDCWD, OUT_DIR, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &st);

	c->name[0] = '\0';
	if (dir == -ENOENT) {
		say("no " OUT_DIR ": nothing to copy", "", 0);
	} else if (dir < 0) {
		return failed("statx ", OUT_DIR, dir);
	} else if ((st.stx_mode & S_IFMT) != S_IFDIR) {
		say("left out " OUT_DIR ": not a directory", "", 0);
	} else {
		c->out.major = st.stx_dev_major;
		c->out.minor = st.stx_dev_minor;
		if (find_writers(c) < 0)
			return -1;
		dir = sys_openat(AT_FDCWD, OUT_DIR, O_RDONLY | O_CLOEXEC, 0);
		if (dir < 0)
			return failed("open ", OUT_DIR, dir);
		if (walk(c, (int)dir, 0, 0) < 0)
			return -1;
		sys_close((int)dir);
	}
	if (emit_header(c, NEWC_TRAILER, sizeof(NEWC_TRAILER), 0, 0) < 0 || flush(c) < 0)
		return -1;
	dir = sys_fsync(c->disk);
	return dir < 0 ? failed("fsync ", OUT_DISK, dir) : 0;
}

_Noreturn void program_start(const long *initial_sp)
{
	struct copy c;
	char detail[LINE_DETAIL_MAX];

	(void)initial_sp;
	if (sys_getpid() == 1) {	/* PID 1 must not exit: power off instead */
		say("refusing: copyout runs under the launcher, not as PID 1", "", 0);
		sys_reboot(REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_POWER_OFF, NULL);
	}
	sys_kill(-1, SIGSTOP);	/* all but PID 1 and the caller */
	c.disk = (int)sys_openat(AT_FDCWD, OUT_DISK, O_WRONLY | O_CLOEXEC, 0);
	if (c.disk < 0) {
		failed("open ", OUT_DISK, c.disk);
		sys_exit_group(1);
	}
	c.entries = c.writers = 0;
	c.used = 0;
	c.written = 0;
	if (copy_out(&c) < 0)
		sys_exit_group(1);
	*put_str(put_decimal(put_str(put_decimal(detail, c.entries - 1), " entries, "),
			     c.written), " bytes") = '\0';
	say("copied " OUT_DIR ": ", detail, 0);
	sys_exit_group(0);
}
