// SPDX-License-Identifier: MIT
/* kernel: the program tests/kernel.sh runs under the launcher, an ordinary C program
 * linked statically with glibc, which checks one feature of the programs' kernel
 * (kernel/programs.config) for real. argv[1] names it; it prints one line,
 * "FEATURE: ok", or "FEATURE: WHAT FAILED: WHY" (an errno name, mostly; "no" where a
 * result was not the one expected), and exits 0 only on success.
 *
 *   seccomp           a filter makes getppid fail with EPERM; other calls still work
 *   namespaces        unshare each of mnt, uts, ipc, pid, net, user, cgroup, time (in
 *                     a child each): /proc/self/ns/X changes; uts: a host name of its
 *                     own; user: a uid_map; pid, time: a child is in the new one, PID 1
 *   timens            a time namespace's monotonic offset shifts a child's clock
 *   sysvipc           shared memory, a semaphore and a message with a forked child
 *   mqueue            mq_open (in /dev/mqueue), mq_send, mq_receive
 *   inotify           an IN_CREATE event for a file made in /tmp
 *   fanotify          an open or close-write event of a file in /tmp
 *   dnotify           F_NOTIFY's signal for a file made in /tmp
 *   io_uring          an IORING_OP_READ of a file, through rings mapped by hand
 *   perf              software counters (task clock, page faults) count some work
 *   cgroup            /sys/fs/cgroup's controllers; memory.max's OOM kill; pids.max
 *   cpus N            N CPUs online; with N > 1, two threads pinned to CPUs 0 and 1
 *                     each see the other spinning: on two CPUs at once
 *   bpf               an array map; a socket filter that drops every datagram
 *   userfaultfd       a missing page's fault, resolved from the main thread
 *   membarrier        MEMBARRIER_CMD_PRIVATE_EXPEDITED, registered and issued
 *   rseq              glibc's registration: cpu_id valid, a second one EBUSY
 *   kcmp              KCMP_FILE: a dup'ed fd is the same file, another open not
 *   fhandle           name_to_handle_at and open_by_handle_at of a /tmp file
 *   pi-futex          a PTHREAD_PRIO_INHERIT mutex contended by a second thread
 *   hrtimers          CLOCK_MONOTONIC's resolution is 1 ns (not the tick's)
 *   coredump          a child killed by SIGSEGV leaves an ELF core in its folder
 *   config.gz         /proc/config.gz is a gzip file of some size
 *   process_vm_readv  read a forked child's memory
 *   hugepages         reserve huge pages, map one (MAP_HUGETLB, and a file in
 *                     /dev/hugepages), madvise MADV_HUGEPAGE
 *   ksm               madvise MADV_MERGEABLE, and ksmd merges identical pages
 *   landlock          the ABI version; a ruleset that allows writes beneath one folder
 *   keys              add_key a user key, read it back, search for it
 *   overlayfs         an overlay in /tmp: reads from below, writes go above
 *   fuse              mount a FUSE filesystem on /dev/fuse: the kernel's FUSE_INIT
 *   binfmt_misc       register this program for *.ktest files and run one
 *   packet            a raw frame sent on lo through an AF_PACKET socket comes back
 *   veth              a veth pair made through rtnetlink
 *   tun               a tun device made with TUNSETIFF
 *   xattr             a trusted.* extended attribute on a /tmp file
 *   mount-api         fsopen, fsconfig, fsmount, move_mount of a tmpfs
 *   pidfd             pidfd_open, pidfd_send_signal, poll and waitid(P_PIDFD)
 *   clone3            clone3 with set_tid and CLONE_PIDFD
 * Run as the interpreter of a *.ktest file (binfmt_misc), it exits 42.
 */
#define _GNU_SOURCE	/* unshare, sched_getcpu, strerrorname_np, F_NOTIFY, ... */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/fuse.h>
#include <linux/if_tun.h>
#include <linux/io_uring.h>
#include <linux/kcmp.h>
#include <linux/keyctl.h>
#include <linux/landlock.h>
#include <linux/membarrier.h>
#include <linux/perf_event.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <linux/userfaultfd.h>
#include <linux/veth.h>
#include <mqueue.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/rseq.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

static const char *feature = "";

/* "FEATURE: WHAT: WHY", and 1. */
static int failed_with(const char *what, const char *why)
{
	printf("%s: %s: %s\n", feature, what, why);
	return 1;
}

/* "FEATURE: WHAT: ERRNO-NAME", or "no" where errno is 0: a result not as expected. */
static int failed(const char *what)
{
	const char *name = errno ? strerrorname_np(errno) : NULL;

	return failed_with(what, name ? name : "no");
}

static int ok(void)
{
	printf("%s: ok\n", feature);
	return 0;
}

/* errno is cleared first, so that a condition that fails without a call failing says
 * "no", not an earlier call's error. */
#define CHECK(condition, what) do { \
		errno = 0; \
		if (!(condition)) \
			return failed(what); \
	} while (0)
/* For the calls that return an error number instead of setting errno (pthread_*). */
#define CHECK_RC(call, what) do { \
		int rc_ = (call); \
		if (rc_ != 0) { \
			errno = rc_; \
			return failed(what); \
		} \
	} while (0)

/* Waits for the child PID: 0 when it exited 0; else 1, and a line unless the child
 * printed its own (it exits 1 after one). */
static int waited(pid_t pid, const char *what)
{
	char why[64];
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return failed(what);
	if (WIFEXITED(status) && WEXITSTATUS(status) <= 1)
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "killed by SIG%s", sigabbrev_np(WTERMSIG(status)));
	else
		snprintf(why, sizeof(why), "exit %d", WEXITSTATUS(status));
	return failed_with(what, why);
}

/* Writes TEXT to PATH (created, truncated) in one write: 0, or -1 and errno. */
static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), saved;
	ssize_t n = fd < 0 ? -1 : write(fd, text, strlen(text));

	saved = errno;
	if (fd >= 0)
		close(fd);
	errno = saved;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* What PATH holds, NUL-terminated, in TEXT: its length, or -1 and errno. */
static ssize_t get(const char *path, char *text, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, text, size - 1);

	text[n < 0 ? 0 : n] = '\0';
	if (fd >= 0)
		close(fd);
	return n;
}

/* The number after NAME at the start of a line of PATH ("oom_kill 1",
 * "Hugepagesize:    2048 kB"), or -1. */
static long field(const char *path, const char *name)
{
	char line[256];
	size_t n = strlen(name);
	FILE *f = fopen(path, "re");
	long value = -1;

	while (f && value < 0 && fgets(line, sizeof(line), f))
		if (strncmp(line, name, n) == 0 && (line[n] == ' ' || line[n] == '\t'))
			value = strtol(line + n, NULL, 10);
	if (f)
		fclose(f);
	return value;
}

/* The number PATH holds (/proc/sys/kernel/pid_max), or -1. */
static long number(const char *path)
{
	char text[64];

	return get(path, text, sizeof(text)) > 0 ? strtol(text, NULL, 10) : -1;
}

