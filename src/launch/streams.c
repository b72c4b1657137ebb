// SPDX-License-Identifier: MIT
/* streams: the program's stdin, stdout and stderr, carried between its pipes and
 * their ports, or the terminal itself. */
#include "launch/launch.h"

/* --- the streams --------------------------------------------------------------
 * Where the host gave a pipe, a file or /dev/null ('p'), the program gets a pipe,
 * as a shell would give it: splice(2), FIONREAD and fstat's S_IFIFO behave as
 * there. A port is a character device, so the launcher carries the bytes between
 * the pipe and the stream's port: a flow each way, read from `from` while its
 * buffer is empty, written to `to` until it is, every end non-blocking so that one
 * ppoll waits for all flows and the children at once. Where the host gave a
 * terminal ('t'), the program gets the terminal itself. */

void flow_end(struct flow *f)
{
	if (f->from >= 0)
		sys_close(f->from);
	if (f->to >= 0)
		sys_close(f->to);
	f->from = f->to = -1;
	f->start = f->end = 0;
}

/* What the flow waits for: bytes from its source while its buffer is empty, else
 * room in its sink (fd -1, which ppoll skips, once it has ended). */
static void flow_events(const struct flow *f, struct pollfd *p)
{
	int empty = f->start == f->end;

	p->fd = empty ? f->from : f->to;
	p->events = empty ? POLLIN : POLLOUT;
	p->revents = 0;
}

/* A step of the flow, once ppoll says it can move. The source's end (0, or an
 * error) ends the flow once its buffer is out: the program sees EOF. A sink that
 * takes no more (the program closed its stdin) ends it too: a writer of the pipe
 * then meets EPIPE and SIGPIPE, as it would on the host. */
static void flow_step(struct flow *f)
{
	long n;

	if (f->splice) {
		/* The port takes pages from the pipe as they are (virtio_console's
		 * splice_write): no copy through the launcher. */
		n = f->end ? 1 : sys_splice(f->from, NULL, f->to, NULL, 1 << 20, SPLICE_F_NONBLOCK);
		f->end = n == -EAGAIN;
		/* ppoll said the pipe is readable: 0 is its end. A port that cannot
		 * splice (EINVAL) gets the bytes copied instead. */
		if (n == -EINVAL) {
			f->splice = 0;
			return;
		}
	} else if (f->start == f->end) {
		n = sys_read(f->from, f->buf, sizeof(f->buf));
		if (n > 0)
			f->end = (unsigned long)n;
	} else {
		n = sys_write(f->to, f->buf + f->start, f->end - f->start);
		if (n > 0 && (f->start += (unsigned long)n) == f->end)
			f->start = f->end = 0;
	}
	if (n == 0 || (n < 0 && n != -EAGAIN && n != -EINTR))
		flow_end(f);
}

/* The program's streams, as the word after the argument file says: the port or
 * the terminal at PORT_FD + i; the program's end at STREAM_FD + i, a pipe's for a
 * port, whose other end, at RELAY_FD + i, flows[i] joins to the port. */
void open_streams(const char *kinds, struct flow flows[STREAMS])
{
	static const char *const names[STREAMS] = { "stdin", "stdout", "stderr" };
	const int flags[STREAMS] = { O_RDONLY, O_WRONLY, O_WRONLY };
	const int kept = sys_fcntl(KEPT_FD, F_GETFD, 0) >= 0;
	long err;

	for (int i = 0; i < STREAMS; i++) {
		int pipe[2], port = kinds[i] == 'p', reading = i == 0;

		if (!port && kinds[i] != 't')
			fail("streams: not 3 of p, t: ", kinds, 0);
		flows[i].from = flows[i].to = -1;	/* (no initializer: it would clear buf too) */
		flows[i].start = flows[i].end = 0;
		flows[i].splice = 0;
		/* A kept guest's run has its ports from its worker, which carries stdin
		 * to the pipe at STREAM_FD itself (kept_run). */
		if (kept && i == 0)
			continue;
		if (!kept)
			open_stream(port ? names[i] : NULL, port ? flags[i] | O_NONBLOCK : O_RDWR, PORT_FD + i);
		if (!port) {
			if ((err = sys_dup3(PORT_FD + i, STREAM_FD + i, O_CLOEXEC)) < 0)
				fail("dup3 ", TERMINAL, err);
			continue;
		}
		err = sys_pipe2(pipe, O_CLOEXEC);
		if (err == 0)
			err = sys_dup3(pipe[!reading], STREAM_FD + i, O_CLOEXEC);
		if (err >= 0)
			err = sys_dup3(pipe[reading], RELAY_FD + i, O_CLOEXEC);
		if (err >= 0)
			err = sys_fcntl(RELAY_FD + i, F_SETFL, O_NONBLOCK);
		if (err < 0)
			fail("the pipe of ", names[i], err);
		sys_close(pipe[0]);
		sys_close(pipe[1]);
		flows[i].from = reading ? PORT_FD + i : RELAY_FD + i;
		flows[i].to = reading ? RELAY_FD + i : PORT_FD + i;
		flows[i].splice = !reading;
	}
	if (kinds[STREAMS])
		fail("streams: not 3 of p, t: ", kinds, 0);
	if ((err = sys_dup3(PORT_FD + 2, ERR_FD, O_CLOEXEC)) < 0)
		fail("dup3 ", "stderr", err);
	/* The launcher leads the session, so that the program need not: a program a
	 * shell starts leads a process group, never a session (setpgid(2) works). */
	for (int i = 0; i < STREAMS; i++)
		if (kinds[i] == 't') {
			if ((err = sys_ioctl(PORT_FD + i, TIOCSCTTY, 0)) < 0)
				fail("TIOCSCTTY ", TERMINAL, err);
			break;
		}
}

/* Carries the flows until a signal of the signalfd comes, at most *time_left if
 * it is not NULL (the kernel counts it down). Returns 0 when the time has run out,
 * 1 when a signal came, 2 when a flow moved. */
long serve(int signals, struct flow flows[STREAMS], struct timespec *time_left)
{
	struct pollfd polls[1 + STREAMS];
	struct signalfd_siginfo info;
	long n;

	polls[0].fd = signals;
	polls[0].events = POLLIN;
	for (int i = 0; i < STREAMS; i++)
		flow_events(&flows[i], &polls[1 + i]);
	n = sys_ppoll(polls, 1 + STREAMS, time_left, NULL);
	if (n <= 0)
		return n == 0 ? 0 : 2;
	for (int i = 0; i < STREAMS; i++)
		if (polls[1 + i].revents)
			flow_step(&flows[i]);
	if (!polls[0].revents)
		return 2;
	/* Take it off the queue: a pending SIGCHLD would stay readable. */
	sys_read(signals, &info, sizeof(info));
	return 1;
}

/* Once no process is left to write to them: what the pipes hold, out to the
 * host; then the pipes end, which the host need not wait for. The program's
 * stdin is dropped. */
void drain(int signals, struct flow flows[STREAMS])
{
	flow_end(&flows[0]);
	while (flows[1].from >= 0 || flows[2].from >= 0)
		serve(signals, flows, NULL);
}
