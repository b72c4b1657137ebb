// SPDX-License-Identifier: MIT
/* kept: a kept guest (tools/run/kept.c), which serves many runs, each in namespaces
 * of its own; see below. */
#include "launch/launch.h"

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
#define KEPT_ROOT	"/kept"		/* the tmpfs PID 1 makes its root */
#define BASE		"/base"		/* the initramfs under it: BusyBox */
#define HOST_ROOT	"/host"
/* Copies of the host files runs bind, by identity (cache_copy); its size is part
 * of the guest's memory beside the runs' (tools/run/kept.c, GUEST_SPARE_MIB). */
#define CACHE		"/cache"
#define CACHE_OPTIONS	"size=64m,mode=0700"
#define COPY_CHUNK	65536
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

/* The guest's own copy of the host file a run binds at target (relative), made by
 * the first run that binds it, in CACHE under key (its identity on the host:
 * device, inode, size, times, mode; tools/run/archive.c). Over 9p, a file's pages
 * leave the guest's cache when no run holds it, and TCG, which keys its
 * translations by physical page, translates a library's code again for every run;
 * a copy's pages stay. Written at mode 0, which says "not complete": a copy cut
 * short (its run killed) stays unused, and that file is bound from the host.
 * Fills path; 0 once the copy is there, else why not. */
static long cache_copy(const char *host, const char *key, const char *target, char path[PATH_MAX])
{
	char chunk[COPY_CHUNK];
	char source[sizeof(HOST_ROOT) + PATH_MAX];
	struct statx st;
	long in, out, n = 0, err;

	*put_clipped(put_str(put_str(path, CACHE), "/"), key, PATH_MAX - sizeof(CACHE) - 1) = '\0';
	if (sys_statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_MODE, &st) == 0)
		return (st.stx_mode & S_IFMT) == S_IFREG && (st.stx_mode & 07777) ? 0 : -EAGAIN;
	/* the mode the archive gave the file: its empty stand-in's */
	err = sys_statx(AT_FDCWD, target, AT_SYMLINK_NOFOLLOW, STATX_MODE, &st);
	if (err < 0 || !(st.stx_mode & 07777))
		return err < 0 ? err : -EINVAL;
	*put_clipped(put_str(source, HOST_ROOT), host, PATH_MAX - 1) = '\0';
	in = sys_openat(AT_FDCWD, source, O_RDONLY | O_CLOEXEC, 0);
	if (in < 0)
		return in;
	out = sys_openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	while (out >= 0 && (n = sys_read((int)in, chunk, sizeof(chunk))) > 0)
		for (long done = 0, w; done < n; done += w)
			if ((w = sys_write((int)out, chunk + done, (unsigned long)(n - done))) <= 0) {
				n = w < 0 ? w : -ENOSPC;
				goto stop;
			}
stop:
	sys_close((int)in);
	if (out < 0)
		return out;
	sys_close((int)out);
	err = n < 0 ? n : sys_fchmodat(AT_FDCWD, path, st.stx_mode & 07777);
	if (err < 0)
		sys_unlinkat(AT_FDCWD, path, 0);
	return err;
}

/* What the kept guest binds from the host's / (HOST_ROOT), as the archive's
 * nakedinit.binds lists it (tools/run/archive.c): the host's folder of each share,
 * in the argument file's order, to where that puts it; then, for each host file
 * (the program, its loader and libraries), its path, where it goes and its
 * identity, or "" for none: read-only, the guest's copy where it has one. */
static void bind_from_host(const struct argfile *args)
{
	char list[BINDS_MAX + 2];	/* read_file's size + 1 says it is larger */
	struct statx st;
	unsigned long size;
	const char *at = list;
	char copy[PATH_MAX];

	/* none where the run has no share, nor a file of the host's (-F) */
	if (!args->shares && sys_statx(AT_FDCWD, "nakedinit.binds", 0, STATX_TYPE, &st) < 0)
		return;
	size = read_file("nakedinit.binds", list, BINDS_MAX);

	if (size > BINDS_MAX)
		fail("kept run: nakedinit.binds is larger than ", "64 KiB", 0);
	list[size] = '\0';
	for (unsigned long i = 0; i < args->shares; i++, at = after(at)) {
		if (at >= list + size)
			fail("kept run: nakedinit.binds names fewer shares than the argument file", "", 0);
		bind_host(at, args->share[i].guest, args->share[i].read_only);
	}
	while (at < list + size) {
		const char *guest = after(at), *key = after(guest);

		if (key >= list + size)
			fail("kept run: nakedinit.binds ends within a file's words", "", 0);
		while (*guest == '/')
			guest++;
		if (*key && cache_copy(at, key, guest, copy) == 0)
			mount_at(copy, guest, NULL, MS_BIND, 1);
		else
			bind_host(at, guest, 1);
		at = after(key);
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

	/* Why the run could not start goes to its stderr as well, as in a fresh guest. */
	sys_dup3(PORT_FD + 2, ERR_FD, O_CLOEXEC);
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
_Noreturn void serve_runs(const char *count)
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
	err = make_folders(CACHE);
	if (err == 0)
		err = sys_mount("tmpfs", CACHE, "tmpfs", MS_NOSUID | MS_NODEV, CACHE_OPTIONS);
	if (err < 0)
		fail("kept guest: mount a tmpfs on ", CACHE, err);
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