/* Private anonymous memory (FLAGS: MAP_HUGETLB), or MAP_FAILED. */
static void *anonymous(size_t size, int flags)
{
	/* cppcheck-suppress invalidFunctionArg ; MAP_ANONYMOUS takes no file: -1 */
	return mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

static void sleep_ms(long ms)
{
	struct timespec t = { .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000 };

	nanosleep(&t, NULL);
}

static int make_dir(const char *path)
{
	return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

static int test_seccomp(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog filter = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0, "PR_SET_NO_NEW_PRIVS");
	CHECK(syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &filter) == 0, "SECCOMP_SET_MODE_FILTER");
	CHECK(syscall(__NR_getppid) == -1 && errno == EPERM, "getppid fails with EPERM");
	CHECK(getpid() > 1 && access("/proc/self/status", R_OK) == 0, "the other calls");
	CHECK(field("/proc/self/status", "Seccomp:") == SECCOMP_MODE_FILTER, "Seccomp: 2 in /proc/self/status");
	return ok();
}

static ino_t ns_inode(const char *name)
{
	char path[96];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* In a child of its own: unshare one namespace. pid and time take a child, which
 * must be in a new one (time: /proc/self/ns/time_for_children's; pid's appears only
 * once the new namespace has its first process, its PID 1). */
static int one_namespace(const char *name, int flag)
{
	int for_children = flag == CLONE_NEWPID || flag == CLONE_NEWTIME;
	char link[64];
	ino_t before, after;

	snprintf(link, sizeof(link), "%s%s", name, for_children ? "_for_children" : "");
	before = ns_inode(link);
	CHECK(before != 0, link);
	CHECK(unshare(flag) == 0, "unshare");
	after = ns_inode(link);
	CHECK(flag == CLONE_NEWPID || (after != 0 && after != before), "a new namespace in /proc/self/ns");
	if (flag == CLONE_NEWUTS) {
		char host[65] = "";

		CHECK(sethostname("kernel-test", 11) == 0, "sethostname");
		CHECK(gethostname(host, sizeof(host) - 1) == 0 && strcmp(host, "kernel-test") == 0,
		      "the new host name");
	}
	if (flag == CLONE_NEWUSER) {
		/* Root outside, uid 1000 inside: the one mapping a process may write itself. */
		CHECK(put("/proc/self/uid_map", "1000 0 1") == 0, "write uid_map");
		CHECK(getuid() == 1000, "getuid is 1000 as mapped");
	}
	if (for_children) {
		pid_t pid = fork();

		if (pid == 0) {
			ino_t mine = ns_inode(name);

			errno = 0;
			_exit(mine != 0 && mine != before && (flag == CLONE_NEWPID ? getpid() == 1 : mine == after) ? 0 :
			      failed(flag == CLONE_NEWPID ? "a child is PID 1 in a new one" : "a child is in the new one"));
		}
		return waited(pid, "the child");
	}
	return 0;
}

static int test_namespaces(void)
{
	static const struct { const char *name; int flag; } spaces[] = {
		{ "mnt", CLONE_NEWNS }, { "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
		{ "pid", CLONE_NEWPID }, { "net", CLONE_NEWNET }, { "user", CLONE_NEWUSER },
		{ "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
	};
	char prefix[64], host[65] = "";

	for (size_t i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++) {
		pid_t pid = fork();

		if (pid == 0) {
			snprintf(prefix, sizeof(prefix), "%s: %s", feature, spaces[i].name);
			feature = prefix;
			_exit(one_namespace(spaces[i].name, spaces[i].flag));
		}
		if (waited(pid, spaces[i].name))
			return 1;
	}
	CHECK(gethostname(host, sizeof(host) - 1) == 0 && strcmp(host, "kernel-test") != 0,
	      "the host name outside the uts namespace is unchanged");
	return ok();
}

static int test_timens(void)
{
	struct timespec before, after;
	pid_t pid;

	CHECK(unshare(CLONE_NEWTIME) == 0, "unshare CLONE_NEWTIME");
	/* Ten days ahead, for the children, which alone enter the new namespace. */
	CHECK(put("/proc/self/timens_offsets", "monotonic 864000 0") == 0, "write /proc/self/timens_offsets");
	CHECK(clock_gettime(CLOCK_MONOTONIC, &before) == 0, "clock_gettime");
	pid = fork();
	if (pid == 0) {
		clock_gettime(CLOCK_MONOTONIC, &after);
		_exit(after.tv_sec - before.tv_sec >= 864000 && after.tv_sec - before.tv_sec < 864000 + 600
		      ? 0 : failed("a child's CLOCK_MONOTONIC is 10 days ahead"));
	}
	if (waited(pid, "the child"))
		return 1;
	CHECK(clock_gettime(CLOCK_MONOTONIC, &after) == 0 && after.tv_sec - before.tv_sec < 600,
	      "the parent's clock is not shifted");
	return ok();
}

static int test_sysvipc(void)
{
	int shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600), sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600),
	    queue = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	/* cppcheck-suppress unusedStructMember ; msgsnd and msgrcv read the type */
	struct { long type; char text[16]; } message = { 1, "a message" };
	struct sembuf up = { 0, 1, 0 }, down = { 0, -1, IPC_NOWAIT };
	char *memory;
	pid_t pid;

	CHECK(shm >= 0, "shmget");
	CHECK(sem >= 0, "semget");
	CHECK(queue >= 0, "msgget");
	memory = shmat(shm, NULL, 0);
	CHECK(memory != (void *)-1, "shmat");	/* NOLINT(performance-no-int-to-ptr): shmat's error */
	pid = fork();
	if (pid == 0) {
		memcpy(memory, "from the child", 15);
		_exit(semop(sem, &up, 1) == 0 && msgsnd(queue, &message, sizeof(message.text), 0) == 0 ? 0 :
		      failed("semop or msgsnd in the child"));
	}
	if (waited(pid, "the child"))
		return 1;
	CHECK(strcmp(memory, "from the child") == 0, "the child's write in the shared segment");
	CHECK(semop(sem, &down, 1) == 0, "semop: the child's V");
	memset(&message, 0, sizeof(message));
	CHECK(msgrcv(queue, &message, sizeof(message.text), 1, IPC_NOWAIT) == sizeof(message.text) &&
	      strcmp(message.text, "a message") == 0, "msgrcv: the child's message");
	CHECK(shmdt(memory) == 0 && shmctl(shm, IPC_RMID, NULL) == 0 && semctl(sem, 0, IPC_RMID) == 0 &&
	      msgctl(queue, IPC_RMID, NULL) == 0, "IPC_RMID");
	return ok();
}

static int test_mqueue(void)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	mqd_t queue = mq_open("/kernel-test", O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, &attr);
	char text[64];
	unsigned priority = 0;

	CHECK(queue != (mqd_t)-1, "mq_open");
	/* The launcher mounts the queues' filesystem, as an ordinary system does. */
	CHECK(access("/dev/mqueue/kernel-test", F_OK) == 0, "/dev/mqueue/kernel-test");
	CHECK(mq_send(queue, "queued", 6, 3) == 0, "mq_send");
	CHECK(mq_receive(queue, text, sizeof(text), &priority) == 6 && memcmp(text, "queued", 6) == 0 &&
	      priority == 3, "mq_receive");
	CHECK(mq_close(queue) == 0 && mq_unlink("/kernel-test") == 0, "mq_unlink");
	return ok();
}

