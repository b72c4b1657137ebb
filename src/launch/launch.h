/* SPDX-License-Identifier: MIT */
/* launch.h: what the launcher's parts share (src/launch.c tells the whole; each
 * file of src/launch/ says at its top what it owns): results, descriptors at fixed
 * numbers, paths, and their functions. Freestanding, as every program here. */
#ifndef NAKEDINIT_LAUNCH_H
#define NAKEDINIT_LAUNCH_H

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
#define CONSOLE_FD	25	/* the console, in the program's child once fd 1 is its stdout */
#define WARM		"warm"
#define SERVE		"serve"	/* a kept guest's launcher (kept.c) */
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

#define FLOW_CHUNK	16384

struct flow {
	int from, to;			/* -1 once closed */
	int splice;			/* from a pipe to a port: spliced, no buffer */
	unsigned long start, end;	/* buf[start, end): read, not yet written;
					 * spliced, end 1: the port was full */
	char buf[FLOW_CHUNK];
};

void say(const char *what, const char *detail, long err);
void tell(const char *what, const char *detail, long err);
int same_text(const char *a, const char *b, unsigned long length);
unsigned long bytes_sent(const char *name);
_Noreturn void power_off(int result);
_Noreturn void fail(const char *what, const char *detail, long err);
unsigned long read_file(const char *path, char *buf, unsigned long size);
void open_stream(const char *name, int flags, int target);
void take_time_and_seed(void);
long make_folders(const char *path);
void mount_filesystems(const char *list, int required);
void make_dev_links(void);
void enable_controllers(void);
void set_hostname(void);
void mount_shares(const struct argfile *args);
void bring_up_loopback(void);
void load(void *buf, unsigned long size);
void unpack_archive(unsigned long size);
const char *load_run(char kinds[STREAMS + 1]);
void flow_end(struct flow *f);
void open_streams(const char *kinds, struct flow flows[STREAMS]);
long serve(int signals, struct flow flows[STREAMS], struct timespec *time_left);
void drain(int signals, struct flow flows[STREAMS]);
_Noreturn void host_program(const char *kinds, const struct argfile *args, int shares_mounted);
void read_argfile(const char *path, char file[ARGFILE_SIZE_MAX + 1],
		  const char *vector[ARGFILE_VECTOR_SIZE], struct argfile *args);
_Noreturn void serve_runs(const char *count);

#endif
