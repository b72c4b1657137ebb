/* launch: a PID 1 that hosts one program, as `docker run` hosts one in a container.
 *
 * It mounts /dev, /proc, /sys, /tmp and /run, reads what to run from the argument
 * file the kernel command line names after "--" (src/lib/argfile.h; written by
 * tools/nakedinit-run), and starts the program in a session of its own, with the
 * console's terminal as its controlling terminal, stdin, stdout and stderr. It
 * reaps every process that ends, orphans included. When the program ends, or its
 * time is up, it runs src/copyout.c where the initrd holds it (-o: /out to the
 * host), then stops whatever is left (SIGTERM, a grace period, SIGKILL),
 * syncs, says "nakedinit: exit N" and powers off. N follows docker run: the
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
/* The console's devices, as /sys names them ("tty0 ttyS0": the last one is the
 * one /dev/console writes to). */
#define CONSOLE_ACTIVE	"/sys/class/tty/console/active"
#define TTY_NAME_MAX	32
#define NOT_PID1	"nakedinit: refusing: not PID 1\n"
/* tools/nakedinit-run -o puts it in the initrd: it copies /out to the host. */
#define COPYOUT		"/nakedinit.copyout"

/* What it mounts, and where, in order: "fstype\0target\0" each; the source is
 * the fstype. devtmpfs first: the kernel may have mounted it already (EBUSY). */
#define MOUNTS	"devtmpfs\0/dev\0proc\0/proc\0sysfs\0/sys\0tmpfs\0/tmp\0tmpfs\0/run\0"

/* One write(2) per line, so kernel messages cannot land inside it. */
static void say(const char *what, const char *detail, long err)
{
	char line[LINE_SIZE];

	sys_write(1, line, format_line(line, what, detail, err));
}

static _Noreturn void power_off(int result)
{
	char code[4];

	*put_decimal(code, (unsigned long)result) = '\0';
	say("exit ", code, 0);
	/* For PID 1 this does not return: the kernel powers off, or halts where it
	 * cannot. Only a process without CAP_SYS_BOOT gets an error back. */
	sys_reboot(REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_POWER_OFF, NULL);
	for (;;)	/* Should it return anyway, halt without exiting: block forever. */
		sys_ppoll(NULL, 0, NULL, NULL);
}

static _Noreturn void fail(const char *what, const char *detail, long err)
{
	say(what, detail, err);
	power_off(RESULT_LAUNCH_FAILED);
}