static int test_inotify(void)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *event = (const struct inotify_event *)buf;
	int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);

	CHECK(fd >= 0, "inotify_init1");
	CHECK(inotify_add_watch(fd, "/tmp", IN_CREATE) >= 0, "inotify_add_watch /tmp");
	CHECK(put("/tmp/inotify-test", "x") == 0, "create /tmp/inotify-test");
	/* Events are queued as the call makes them: no wait. */
	CHECK(read(fd, buf, sizeof(buf)) >= (ssize_t)sizeof(*event) && event->mask & IN_CREATE &&
	      strcmp(event->name, "inotify-test") == 0, "an IN_CREATE event for inotify-test");
	return ok();
}

static int test_fanotify(void)
{
	struct fanotify_event_metadata events[16];
	int fd = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY);
	ssize_t n;

	CHECK(fd >= 0, "fanotify_init");
	CHECK(fanotify_mark(fd, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_WRITE | FAN_EVENT_ON_CHILD, AT_FDCWD, "/tmp") == 0,
	      "fanotify_mark /tmp");
	CHECK(put("/tmp/fanotify-test", "x") == 0, "write /tmp/fanotify-test");
	n = read(fd, events, sizeof(events));
	CHECK(n >= (ssize_t)sizeof(events[0]) && events[0].vers == FANOTIFY_METADATA_VERSION &&
	      events[0].mask & (FAN_OPEN | FAN_CLOSE_WRITE) && events[0].pid == getpid(),
	      "an open or close-write event of this process");
	return ok();
}

static int test_dnotify(void)
{
	struct timespec wait = { .tv_sec = 10 };
	siginfo_t info;
	sigset_t set;
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0, "sigprocmask");
	CHECK(dir >= 0, "open /tmp");
	CHECK(fcntl(dir, F_SETSIG, SIGRTMIN) == 0, "F_SETSIG");
	CHECK(fcntl(dir, F_NOTIFY, DN_CREATE) == 0, "F_NOTIFY DN_CREATE");
	CHECK(put("/tmp/dnotify-test", "x") == 0, "create /tmp/dnotify-test");
	CHECK(sigtimedwait(&set, &info, &wait) == SIGRTMIN && info.si_fd == dir, "the signal, naming /tmp's fd");
	return ok();
}

static int test_io_uring(void)
{
	static const char text[] = "read through io_uring\n";
	static char buf[64];
	struct io_uring_params p = { 0 };
	int ring = (int)syscall(__NR_io_uring_setup, 4, &p), fd;
	unsigned char *sq, *cq;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqe;
	unsigned *tail, head;

	CHECK(ring >= 0, "io_uring_setup");
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(*cqe), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		    ring, IORING_OFF_SQES);
	CHECK(sq != MAP_FAILED && cq != MAP_FAILED && sqes != MAP_FAILED, "mmap the rings");
	CHECK(put("/tmp/io_uring", text) == 0, "write /tmp/io_uring");
	fd = open("/tmp/io_uring", O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0, "open /tmp/io_uring");
	sqes[0] = (struct io_uring_sqe){ .opcode = IORING_OP_READ, .fd = fd, .addr = (uintptr_t)buf,
					 .len = sizeof(buf), .off = 0, .user_data = 42 };
	tail = (unsigned *)(sq + p.sq_off.tail);
	((unsigned *)(sq + p.sq_off.array))[*tail & *(unsigned *)(sq + p.sq_off.ring_mask)] = 0;
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
	CHECK(syscall(__NR_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) == 1, "io_uring_enter");
	head = __atomic_load_n((unsigned *)(cq + p.cq_off.head), __ATOMIC_ACQUIRE);
	CHECK(head != __atomic_load_n((unsigned *)(cq + p.cq_off.tail), __ATOMIC_ACQUIRE), "a completion");
	cqe = (struct io_uring_cqe *)(cq + p.cq_off.cqes) + (head & *(unsigned *)(cq + p.cq_off.ring_mask));
	if (cqe->res < 0) {
		errno = -cqe->res;
		return failed("IORING_OP_READ");
	}
	CHECK(cqe->user_data == 42 && cqe->res == sizeof(text) - 1 && memcmp(buf, text, sizeof(text) - 1) == 0,
	      "the completion's result and the bytes read");
	__atomic_store_n((unsigned *)(cq + p.cq_off.head), head + 1, __ATOMIC_RELEASE);
	return ok();
}

/* A software counter of this process over some work (CPU time, 256 fresh pages):
 * its count, or -1 and errno. */
static long long count_work(unsigned long long counter)
{
	struct perf_event_attr attr = { .type = PERF_TYPE_SOFTWARE, .size = sizeof(attr), .config = counter,
					.disabled = 1, .exclude_hv = 1 };
	int fd = (int)syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	long long count = -1;

	if (fd < 0)
		return -1;
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) == 0) {
		volatile char *pages = anonymous((size_t)256 * 4096, 0);
		for (int i = 0; pages != MAP_FAILED && i < 256 * 4096; i += 64)
			pages[i] = (char)i;
		ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
		if (read(fd, &count, sizeof(count)) != sizeof(count))
			count = -1;
	}
	close(fd);
	return count;
}

static int test_perf(void)
{
	static const struct { const char *name; unsigned long long counter; } counters[] = {
		{ "PERF_COUNT_SW_TASK_CLOCK", PERF_COUNT_SW_TASK_CLOCK },
		{ "PERF_COUNT_SW_PAGE_FAULTS", PERF_COUNT_SW_PAGE_FAULTS },
	};
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
		long long count;

		errno = 0;
		count = count_work(counters[i].counter);
		if (count < 0)
			return failed(counters[i].name);
		if (count == 0)
			return failed_with(counters[i].name, "counted 0");
	}
	return ok();
}

/* Whether the word WORD is in TEXT, a line of words. */
static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *at = strstr(text, word); at; at = strstr(at + 1, word))
		if ((at == text || at[-1] == ' ') && (at[n] == ' ' || at[n] == '\n' || at[n] == '\0'))
			return 1;
	return 0;
}

/* A child that joins GROUP (a folder of /sys/fs/cgroup), then runs THEN. */
static pid_t child_in(const char *group, int (*then)(void))
{
	pid_t pid = fork();

	if (pid == 0) {
		char procs[128];

		snprintf(procs, sizeof(procs), "%s/cgroup.procs", group);
		_exit(put(procs, "0") == 0 ? then() : failed("join the group (cgroup.procs)"));
	}
	return pid;
}

static int touch_64_mib(void)
{
	volatile char *memory = anonymous(64 << 20, 0);

	for (long i = 0; memory != MAP_FAILED && i < 64 << 20; i += 4096)
		memory[i] = 1;
	return failed_with("the child over memory.max", "not killed");
}

