// SPDX-License-Identifier: MIT
/* run: the program started, as a shell starts a command; waited for, with its time
 * limit; what is left stopped; its result. */
#include "launch/launch.h"

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
	long err, console = -1;

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
	/* tell() writes to fd 1, the console: the program's stdout from here on. */
	console = sys_dup3(1, CONSOLE_FD, O_CLOEXEC);
	for (int i = 0; i < STREAMS; i++)	/* without O_CLOEXEC: the program keeps them */
		if ((err = sys_dup3(STREAM_FD + i, i, 0)) < 0)
			goto failed;
	/* A blocked signal stays blocked across execve(2). */
	sys_rt_sigprocmask(SIG_SETMASK, &no_signals, NULL, SIGSET_SIZE);
	what = "personality";
	if (args->personality && (err = sys_personality(args->personality)) < 0)
		goto failed;

	err = sys_execve(args->path, args->argv, args->envp);
	what = "execve ";
	detail = args->path;
	result = err == -ENOENT || err == -ENOTDIR ? RESULT_NOT_FOUND : RESULT_CANNOT_EXECUTE;
failed:
	if (console >= 0)
		sys_dup3(CONSOLE_FD, 1, 0);
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
_Noreturn void host_program(const char *kinds, const struct argfile *args, int shares_mounted)
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
void read_argfile(const char *path, char file[ARGFILE_SIZE_MAX + 1],
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