static void mount_filesystems(void)
{
	char detail[LINE_DETAIL_MAX];

	for (const char *type = MOUNTS, *target; *type; type = target) {
		long err;

		for (target = type; *target++;)
			;
		err = sys_mount(type, target, type, 0, NULL);
		/* EBUSY: it is mounted there already, which is just as good. */
		if (err < 0 && err != -EBUSY) {
			*put_str(put_str(put_str(detail, type), " on "), target) = '\0';
			fail("mount ", detail, err);
		}
		while (*target++)
			;
	}
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

/* The device of the console's terminal, "/dev/ttyS0": opening /dev/console
 * itself never gives a controlling terminal (the kernel refuses it), so Ctrl-C
 * could not reach the program through it. */
static void find_console_tty(char tty[sizeof("/dev/") + TTY_NAME_MAX])
{
	char active[128];
	unsigned long end = read_file(CONSOLE_ACTIVE, active, sizeof(active) - 1), start;

	if (end >= sizeof(active))	/* larger than the list can be: no name taken */
		end = 0;
	/* The last word of the list: back over the newline, then to the space before. */
	while (end > 0 && (active[end - 1] == '\n' || active[end - 1] == ' '))
		end--;
	for (start = end; start > 0 && active[start - 1] != ' '; start--)
		;
	if (end == start || end - start > TTY_NAME_MAX)
		fail("no console terminal in ", CONSOLE_ACTIVE, -ENOENT);
	active[end] = '\0';
	*put_str(put_str(tty, "/dev/"), active + start) = '\0';
}

/* In the child: a session of its own, with the console's terminal as controlling
 * terminal, stdin, stdout and stderr; signals as a new program expects them;
 * then the program. If any step fails, it says so, sends the result down
 * report (whose end the launcher reads) and exits. */
static _Noreturn void run_program(const struct argfile *args, const char *tty, int report)
{
	const unsigned long no_signals = 0;
	const char *what = "setsid", *detail = "";
	unsigned char result = RESULT_LAUNCH_FAILED;
	long fd, err;

	err = sys_setsid();
	if (err < 0)
		goto failed;
	what = "open ";
	detail = tty;
	fd = err = sys_openat(AT_FDCWD, tty, O_RDWR | O_NOCTTY, 0);
	if (err < 0)
		goto failed;
	what = "TIOCSCTTY ";
	err = sys_ioctl((int)fd, TIOCSCTTY, 0);
	if (err < 0)
		goto failed;
	what = "dup3 ";
	for (int target = 0; target <= 2; target++)
		if (fd != target && (err = sys_dup3((int)fd, target, 0)) < 0)
			goto failed;
	if (fd > 2)
		sys_close((int)fd);
	/* A blocked signal stays blocked across execve(2). */
	sys_rt_sigprocmask(SIG_SETMASK, &no_signals, NULL, SIGSET_SIZE);

	err = sys_execve(args->path, args->argv, args->envp);
	what = "execve ";
	detail = args->path;
	result = err == -ENOENT || err == -ENOTDIR ? RESULT_NOT_FOUND : RESULT_CANNOT_EXECUTE;
failed:
	say(what, detail, err);
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

/* Waits for a signal of the signalfd, at most *time_left if it is not NULL (the
 * kernel counts it down). Returns 0 when the time has run out. */
static long wait_signal(struct pollfd *signals, struct timespec *time_left)
{
	struct signalfd_siginfo info;
	long n = sys_ppoll(signals, 1, time_left, NULL);

	if (n > 0)	/* Take it off the queue: a pending SIGCHLD would stay readable. */
		sys_read(signals->fd, &info, sizeof(info));
	return n;
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
		say("copying /out failed", "", 0);
}

/* What is left once the program has ended: SIGTERM to every process, the grace
 * period for them to end, then SIGKILL. SIGCONT wakes what copyout froze, to
 * its SIGTERM. kill(-1) spares the caller and kernel threads. */
static void stop_everything(struct pollfd *signals, long program, int *program_status)
{
	struct timespec grace = { GRACE_SECONDS, 0 };

	sys_kill(-1, SIGTERM);
	sys_kill(-1, SIGCONT);
	while (reap(program, program_status) == 0 && wait_signal(signals, &grace) > 0)
		;
	sys_kill(-1, SIGKILL);
	while (sys_wait4(-1, NULL, 0, NULL) > 0)
		;
	sys_sync();
}

_Noreturn void program_start(const long *initial_sp)
{
	/* The kernel's initial stack: argc, argv[argc], NULL, envp[], NULL. */
	const char *const *argv = (const char *const *)initial_sp + 1;
	const unsigned long all_signals = ~0ul, child_signals = SIGNAL_BIT(SIGCHLD);
	const char *vector[ARGFILE_VECTOR_SIZE], *bad;
	char file[ARGFILE_SIZE_MAX + 1], tty[sizeof("/dev/") + TTY_NAME_MAX];
	char detail[LINE_DETAIL_MAX];
	struct argfile args;
	struct pollfd signals = { .events = POLLIN };
	struct timespec time_left;
	unsigned long size;
	int report[2], status = -1, result = RESULT_NONE;
	unsigned char code;
	long program, n;

	if (sys_getpid() != 1) {
		sys_write(2, NOT_PID1, sizeof(NOT_PID1) - 1);
		sys_exit_group(RESULT_LAUNCH_FAILED);
	}
	mount_filesystems();

	if (initial_sp[0] < 2)
		fail("no argument file named after --", "", 0);
	size = read_file(argv[1], file, ARGFILE_SIZE_MAX);
	bad = parse_argfile(file, size, vector, &args);
	if (bad) {
		*put_str(put_str(put_clipped(detail, argv[1], 128), ": "), bad) = '\0';
		fail("argument file ", detail, 0);
	}
	find_console_tty(tty);

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
		run_program(&args, tty, report[1]);

	/* The report pipe closes on a successful execve (O_CLOEXEC); else the
	 * child sends why it could not run the program. */
	sys_close(report[1]);
	if (sys_read(report[0], &code, 1) == 1)
		result = code;
	sys_close(report[0]);

	time_left.tv_sec = (long)args.timeout;
	time_left.tv_nsec = 0;
	while (result == RESULT_NONE) {
		n = reap(program, &status);
		if (status >= 0)
			break;
		if (n < 0)	/* It cannot vanish unreaped, but never wait for nothing. */
			fail("wait4", "", n);
		if (wait_signal(&signals, args.timeout ? &time_left : NULL) == 0) {
			*put_str(put_decimal(detail, args.timeout), " s: stopping the program") = '\0';
			say("timeout after ", detail, 0);
			result = RESULT_TIMEOUT;
		}
	}
	if (result == RESULT_NONE) {
		/* The wait status: the signal in the low 7 bits, or 0 and the exit status above. */
		if (status & 0x7f) {
			*put_signal(detail, (unsigned long)(status & 0x7f)) = '\0';
			say("killed by ", detail, 0);
			result = RESULT_SIGNAL_BASE + (status & 0x7f);
		} else {
			result = (status >> 8) & 0xff;
		}
	}
	copy_out();
	stop_everything(&signals, program, &status);
	power_off(result);
}