static int fork_twice(void)
{
	pid_t second, third;
	int error;

	second = fork();
	if (second == 0)
		pause();
	CHECK(second > 0, "the second task's fork");
	third = fork();
	if (third == 0)
		_exit(0);
	error = errno;
	kill(second, SIGKILL);
	waitpid(second, NULL, 0);
	if (third > 0)
		waitpid(third, NULL, 0);
	errno = third < 0 ? error : 0;
	return third < 0 && errno == EAGAIN ? 0 : failed("the third task's fork fails with EAGAIN");
}

static int test_cgroup(void)
{
	static const char *const want[] = { "memory", "pids", "cpu", "io" };
	char controllers[256], enabled[256], why[64];
	int status;
	pid_t pid;

	CHECK(get("/sys/fs/cgroup/cgroup.controllers", controllers, sizeof(controllers)) >= 0,
	      "/sys/fs/cgroup/cgroup.controllers");
	CHECK(get("/sys/fs/cgroup/cgroup.subtree_control", enabled, sizeof(enabled)) >= 0,
	      "/sys/fs/cgroup/cgroup.subtree_control");
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(why, sizeof(why), "%s missing", want[i]);
		if (!has_word(controllers, want[i]))
			return failed_with("cgroup.controllers", why);
		if (!has_word(enabled, want[i]))
			return failed_with("cgroup.subtree_control", why);
	}
	CHECK(make_dir("/sys/fs/cgroup/memory-test") == 0, "mkdir /sys/fs/cgroup/memory-test");
	CHECK(put("/sys/fs/cgroup/memory-test/memory.max", "16M") == 0, "write memory.max");
	pid = child_in("/sys/fs/cgroup/memory-test", touch_64_mib);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork a child into the group");
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		return WIFEXITED(status) && WEXITSTATUS(status) == 1 ? 1 :
			failed_with("the child over memory.max", "not killed by SIGKILL");
	CHECK(field("/sys/fs/cgroup/memory-test/memory.events", "oom_kill") >= 1, "oom_kill in memory.events");
	CHECK(rmdir("/sys/fs/cgroup/memory-test") == 0, "rmdir the memory group");
	CHECK(make_dir("/sys/fs/cgroup/pids-test") == 0, "mkdir /sys/fs/cgroup/pids-test");
	CHECK(put("/sys/fs/cgroup/pids-test/pids.max", "2") == 0, "write pids.max");
	if (waited(child_in("/sys/fs/cgroup/pids-test", fork_twice), "the child in the pids group"))
		return 1;
	CHECK(field("/sys/fs/cgroup/pids-test/pids.events", "max") >= 1, "max in pids.events");
	return ok();
}

static atomic_int arrived[2];
static int cpu_seen[2];

/* Pinned to the CPU *ARG: says it is here, and spins until the other thread is too. */
static void *spin(void *arg)
{
	int me = *(const int *)arg;

	atomic_store(&arrived[me], 1);
	while (!atomic_load(&arrived[!me]))
		;
	cpu_seen[me] = sched_getcpu();
	return NULL;
}

static int test_cpus(int want)
{
	char line[256], why[64];
	FILE *info = fopen("/proc/cpuinfo", "re");
	long online = sysconf(_SC_NPROCESSORS_ONLN), listed = 0;
	static const int ids[2] = { 0, 1 };
	pthread_attr_t attr[2];
	pthread_t threads[2];
	cpu_set_t set;

	while (info && fgets(line, sizeof(line), info))
		listed += strncmp(line, "processor", 9) == 0;
	if (info)
		fclose(info);
	snprintf(why, sizeof(why), "%ld, not %d", online, want);
	if (online != want)
		return failed_with("sysconf(_SC_NPROCESSORS_ONLN)", why);
	snprintf(why, sizeof(why), "%ld, not %d", listed, want);
	if (listed != want)
		return failed_with("processors in /proc/cpuinfo", why);
	/* Each spins until it sees the other: they ran at once, so on two CPUs (on one,
	 * only the scheduler's preemption would let them through, but on one CPU). */
	for (int i = 0; want > 1 && i < 2; i++) {
		CPU_ZERO(&set);
		CPU_SET(i, &set);
		CHECK_RC(pthread_attr_init(&attr[i]), "pthread_attr_init");
		CHECK_RC(pthread_attr_setaffinity_np(&attr[i], sizeof(set), &set), "pthread_attr_setaffinity_np");
		CHECK_RC(pthread_create(&threads[i], &attr[i], spin, (void *)&ids[i]), "pthread_create pinned");
	}
	for (int i = 0; want > 1 && i < 2; i++)
		CHECK_RC(pthread_join(threads[i], NULL), "pthread_join");
	snprintf(why, sizeof(why), "CPUs %d and %d", cpu_seen[0], cpu_seen[1]);
	if (want > 1 && (cpu_seen[0] != 0 || cpu_seen[1] != 1))
		return failed_with("the pinned threads ran on CPUs 0 and 1", why);
	return ok();
}

static int bpf_call(int command, union bpf_attr *attr)
{
	return (int)syscall(__NR_bpf, command, attr, sizeof(*attr));
}

static int test_bpf(void)
{
	struct bpf_insn drop[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },	/* r0 = 0 */
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr = { .map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 1 };
	uint32_t key = 0;
	uint64_t value = 0x1234, back = 0;
	int map = bpf_call(BPF_MAP_CREATE, &attr), program, pair[2];

	CHECK(map >= 0, "BPF_MAP_CREATE");
	attr = (union bpf_attr){ .map_fd = (uint32_t)map, .key = (uintptr_t)&key, .value = (uintptr_t)&value };
	CHECK(bpf_call(BPF_MAP_UPDATE_ELEM, &attr) == 0, "BPF_MAP_UPDATE_ELEM");
	attr.value = (uintptr_t)&back;
	CHECK(bpf_call(BPF_MAP_LOOKUP_ELEM, &attr) == 0 && back == value, "BPF_MAP_LOOKUP_ELEM");
	attr = (union bpf_attr){ .prog_type = BPF_PROG_TYPE_SOCKET_FILTER, .insns = (uintptr_t)drop,
				 .insn_cnt = sizeof(drop) / sizeof(drop[0]), .license = (uintptr_t)"MIT" };
	program = bpf_call(BPF_PROG_LOAD, &attr);
	CHECK(program >= 0, "BPF_PROG_LOAD");
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair) == 0, "socketpair");
	CHECK(send(pair[0], "a", 1, 0) == 1 && recv(pair[1], &back, 1, MSG_DONTWAIT) == 1, "a datagram before");
	CHECK(setsockopt(pair[1], SOL_SOCKET, SO_ATTACH_BPF, &program, sizeof(program)) == 0, "SO_ATTACH_BPF");
	CHECK(send(pair[0], "b", 1, 0) == 1, "send");
	CHECK(recv(pair[1], &back, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN, "the filter drops the datagram");
	return ok();
}

static char page_read;

static void *read_page(void *page)
{
	page_read = *(volatile char *)page;
	return NULL;
}

static int test_userfaultfd(void)
{
	size_t size = (size_t)sysconf(_SC_PAGESIZE);
	int uffd = (int)syscall(__NR_userfaultfd, O_CLOEXEC);
	char *area = anonymous(size, 0), *source = anonymous(size, 0);
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register range = { .range = { (uintptr_t)area, size }, .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct uffdio_copy copy = { .dst = (uintptr_t)area, .src = (uintptr_t)source, .len = size };
	struct uffd_msg message;
	pthread_t reader;

	CHECK(uffd >= 0, "userfaultfd");
	CHECK(ioctl(uffd, UFFDIO_API, &api) == 0, "UFFDIO_API");
	CHECK(area != MAP_FAILED && source != MAP_FAILED, "mmap");
	CHECK(ioctl(uffd, UFFDIO_REGISTER, &range) == 0, "UFFDIO_REGISTER");
	CHECK_RC(pthread_create(&reader, NULL, read_page, area), "pthread_create");
	/* The reader stops on the missing page; its fault comes here. */
	CHECK(read(uffd, &message, sizeof(message)) == sizeof(message) && message.event == UFFD_EVENT_PAGEFAULT &&
	      message.arg.pagefault.address - (uintptr_t)area < size, "the page fault's message");
	memset(source, 'u', size);
	CHECK(ioctl(uffd, UFFDIO_COPY, &copy) == 0 && copy.copy == (long long)size, "UFFDIO_COPY");
	CHECK_RC(pthread_join(reader, NULL), "pthread_join");
	CHECK(page_read == 'u', "the reader reads the copied page");
	return ok();
}

static int test_membarrier(void)
{
	long commands = syscall(__NR_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);

	CHECK(commands >= 0, "MEMBARRIER_CMD_QUERY");
	CHECK(commands & MEMBARRIER_CMD_PRIVATE_EXPEDITED, "MEMBARRIER_CMD_PRIVATE_EXPEDITED offered");
	CHECK(syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0,
	      "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED");
	CHECK(syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0, "MEMBARRIER_CMD_PRIVATE_EXPEDITED");
	return ok();
}

#ifndef RSEQ_SIG
#define RSEQ_SIG_OWN
/* glibc 2.36 registers no rseq area where it has no signature of its own (riscv64):
 * this program registers one; the signature matters only to abort handlers. */
#define RSEQ_SIG 0x0badc0de
static struct rseq own_rseq;
#endif

static int test_rseq(void)
{
	struct rseq *area = (struct rseq *)((char *)__builtin_thread_pointer() + __rseq_offset);
	unsigned cpu = 0;
	int same = 0;

#ifdef RSEQ_SIG_OWN
	area = &own_rseq;
	CHECK(__rseq_size == 0 && syscall(__NR_rseq, area, sizeof(*area), 0, RSEQ_SIG) == 0, "rseq");
#else
	/* glibc registered this thread's area at its start, unless the kernel refused. */
	CHECK(__rseq_size > 0, "glibc registered rseq (__rseq_size)");
#endif
	for (int i = 0; i < 100 && !same; i++) {	/* the thread may move between the two */
		CHECK(syscall(__NR_getcpu, &cpu, NULL, NULL) == 0, "getcpu");
		same = (int)area->cpu_id >= 0 && area->cpu_id == cpu;
	}
	CHECK(same, "cpu_id in the rseq area is getcpu's");
	CHECK(syscall(__NR_rseq, area, sizeof(*area), 0, RSEQ_SIG) == -1 && errno == EBUSY,
	      "registering the area again is EBUSY");
	return ok();
}

static int test_kcmp(void)
{
	int a = open("/tmp/kcmp", O_RDWR | O_CREAT | O_CLOEXEC, 0600), b = dup(a), c = open("/tmp/kcmp", O_RDONLY);
	pid_t me = getpid();

	CHECK(a >= 0 && b >= 0 && c >= 0, "open /tmp/kcmp");
	CHECK(syscall(__NR_kcmp, me, me, KCMP_FILE, a, b) == 0, "KCMP_FILE: a dup'ed fd is the same file");
	CHECK(syscall(__NR_kcmp, me, me, KCMP_FILE, a, c) > 0, "KCMP_FILE: another open is not");
	return ok();
}

static int test_fhandle(void)
{
	static char bytes[sizeof(struct file_handle) + MAX_HANDLE_SZ] __attribute__((aligned(8)));
	struct file_handle *handle = (struct file_handle *)bytes;
	int mount_id, dir = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd;
	char back[8] = "";

	CHECK(dir >= 0, "open /tmp");
	handle->handle_bytes = MAX_HANDLE_SZ;
	CHECK(put("/tmp/fhandle", "handle") == 0, "write /tmp/fhandle");
	CHECK(name_to_handle_at(AT_FDCWD, "/tmp/fhandle", handle, &mount_id, 0) == 0, "name_to_handle_at");
	fd = open_by_handle_at(dir, handle, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0, "open_by_handle_at");
	CHECK(read(fd, back, 6) == 6 && memcmp(back, "handle", 6) == 0, "read through the handle");
	return ok();
}

static pthread_mutex_t pi_mutex;
static int contended;

/* Finds the mutex held, and waits for it in the kernel (FUTEX_LOCK_PI). */
static void *contend(void *arg)
{
	int rc = pthread_mutex_trylock(&pi_mutex);

	(void)arg;
	if (rc != EBUSY) {
		contended = rc ? rc : -1;
		return NULL;
	}
	rc = pthread_mutex_lock(&pi_mutex);
	contended = rc ? rc : pthread_mutex_unlock(&pi_mutex);
	return NULL;
}

static int test_pi_futex(void)
{
	pthread_mutexattr_t attr;
	pthread_t other;

	CHECK_RC(pthread_mutexattr_init(&attr), "pthread_mutexattr_init");
	CHECK_RC(pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT), "PTHREAD_PRIO_INHERIT");
	CHECK_RC(pthread_mutex_init(&pi_mutex, &attr), "pthread_mutex_init");
	CHECK_RC(pthread_mutex_lock(&pi_mutex), "pthread_mutex_lock");
	CHECK_RC(pthread_create(&other, NULL, contend, NULL), "pthread_create");
	sleep_ms(100);	/* most likely, the other thread is waiting by now */
	CHECK_RC(pthread_mutex_unlock(&pi_mutex), "pthread_mutex_unlock");
	CHECK_RC(pthread_join(other, NULL), "pthread_join");
	if (contended == -1)
		return failed_with("the other thread's trylock", "not EBUSY");
	CHECK_RC(contended, "the other thread's lock of the mutex");
	return ok();
}

static int test_hrtimers(void)
{
	struct timespec resolution;
	char why[64];

	CHECK(clock_getres(CLOCK_MONOTONIC, &resolution) == 0, "clock_getres");
	snprintf(why, sizeof(why), "%lld ns", (long long)resolution.tv_sec * 1000000000 + resolution.tv_nsec);
	if (resolution.tv_sec != 0 || resolution.tv_nsec != 1)
		return failed_with("CLOCK_MONOTONIC's resolution is 1 ns", why);
	return ok();
}

static int test_coredump(void)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	char pattern[256], path[64];
	Elf64_Ehdr header;
	int status, fd;
	pid_t pid;

	CHECK(get("/proc/sys/kernel/core_pattern", pattern, sizeof(pattern)) > 0, "/proc/sys/kernel/core_pattern");
	pattern[strcspn(pattern, "\n")] = '\0';
	/* The kernel's default: a file "core" (or "core.PID") in the process's folder. */
	if (strcmp(pattern, "core") != 0)
		return failed_with("core_pattern is not the default \"core\"", pattern);
	CHECK(make_dir("/tmp/cores") == 0, "mkdir /tmp/cores");
	pid = fork();
	if (pid == 0) {
		if (chdir("/tmp/cores") == 0 && setrlimit(RLIMIT_CORE, &unlimited) == 0)
			raise(SIGSEGV);
		_exit(failed("chdir or setrlimit RLIMIT_CORE"));
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork");
	if (WIFEXITED(status))
		return 1;
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV && WCOREDUMP(status), "WCOREDUMP of the child");
	snprintf(path, sizeof(path), "/tmp/cores/core.%d", (int)pid);
	fd = open("/tmp/cores/core", O_RDONLY | O_CLOEXEC);
	fd = fd < 0 ? open(path, O_RDONLY | O_CLOEXEC) : fd;
	CHECK(fd >= 0, "open /tmp/cores/core");
	CHECK(read(fd, &header, sizeof(header)) == sizeof(header) && memcmp(header.e_ident, ELFMAG, SELFMAG) == 0 &&
	      header.e_type == ET_CORE, "the core file is an ELF core");
	return ok();
}

static int test_config_gz(void)
{
	unsigned char buf[4096];
	long size = 0;
	ssize_t n;
	int fd = open("/proc/config.gz", O_RDONLY | O_CLOEXEC);

	CHECK(fd >= 0, "open /proc/config.gz");
	CHECK(read(fd, buf, 2) == 2 && buf[0] == 0x1f && buf[1] == 0x8b, "gzip's magic 1f 8b");
	for (size = 2; (n = read(fd, buf, sizeof(buf))) > 0; size += n)
		;
	CHECK(n == 0 && size > 4096, "more than 4 KiB of it");
	return ok();
}

static int test_process_vm_readv(void)
{
	static char text[32] = "the parent's";
	char back[32] = "";
	struct iovec local = { back, sizeof(back) }, remote = { text, sizeof(text) };
	int ready[2];
	ssize_t n;
	pid_t pid;

	CHECK(pipe(ready) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		strcpy(text, "the child's");
		if (write(ready[1], "", 1) == 1)
			pause();
		_exit(0);
	}
	CHECK(pid > 0 && read(ready[0], back, 1) == 1, "the child's start");
	n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK(n == sizeof(back), "process_vm_readv");
	CHECK(strcmp(back, "the child's") == 0, "the child's text read");
	return ok();
}

static int test_hugepages(void)
{
	long size = field("/proc/meminfo", "Hugepagesize:") * 1024;
	char *huge, *anon, *aligned;
	int fd;

	CHECK(size > 0, "Hugepagesize in /proc/meminfo");
	CHECK(put("/proc/sys/vm/nr_hugepages", "4") == 0, "write /proc/sys/vm/nr_hugepages");
	CHECK(field("/proc/meminfo", "HugePages_Total:") >= 2, "HugePages_Total: 2 or more reserved");
	huge = anonymous((size_t)size, MAP_HUGETLB);
	CHECK(huge != MAP_FAILED, "mmap MAP_HUGETLB");
	memset(huge, 1, (size_t)size);
	CHECK(field("/proc/meminfo", "HugePages_Free:") < field("/proc/meminfo", "HugePages_Total:"),
	      "a huge page in use (HugePages_Free)");
	CHECK(munmap(huge, (size_t)size) == 0, "munmap");
	/* The launcher mounts hugetlbfs, as an ordinary system does. */
	fd = open("/dev/hugepages/kernel-test", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	CHECK(fd >= 0, "create /dev/hugepages/kernel-test");
	huge = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(huge != MAP_FAILED, "mmap a file in /dev/hugepages");
	memset(huge, 2, (size_t)size);
	CHECK(munmap(huge, (size_t)size) == 0 && unlink("/dev/hugepages/kernel-test") == 0, "unlink");
	/* Transparent huge pages, on madvise; a PMD's size is hugetlb's default one. */
	anon = anonymous(2 * (size_t)size, 0);
	CHECK(anon != MAP_FAILED, "mmap");
	aligned = anon + ((size_t)size - (uintptr_t)anon % (size_t)size) % (size_t)size;
	CHECK(madvise(aligned, (size_t)size, MADV_HUGEPAGE) == 0, "madvise MADV_HUGEPAGE");
	return ok();
}

static int test_ksm(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size = 64 * page;
	char *memory = anonymous(size, 0);
	long sharing = 0;

	CHECK(memory != MAP_FAILED, "mmap");
	memset(memory, 'k', size);
	CHECK(madvise(memory, size, MADV_MERGEABLE) == 0, "madvise MADV_MERGEABLE");
	CHECK(put("/sys/kernel/mm/ksm/sleep_millisecs", "1") == 0, "write /sys/kernel/mm/ksm/sleep_millisecs");
	CHECK(put("/sys/kernel/mm/ksm/run", "1") == 0, "write /sys/kernel/mm/ksm/run");
	/* ksmd merges the 64 identical pages after a couple of its scans. */
	for (int i = 0; i < 300 && sharing <= 0; i++) {
		sleep_ms(100);
		sharing = number("/sys/kernel/mm/ksm/pages_sharing");
	}
	CHECK(sharing > 0, "pages merged by ksmd within 30 s (pages_sharing)");
	return ok();
}

static int test_landlock(void)
{
	struct landlock_ruleset_attr rules = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG };
	struct landlock_path_beneath_attr beneath = { .allowed_access = rules.handled_access_fs };
	long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	int ruleset;

	CHECK(abi >= 1, "the Landlock ABI version");
	CHECK(make_dir("/tmp/allowed") == 0, "mkdir /tmp/allowed");
	ruleset = (int)syscall(__NR_landlock_create_ruleset, &rules, sizeof(rules), 0);
	CHECK(ruleset >= 0, "landlock_create_ruleset");
	beneath.parent_fd = open("/tmp/allowed", O_PATH | O_CLOEXEC);
	CHECK(syscall(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0) == 0,
	      "landlock_add_rule");
	CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0, "PR_SET_NO_NEW_PRIVS");
	CHECK(syscall(__NR_landlock_restrict_self, ruleset, 0) == 0, "landlock_restrict_self");
	CHECK(put("/tmp/allowed/file", "x") == 0, "write beneath /tmp/allowed");
	CHECK(put("/tmp/denied", "x") != 0 && errno == EACCES, "a write elsewhere fails with EACCES");
	return ok();
}

static int test_keys(void)
{
	long key = syscall(__NR_add_key, "user", "kernel-test", "payload", 7, KEY_SPEC_PROCESS_KEYRING);
	char back[16];

	CHECK(key > 0, "add_key");
	CHECK(syscall(__NR_keyctl, KEYCTL_READ, key, back, sizeof(back)) == 7 && memcmp(back, "payload", 7) == 0,
	      "KEYCTL_READ");
	CHECK(syscall(__NR_keyctl, KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, "user", "kernel-test", 0) == key,
	      "KEYCTL_SEARCH");
	return ok();
}

static int test_overlayfs(void)
{
	static const char *const dirs[] = { "/tmp/ovl", "/tmp/ovl/lower", "/tmp/ovl/upper", "/tmp/ovl/work",
					    "/tmp/ovl/merged" };
	char text[16];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		CHECK(make_dir(dirs[i]) == 0, dirs[i]);
	CHECK(put("/tmp/ovl/lower/file", "lower") == 0, "write /tmp/ovl/lower/file");
	CHECK(mount("overlay", "/tmp/ovl/merged", "overlay", 0,
		    "lowerdir=/tmp/ovl/lower,upperdir=/tmp/ovl/upper,workdir=/tmp/ovl/work") == 0, "mount overlay");
	CHECK(get("/tmp/ovl/merged/file", text, sizeof(text)) == 5 && strcmp(text, "lower") == 0,
	      "the lower file read through the overlay");
	CHECK(put("/tmp/ovl/merged/file", "upper") == 0, "write through the overlay");
	CHECK(get("/tmp/ovl/upper/file", text, sizeof(text)) == 5 && strcmp(text, "upper") == 0,
	      "the write copied up to the upper folder");
	CHECK(get("/tmp/ovl/lower/file", text, sizeof(text)) == 5 && strcmp(text, "lower") == 0,
	      "the lower file unchanged");
	CHECK(umount("/tmp/ovl/merged") == 0, "umount");
	return ok();
}

static int test_fuse(void)
{
	static char request[16384];	/* a FUSE server's reads take at least 8 KiB */
	const struct fuse_in_header *header = (const struct fuse_in_header *)request;
	int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	char options[128];

	CHECK(fd >= 0, "open /dev/fuse");
	CHECK(make_dir("/tmp/fuse") == 0, "mkdir /tmp/fuse");
	snprintf(options, sizeof(options), "fd=%d,rootmode=40000,user_id=0,group_id=0", fd);
	CHECK(mount("kernel-test", "/tmp/fuse", "fuse", MS_NOSUID | MS_NODEV, options) == 0, "mount fuse");
	/* The kernel's first request to a new filesystem's server. */
	CHECK(read(fd, request, sizeof(request)) >= (ssize_t)sizeof(*header) && header->opcode == FUSE_INIT,
	      "FUSE_INIT from /dev/fuse");
	CHECK(umount2("/tmp/fuse", MNT_DETACH) == 0, "umount");
	return ok();
}

static int test_binfmt_misc(void)
{
	char self[256] = "", rule[320];
	int status;
	pid_t pid;

	CHECK(readlink("/proc/self/exe", self, sizeof(self) - 1) > 0, "readlink /proc/self/exe");
	if (access("/proc/sys/fs/binfmt_misc/register", F_OK) != 0)
		CHECK(mount("binfmt_misc", "/proc/sys/fs/binfmt_misc", "binfmt_misc", 0, NULL) == 0,
		      "mount binfmt_misc on /proc/sys/fs/binfmt_misc");
	/* Files named *.ktest run with this program as their interpreter. */
	snprintf(rule, sizeof(rule), ":kernel-test:E::ktest::%s:", self);
	CHECK(put("/proc/sys/fs/binfmt_misc/register", rule) == 0, "register");
	CHECK(put("/tmp/run.ktest", "not an ELF\n") == 0 && chmod("/tmp/run.ktest", 0755) == 0,
	      "write /tmp/run.ktest");
	pid = fork();
	if (pid == 0) {
		execl("/tmp/run.ktest", "run.ktest", (char *)NULL);
		_exit(failed("execl /tmp/run.ktest"));
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
		return 1;
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "the interpreter's exit 42");
	CHECK(put("/proc/sys/fs/binfmt_misc/kernel-test", "-1") == 0, "remove the rule");
	return ok();
}

static int test_packet(void)
{
	unsigned char frame[64] = { [12] = 0x88, [13] = 0xb5 }, back[128];	/* EtherType: local use */
	struct sockaddr_ll lo = { .sll_family = AF_PACKET, .sll_protocol = htons(0x88b5),
				  .sll_ifindex = (int)if_nametoindex("lo") };
	struct timeval wait = { .tv_sec = 10 };
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(0x88b5));

	CHECK(fd >= 0, "socket AF_PACKET");
	CHECK(lo.sll_ifindex > 0, "if_nametoindex lo");
	CHECK(bind(fd, (struct sockaddr *)&lo, sizeof(lo)) == 0, "bind to lo");
	CHECK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait)) == 0, "SO_RCVTIMEO");
	memcpy(frame + 14, "kernel-test", 11);
	CHECK(send(fd, frame, sizeof(frame), 0) == sizeof(frame), "send a frame on lo");
	CHECK(recv(fd, back, sizeof(back), 0) == sizeof(frame) && memcmp(back, frame, sizeof(frame)) == 0,
	      "the frame received back");
	return ok();
}

/* Appends an attribute to a netlink message; with no data, opens a nested one. */
static struct rtattr *add_attr(struct nlmsghdr *message, unsigned short type, const void *data, size_t size)
{
	struct rtattr *attr = (struct rtattr *)((char *)message + NLMSG_ALIGN(message->nlmsg_len));

	attr->rta_type = type;
	attr->rta_len = (unsigned short)RTA_LENGTH(size);
	if (data)
		memcpy(RTA_DATA(attr), data, size);
	message->nlmsg_len = NLMSG_ALIGN(message->nlmsg_len) + RTA_ALIGN(attr->rta_len);
	return attr;
}

static void end_nest(struct nlmsghdr *message, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)((char *)message + message->nlmsg_len - (char *)nest);
}

static int test_veth(void)
{
	static char request_bytes[1024] __attribute__((aligned(4))), reply_bytes[1024] __attribute__((aligned(4)));
	struct nlmsghdr *request = (struct nlmsghdr *)request_bytes, *reply = (struct nlmsghdr *)reply_bytes;
	const struct nlmsgerr *error = NLMSG_DATA(reply);
	struct rtattr *info, *data, *peer;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	CHECK(fd >= 0, "socket AF_NETLINK");
	/* RTM_NEWLINK veth-a, kind veth, its peer veth-b; the ifinfomsg all zero. */
	*request = (struct nlmsghdr){ .nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)), .nlmsg_type = RTM_NEWLINK,
				      .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL };
	add_attr(request, IFLA_IFNAME, "veth-a", 7);
	info = add_attr(request, IFLA_LINKINFO, NULL, 0);
	add_attr(request, IFLA_INFO_KIND, "veth", 5);
	data = add_attr(request, IFLA_INFO_DATA, NULL, 0);
	peer = add_attr(request, VETH_INFO_PEER, NULL, 0);
	request->nlmsg_len += sizeof(struct ifinfomsg);	/* the peer's, all zero */
	add_attr(request, IFLA_IFNAME, "veth-b", 7);
	end_nest(request, peer);
	end_nest(request, data);
	end_nest(request, info);
	CHECK(send(fd, request, request->nlmsg_len, 0) == (ssize_t)request->nlmsg_len, "send RTM_NEWLINK");
	CHECK(recv(fd, reply, sizeof(reply_bytes), 0) > 0 && reply->nlmsg_type == NLMSG_ERROR, "rtnetlink's answer");
	errno = -error->error;
	if (error->error != 0)
		return failed("RTM_NEWLINK veth");
	CHECK(if_nametoindex("veth-a") > 0 && if_nametoindex("veth-b") > 0, "veth-a and veth-b exist");
	return ok();
}

static int test_tun(void)
{
	struct ifreq request = { .ifr_flags = IFF_TUN | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	strcpy(request.ifr_name, "tun-test");
	CHECK(fd >= 0, "open /dev/net/tun");
	CHECK(ioctl(fd, TUNSETIFF, &request) == 0, "TUNSETIFF");
	CHECK(if_nametoindex("tun-test") > 0, "tun-test exists");
	return ok();
}

static int test_xattr(void)
{
	char back[16];

	CHECK(put("/tmp/xattr", "x") == 0, "write /tmp/xattr");
	CHECK(setxattr("/tmp/xattr", "trusted.kernel-test", "value", 5, 0) == 0, "setxattr trusted.kernel-test");
	CHECK(getxattr("/tmp/xattr", "trusted.kernel-test", back, sizeof(back)) == 5 && memcmp(back, "value", 5) == 0,
	      "getxattr trusted.kernel-test");
	return ok();
}

static int test_mount_api(void)
{
	int fs = fsopen("tmpfs", FSOPEN_CLOEXEC), mounted;
	struct statfs st;

	CHECK(fs >= 0, "fsopen tmpfs");
	CHECK(fsconfig(fs, FSCONFIG_SET_STRING, "size", "1m", 0) == 0, "fsconfig size=1m");
	CHECK(fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0, "fsconfig FSCONFIG_CMD_CREATE");
	mounted = fsmount(fs, FSMOUNT_CLOEXEC, 0);
	CHECK(mounted >= 0, "fsmount");
	CHECK(make_dir("/tmp/mount-api") == 0, "mkdir /tmp/mount-api");
	CHECK(move_mount(mounted, "", AT_FDCWD, "/tmp/mount-api", MOVE_MOUNT_F_EMPTY_PATH) == 0, "move_mount");
	CHECK(statfs("/tmp/mount-api", &st) == 0 && st.f_blocks * st.f_bsize == 1 << 20,
	      "a tmpfs of 1 MiB on /tmp/mount-api");
	CHECK(put("/tmp/mount-api/file", "x") == 0, "write in it");
	/* The fds hold the mount: umount would be EBUSY. */
	CHECK(close(mounted) == 0 && close(fs) == 0 && umount("/tmp/mount-api") == 0, "umount");
	return ok();
}

static int test_pidfd(void)
{
	siginfo_t info = { 0 };
	struct pollfd ended;
	pid_t pid = fork();
	int fd;

	if (pid == 0) {
		pause();
		_exit(0);
	}
	fd = pidfd_open(pid, 0);
	if (fd < 0)
		kill(pid, SIGKILL);
	CHECK(fd >= 0, "pidfd_open");
	CHECK(pidfd_send_signal(fd, SIGTERM, NULL, 0) == 0, "pidfd_send_signal");
	ended = (struct pollfd){ .fd = fd, .events = POLLIN };
	CHECK(poll(&ended, 1, 10000) == 1, "poll: the pidfd readable once the child ends");
	CHECK(waitid(P_PIDFD, (id_t)fd, &info, WEXITED) == 0 && info.si_pid == pid && info.si_code == CLD_KILLED &&
	      info.si_status == SIGTERM, "waitid P_PIDFD: killed by SIGTERM");
	return ok();
}

static int test_clone3(void)
{
	long pid_max = number("/proc/sys/kernel/pid_max");
	pid_t tid[1] = { (pid_t)pid_max - 7 };	/* free: far above what this guest has used */
	int pidfd = -1;
	struct clone_args args = { .flags = CLONE_PIDFD, .pidfd = (uintptr_t)&pidfd, .exit_signal = SIGCHLD,
				   .set_tid = (uintptr_t)tid, .set_tid_size = 1 };
	siginfo_t info = { 0 };
	long pid;

	CHECK(pid_max > 100, "/proc/sys/kernel/pid_max");
	pid = syscall(__NR_clone3, &args, sizeof(args));
	if (pid == 0)
		_exit(getpid() == tid[0] ? 7 : 8);
	CHECK(pid == tid[0], "clone3 with set_tid");
	CHECK(pidfd >= 0, "CLONE_PIDFD's fd");
	CHECK(waitid(P_PIDFD, (id_t)pidfd, &info, WEXITED) == 0 && info.si_pid == tid[0] && info.si_code == CLD_EXITED &&
	      info.si_status == 7, "waitid P_PIDFD: the child has the PID asked for");
	return ok();
}

static const struct { const char *name; int (*run)(void); } features[] = {
	{ "seccomp", test_seccomp }, { "namespaces", test_namespaces }, { "timens", test_timens },
	{ "sysvipc", test_sysvipc }, { "mqueue", test_mqueue }, { "inotify", test_inotify },
	{ "fanotify", test_fanotify }, { "dnotify", test_dnotify }, { "io_uring", test_io_uring },
	{ "perf", test_perf }, { "cgroup", test_cgroup }, { "bpf", test_bpf }, { "userfaultfd", test_userfaultfd },
	{ "membarrier", test_membarrier }, { "rseq", test_rseq }, { "kcmp", test_kcmp }, { "fhandle", test_fhandle },
	{ "pi-futex", test_pi_futex }, { "hrtimers", test_hrtimers }, { "coredump", test_coredump },
	{ "config.gz", test_config_gz }, { "process_vm_readv", test_process_vm_readv },
	{ "hugepages", test_hugepages }, { "ksm", test_ksm }, { "landlock", test_landlock }, { "keys", test_keys },
	{ "overlayfs", test_overlayfs }, { "fuse", test_fuse }, { "binfmt_misc", test_binfmt_misc },
	{ "packet", test_packet }, { "veth", test_veth }, { "tun", test_tun }, { "xattr", test_xattr },
	{ "mount-api", test_mount_api }, { "pidfd", test_pidfd }, { "clone3", test_clone3 },
};

int main(int argc, char **argv)
{
	size_t n;

	setvbuf(stdout, NULL, _IONBF, 0);	/* children print too, and end with _exit */
	/* As the interpreter of /tmp/run.ktest (binfmt_misc), whose name comes second. */
	if (argc > 1 && (n = strlen(argv[1])) > 6 && strcmp(argv[1] + n - 6, ".ktest") == 0)
		return 42;
	feature = argc > 1 ? argv[1] : "";
	if (strcmp(feature, "cpus") == 0)
		return test_cpus(argc > 2 ? (int)strtol(argv[2], NULL, 10) : 1);
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (strcmp(feature, features[i].name) == 0)
			return features[i].run();
	fprintf(stderr, "kernel: unknown feature '%s'\n", feature);
	return 2;
}
