// SPDX-License-Identifier: MIT
/* loop: QEMU started, and this process standing in for the program while the guest
 * runs it (what tools/runvm.c was). It adds to QEMU's command a virtio-serial
 * transport (the machine's, virtio-serial-device on virtio-mmio) and one port per
 * channel, each a socket pair whose other end QEMU gets (-chardev socket,fd=N):
 *
 *   nakedinit.stdin, .stdout, .stderr  the program's stream N where streams[N] is
 *       'p': bytes carried between this process's fd N and the port as they are;
 *       EOF on fd 0 closes the port, and the guest's read(2) then returns 0
 *   nakedinit.tty   one virtconsole (hvc0 in the guest) for the streams that are
 *       't': a terminal; fd 0, when it is one of them and a terminal, is put in
 *       raw mode, so that Ctrl-C and the rest reach the guest's line discipline
 *   nakedinit.result  the launcher's: first "time\n", answered with this host's time
 *       and random bytes (send_time), then its result, "N OUT ERR\n", answered "\n"
 *       once OUT and ERR bytes have come (power_off in src/launch.c)
 *   the serial console  the kernel's messages and the launcher's lines: to the log,
 *       and with -V to stderr as well
 *
 * QEMU's own stderr goes to the log too. The run's status: the result; 125 with one
 * line "nakedinit-run: ..." on stderr (after the console's last lines) when the
 * guest ended without one, QEMU failed, or the guest outlived the watchdog; 128 + N
 * when signal N (SIGINT, SIGTERM, SIGHUP) stopped this process, which stops QEMU
 * first; 141, as for SIGPIPE, when the reader of stdout or stderr went away. QEMU
 * runs in a process group of its own and dies with this process.
 *
 * A warm start (vm->state): QEMU gets every channel above whatever the streams are,
 * and one more port, nakedinit.load (src/launch.c, "a warm start"), so that the
 * machine is the same whatever the run. Saving (vm->save), it boots a launcher
 * started with "warm", waits for its "ready\n" on that port, saves the machine to
 * the state through QEMU's monitor (a migration to a file: written beside it,
 * renamed to it once complete). Restoring, QEMU takes the state (-incoming) instead
 * of booting, and the port carries the run to the launcher: the archive's size in 8
 * hex digits, the streams, the archive (a newc cpio of the run's files).
 *
 * One thread, one poll(2) loop. The host's fds are shared with the caller and are
 * never made non-blocking; a write to one follows POLLOUT and is at most PIPE_BUF
 * bytes, which a pipe then takes without blocking.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "run.h"

#define STREAMS		3
#define CHUNK		PIPE_BUF
#define FLOW_BUF	65536
#define RESULT_MAX	64	/* "255 OUT ERR\n" and room to see that more came */
#define TAIL_LINES	10	/* of the log, shown when the run fails */
#define EXIT_SIGPIPE	(128 + SIGPIPE)
#define SEED_BYTES	32
#define FRAME_HEADER	((size_t)4)
#define FRAME_MAX	0xffff
/* While a save runs, how often to ask QEMU how far it has got. */
#define MIGRATE_POLL_MS	5

/* A one-way flow of bytes: read from `from` into buf, written on to `to`, and
 * to `tee` as well where it is not -1 (-v: the console on stderr too). */
struct flow {
	int from, to, tee;	/* -1: none, or no more */
	unsigned long long got;	/* bytes read from `from` */
	int to_host;		/* `to` is the caller's: writes follow POLLOUT, at most CHUNK */
	int framed;		/* stdin to a kept guest: in frames, ended by an EOF frame */
	char *buf;		/* FLOW_BUF bytes */
	size_t start, end;
};

static const char *const stream_names[STREAMS] = { "stdin", "stdout", "stderr" };

static void say(const char *fmt, const char *detail)
{
	fprintf(stderr, TOOL ": ");
	fprintf(stderr, fmt, detail);
	fputc('\n', stderr);
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

/* A socket pair: ours (non-blocking) and QEMU's (kept across its execve). */
static int channel(int *ours, int *theirs)
{
	int pair[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
		return -1;
	*ours = pair[0];
	*theirs = pair[1];
	return fcntl(*ours, F_SETFL, O_NONBLOCK);
}

/* A kept guest's stdin port carries frames (src/launch.c, "a kept guest"): 4 hex
 * digits of length, the bytes; "0000" is EOF. The n bytes read after room for the
 * header become a frame. */
static void frame(struct flow *f, size_t n)
{
	char header[2 * sizeof(size_t) + 1];

	if (!n)
		return;
	snprintf(header, sizeof(header), "%04zx", n);	/* n <= FRAME_MAX: 4 digits */
	memcpy(f->buf + f->end, header, FRAME_HEADER);
	f->end += FRAME_HEADER + n;
	f->got += n;
}

/* No more of the caller's stdin: the EOF frame, once. */
static void end_frames(struct flow *f)
{
	if (f->from != -1 && f->to >= 0) {
		memcpy(f->buf + f->end, "0000", FRAME_HEADER);
		f->end += FRAME_HEADER;
	}
	f->from = -1;
}

/* Moves what flow f can move now. Returns -1 when writing to the caller failed
 * with EPIPE (its reader went away), else 0. At EOF `from` becomes -1; when
 * writing fails otherwise (QEMU's end is gone), `to` does, and what is left is
 * dropped. */
static int pump(struct flow *f, int from_events, int to_events)
{
	ssize_t n;

	if (f->framed && f->from >= 0 && f->end < FLOW_BUF - 2 * FRAME_HEADER &&
	    (from_events & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) {
		size_t room = FLOW_BUF - f->end - 2 * FRAME_HEADER;

		n = read(f->from, f->buf + f->end + FRAME_HEADER, room < FRAME_MAX ? room : FRAME_MAX);
		if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR)))
			frame(f, n > 0 ? (size_t)n : 0);
		else
			end_frames(f);
	} else if (!f->framed && f->from >= 0 && f->end < FLOW_BUF && (from_events & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) {
		n = read(f->from, f->buf + f->end, FLOW_BUF - f->end);
		if (n > 0 && f->tee >= 0 && write(f->tee, f->buf + f->end, (size_t)n) < 0)
			f->tee = -1;
		if (n > 0) {
			f->end += (size_t)n;
			f->got += (unsigned long long)n;
		} else if (n == 0 || (errno != EAGAIN && errno != EINTR))
			f->from = -1;
	}
	if (f->to >= 0 && f->start < f->end && (to_events & (POLLOUT | POLLERR | POLLHUP | POLLNVAL))) {
		size_t size = f->end - f->start;

		if (f->to_host && size > CHUNK)
			size = CHUNK;
		n = write(f->to, f->buf + f->start, size);
		if (n > 0)
			f->start += (size_t)n;
		else if (n < 0 && errno != EAGAIN && errno != EINTR) {
			if (f->to_host && errno == EPIPE)
				return -1;
			f->to = -1;
		}
	}
	if (f->start == f->end || f->to < 0)
		f->start = f->end = 0;
	return 0;
}

/* The last TAIL_LINES lines of the log, on stderr (unless -v has shown them), and
 * the one line that says why the guest gave no result. */
static void diagnose(const char *log, int qemu_status, int shown)
{
	static char text[1 << 20];
	char *lines[TAIL_LINES] = { 0 }, *panic = NULL, *launcher = NULL, *line, *next;
	size_t size = 0;
	int count = 0;
	FILE *f = fopen(log, "r");

	if (f) {
		/* The end of a long log is what tells. */
		if (fseek(f, 0, SEEK_END) == 0 && ftell(f) > (long)sizeof(text) - 1)
			fseek(f, -(long)sizeof(text) + 1, SEEK_END);
		else
			rewind(f);
		size = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	text[size] = '\0';
	for (line = text; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		if (strstr(line, "Kernel panic - not syncing"))
			panic = line;
		else if (strncmp(line, "nakedinit: ", 11) == 0)
			launcher = line;
		lines[count++ % TAIL_LINES] = line;
	}
	if (count && !shown)
		fprintf(stderr, TOOL ": the guest's console ended with:\n");
	for (int i = count > TAIL_LINES ? count - TAIL_LINES : 0; i < count && !shown; i++)
		fprintf(stderr, "  %s\n", lines[i % TAIL_LINES]);
	if (panic)
		say("no result: the guest's kernel panicked (%s)", strstr(panic, "Kernel panic"));
	else if (WIFSIGNALED(qemu_status))
		say("no result: QEMU was killed by signal %s", strsignal(WTERMSIG(qemu_status)));
	else if (WEXITSTATUS(qemu_status) != 0)
		say("no result: QEMU failed (%s)", count ? lines[(count - 1) % TAIL_LINES] : "no message");
	else if (launcher)
		say("no result: the guest powered off after \"%s\"", launcher);
	else
		say("no result: the guest powered off without one%s", "");
}

/* The result as the launcher writes it, "N OUT ERR\n": N from 0 to 255, OUT and
 * ERR the bytes its stdout and stderr ports sent. Returns N, or -1 if the text
 * is not such a line. */
static int parse_result(const char *text, size_t size, unsigned long long sent[2])
{
	unsigned long long number[3] = { 0, 0, 0 };
	size_t at = 0;

	for (int i = 0; i < 3; i++) {
		size_t digits = 0;

		while (at < size && text[at] >= '0' && text[at] <= '9' && digits++ < 19)
			number[i] = number[i] * 10 + (unsigned)(text[at++] - '0');
		if (!digits || at == size || text[at++] != (i < 2 ? ' ' : '\n'))
			return -1;
	}
	if (at != size || number[0] > 255)
		return -1;
	sent[0] = number[1];
	sent[1] = number[2];
	return (int)number[0];
}

/* The channels to QEMU: a socket pair each, ours and QEMU's end, and the arguments
 * that give QEMU its ends, its ports and the transport they sit on. */
enum channel { CONSOLE, RESULT, TTY, STDIN, STDOUT, STDERR, LOAD, MONITOR, CHANNELS };
struct channels {
	int ours[CHANNELS], theirs[CHANNELS];	/* -1: not used in this run */
	char args[CHANNELS][2][160];
	const char *extra[4 * CHANNELS + 4];
	char incoming[32];
	int extras;
};

/* The console, the result, the terminal where a stream is 't', a port for each
 * stream that is 'p'; for a warm start all of them and the load port, and to save
 * one, QEMU's monitor. Returns 0, or -1 with errno. */
static int make_channels(struct channels *ch, const char *streams, const char *device, int warm, int save)
{
	int any_tty = strchr(streams, 't') != NULL || warm;

	ch->extras = 0;
	ch->extra[ch->extras++] = "-device";
	ch->extra[ch->extras++] = device;
	for (int c = 0; c < CHANNELS; c++) {
		const char *name = c == CONSOLE ? "console" : c == RESULT ? "result" : c == TTY ? "tty" :
				   c == LOAD ? "load" : c == MONITOR ? "monitor" : stream_names[c - STDIN];

		ch->ours[c] = ch->theirs[c] = -1;
		if (c == TTY ? !any_tty : c == LOAD ? !warm : c == MONITOR ? !save :
		    c >= STDIN && streams[c - STDIN] != 'p' && !warm)
			continue;
		if (channel(&ch->ours[c], &ch->theirs[c]) < 0)
			return -1;
		snprintf(ch->args[c][0], sizeof(ch->args[c][0]), "socket,id=nakedinit.%s,fd=%d", name,
			 ch->theirs[c]);
		if (c == CONSOLE)
			snprintf(ch->args[c][1], sizeof(ch->args[c][1]), "chardev:nakedinit.console");
		else if (c == MONITOR)
			snprintf(ch->args[c][1], sizeof(ch->args[c][1]), "chardev=nakedinit.monitor,mode=control");
		else
			snprintf(ch->args[c][1], sizeof(ch->args[c][1]), "%s,chardev=nakedinit.%s,name=nakedinit.%s",
				 c == TTY ? "virtconsole" : "virtserialport", name, name);
		ch->extra[ch->extras++] = "-chardev";
		ch->extra[ch->extras++] = ch->args[c][0];
		ch->extra[ch->extras++] = c == CONSOLE ? "-serial" : c == MONITOR ? "-mon" : "-device";
		ch->extra[ch->extras++] = ch->args[c][1];
	}
	return 0;
}

/* QEMU, in a process group of its own (the terminal's signals are the guest's),
 * dying with this process; its stdin /dev/null, its messages to `messages`, its
 * ends of the channels kept across execve. */
static pid_t start_qemu(char **qemu_argv, const struct channels *ch, int messages, int state,
			const int keep[4], const sigset_t *stops)
{
	pid_t qemu = fork();

	if (qemu != 0)
		return qemu;
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sigprocmask(SIG_UNBLOCK, stops, NULL);
	signal(SIGPIPE, SIG_DFL);
	dup2(null, 0);
	dup2(messages, 1);
	dup2(messages, 2);
	for (int c = 0; c < CHANNELS; c++)
		if (ch->theirs[c] >= 0)
			fcntl(ch->theirs[c], F_SETFD, 0);
	if (state >= 0)
		fcntl(state, F_SETFD, 0);
	for (int i = 0; i < 4 && keep[i] >= 0; i++)
		fcntl(keep[i], F_SETFD, 0);
	execv(qemu_argv[0], qemu_argv);
	fprintf(stderr, TOOL ": cannot run %s: %s\n", qemu_argv[0], strerror(errno));
	_exit(127);
}

/* What the launcher asks for first, "time\n" on its result port: this host's time
 * (16 hex digits of seconds, 8 of nanoseconds) and 32 random bytes (64 hex digits).
 * A guest has no clock of its own worth the name (aarch64's kernel has no RTC
 * driver; a warm start's is the saved machine's) nor, booted, entropy for some time. */
static int send_time(int fd)
{
	unsigned char seed[SEED_BYTES];
	char answer[16 + 8 + 2 * SEED_BYTES + 1];
	struct timespec now;
	int n;

	clock_gettime(CLOCK_REALTIME, &now);
	if (getrandom(seed, sizeof(seed), 0) != sizeof(seed))
		return -1;
	n = snprintf(answer, sizeof(answer), "%016llx%08lx", (unsigned long long)now.tv_sec, (unsigned long)now.tv_nsec);
	for (int i = 0; i < SEED_BYTES; i++)
		n += snprintf(answer + n, sizeof(answer) - (size_t)n, "%02x", seed[i]);
	return write(fd, answer, (size_t)n) == n ? 0 : -1;
}

/* QEMU's monitor takes a file for an outgoing migration only as one it has been
 * given, by name: getfd, with the descriptor attached (SCM_RIGHTS). */
static int send_fd(int monitor, int fd)
{
	static const char command[] = "{\"execute\": \"getfd\", \"arguments\": {\"fdname\": \"state\"}}\n";
	union {
		struct cmsghdr header;
		/* cppcheck-suppress unusedStructMember ; it makes room for the descriptor */
		char space[CMSG_SPACE(sizeof(int))];
	} control = { 0 };
	struct iovec text = { .iov_base = (void *)command, .iov_len = sizeof(command) - 1 };
	struct msghdr message = { .msg_iov = &text, .msg_iovlen = 1, .msg_control = &control,
				  .msg_controllen = sizeof(control) };
	struct cmsghdr *attached = CMSG_FIRSTHDR(&message);

	attached->cmsg_level = SOL_SOCKET;
	attached->cmsg_type = SCM_RIGHTS;
	attached->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(attached), &fd, sizeof(int));
	return sendmsg(monitor, &message, 0) == (ssize_t)text.iov_len ? 0 : -1;
}


/* Where the loop is: the channels and flows, what came on the result, load and
 * monitor ports, QEMU's state. */
struct loop {
	struct vm *vm;
	struct channels ch;
	int *ours, signals, log_fd, state;
	char state_temp[PATH_MAX];
	pid_t qemu;
	struct flow flows[7], *output[2];
	int nflows, stdin_flow;
	char result[RESULT_MAX], said[64], monitor[4096];
	size_t result_size, said_size, monitor_size;
	int state_saved, migrating, qemu_status, exit_status, qemu_running, value, answered;
	long long next_poll, deadline, started, before_us;
	unsigned long long sent[2];
	int tty_fd, raw, kept_gone;
	struct termios saved;
	sigset_t stops;
};

static void early_stop(int signal)
{
	_exit(128 + signal);
}

void signals_early(void)
{
	static const int stops[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction was, now = { .sa_handler = early_stop };

	for (size_t i = 0; i < sizeof(stops) / sizeof(*stops); i++)
		/* Started in the background by a script, SIGINT comes ignored: so it stays. */
		if (sigaction(stops[i], NULL, &was) == 0 && was.sa_handler != SIG_IGN)
			sigaction(stops[i], &now, NULL);
	signal(SIGPIPE, SIG_IGN);	/* EPIPE instead: the run then ends as the program would */
}

/* Stops the guest: QEMU killed; a kept guest's slot left without "done", which
 * retires that guest (kept.c). */
static void stop_guest(struct loop *l)
{
	if (l->qemu > 0)
		kill(l->qemu, SIGKILL);
	if (l->vm->server >= 0) {
		close(l->vm->server);
		l->vm->server = -1;
		l->qemu_running = 0;
	}
}

static int failed(struct loop *l, int status)
{
	if (l->exit_status < 0)
		l->exit_status = status;
	stop_guest(l);
	return -1;
}

/* The state's file: saving, a new one beside it (every user's runs restore it: it
 * holds the launcher waiting, nothing of theirs); restoring, the state. */
static int open_state(struct loop *l)
{
	struct vm *vm = l->vm;

	l->state = -1;
	if (vm->save) {
		snprintf(l->state_temp, sizeof(l->state_temp), "%s.XXXXXX", vm->state);
		l->state = mkostemp(l->state_temp, O_CLOEXEC);
		if (l->state >= 0)
			fchmod(l->state, 0644);
	} else if (vm->state)
		l->state = open(vm->state, O_RDONLY | O_CLOEXEC);
	if (vm->state && l->state < 0) {
		say(vm->save ? "cannot write the warm start's state beside %s" : "cannot read the warm start's state %s",
		    vm->state);
		return -1;
	}
	return 0;
}

/* The terminal is the guest's: raw where it types, so that every key reaches the
 * guest's line discipline; where it only shows, without output processing (the
 * guest's adds the "\r" before "\n" already). Restored at the end. */
static int terminal_of(struct loop *l)
{
	const char *streams = l->vm->streams;
	int terminal = -1, any_tty = strchr(streams, 't') != NULL && !l->vm->save;

	for (int fd = 1; fd <= 2 && terminal < 0; fd++)
		if (streams[fd] == 't')
			terminal = fd;
	if (terminal < 0 && any_tty)
		terminal = 0;	/* only stdin is: its echo goes back there */
	l->tty_fd = streams[0] == 't' ? 0 : terminal;
	if (l->tty_fd >= 0 && isatty(l->tty_fd) && tcgetattr(l->tty_fd, &l->saved) == 0) {
		struct termios t = l->saved;

		if (l->tty_fd == 0)
			cfmakeraw(&t);
		else
			t.c_oflag &= ~(tcflag_t)OPOST;
		l->raw = tcsetattr(l->tty_fd, TCSANOW, &t) == 0;
	}
	return terminal;
}

/* The flows: the caller's stdin to the guest, the guest's output to the caller,
 * the console and QEMU's messages to the log, the archive to the launcher. */
static void make_flows(struct loop *l, int terminal, int qemu_err)
{
	struct vm *vm = l->vm;
	const char *streams = vm->streams;
	int *ours = l->ours, tee = vm->verbose ? 2 : -1;

	l->stdin_flow = -1;
	if (!vm->save) {
		l->stdin_flow = l->nflows;
		l->flows[l->nflows++] = (struct flow){ .from = 0, .to = streams[0] == 'p' ? ours[STDIN] : ours[TTY], .tee = -1,
						       .framed = vm->server >= 0 };
	}
	if (strchr(streams, 't') && !vm->save)
		l->flows[l->nflows++] = (struct flow){ .from = ours[TTY], .to = terminal, .tee = -1, .to_host = 1 };
	for (int fd = 1; fd <= 2; fd++)
		if (streams[fd] == 'p' && !vm->save) {
			l->output[fd - 1] = &l->flows[l->nflows];
			l->flows[l->nflows++] = (struct flow){ .from = ours[STDIN + fd], .to = fd, .tee = -1, .to_host = 1 };
		}
	if (vm->server < 0) {
		l->flows[l->nflows++] = (struct flow){ .from = ours[CONSOLE], .to = l->log_fd, .tee = tee };
		l->flows[l->nflows++] = (struct flow){ .from = qemu_err, .to = l->log_fd, .tee = tee };
	}
	if (vm->archive >= 0)
		l->flows[l->nflows++] = (struct flow){ .from = vm->archive, .to = ours[LOAD], .tee = -1 };
	/* (malloc: a page of a buffer is only taken when bytes come) */
	for (int i = 0; i < l->nflows; i++)
		l->flows[i].buf = xrealloc(NULL, FLOW_BUF);
	if (vm->archive >= 0) {
		struct flow *f = &l->flows[l->nflows - 1];
		struct stat st;

		fstat(vm->archive, &st);
		f->end = (size_t)snprintf(f->buf, FLOW_BUF, "%08llx%s", (unsigned long long)st.st_size, streams);
		/* and a kept guest's run, its memory in MiB: its cgroup's limit */
		if (vm->server >= 0)
			f->end += (size_t)snprintf(f->buf + f->end, FLOW_BUF - f->end, "%08lx", (unsigned long)vm->memory_mib);
	}
}

/* A kept guest's slot: its sockets are the channels, and the server's
 * connection stands for QEMU (kept.c). */
static int start_kept(struct loop *l)
{
	static const enum channel order[5] = { LOAD, RESULT, STDIN, STDOUT, STDERR };
	struct vm *vm = l->vm;

	for (int c = 0; c < CHANNELS; c++)
		l->ch.ours[c] = -1;
	for (int i = 0; i < 5; i++) {
		l->ch.ours[order[i]] = vm->slot[i];
		fcntl(vm->slot[i], F_SETFL, O_NONBLOCK);
	}
	l->ours = l->ch.ours;
	l->qemu = -1;
	l->started = now_ms();
	make_flows(l, -1, -1);
	l->qemu_running = 1;
	return 0;
}

/* QEMU's command with the channels, started. */
static int start(struct loop *l)
{
	struct vm *vm = l->vm;
	int qemu_err[2], n = 0, argc = 0;

	if (vm->server >= 0)
		return start_kept(l);
	if (make_channels(&l->ch, vm->streams, vm->device, vm->state != NULL, vm->save) < 0 ||
	    pipe2(qemu_err, O_CLOEXEC) < 0) {
		say("cannot make the channels to QEMU: %s", strerror(errno));
		return -1;
	}
	l->ours = l->ch.ours;
	if (vm->archive >= 0) {
		snprintf(l->ch.incoming, sizeof(l->ch.incoming), "fd:%d", l->state);
		l->ch.extra[l->ch.extras++] = "-incoming";
		l->ch.extra[l->ch.extras++] = l->ch.incoming;
	}
	while (vm->argv[argc])
		argc++;
	char **argv = xcalloc((size_t)argc + (size_t)l->ch.extras + 1, sizeof(char *));
	for (int i = 0; i < argc; i++)
		argv[n++] = vm->argv[i];
	for (int i = 0; i < l->ch.extras; i++)
		argv[n++] = (char *)l->ch.extra[i];
	int terminal = terminal_of(l);
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	l->before_us = t.tv_sec * 1000000LL + t.tv_nsec / 1000 - vm->since_us;
	l->started = now_ms();
	l->qemu = start_qemu(argv, &l->ch, qemu_err[1], l->state, vm->keep_fds, &l->stops);
	free(argv);	/* the child has its copy */
	if (l->qemu < 0) {
		say("cannot start QEMU: %s", strerror(errno));
		return -1;
	}
	for (int c = 0; c < CHANNELS; c++)
		if (l->ch.theirs[c] >= 0)
			close(l->ch.theirs[c]);
	close(qemu_err[1]);
	if (vm->archive >= 0)
		close(l->state);
	make_flows(l, terminal, qemu_err[0]);
	if (vm->save)
		dprintf(l->ours[MONITOR], "{\"execute\": \"qmp_capabilities\"}\n");
	l->qemu_running = 1;
	return 0;
}

/* The server speaks only to say the guest is gone; its connection's end is the
 * same news. */
static void on_server(struct loop *l)
{
	char text[16];

	if (read(l->vm->server, text, sizeof(text)) <= 0 || !strncmp(text, "gone\n", 5)) {
		close(l->vm->server);
		l->vm->server = -1;
		l->qemu_running = 0;
		l->kept_gone = 1;
	}
}

/* A kept guest's run, answered: the rest of stdin's frames and its EOF frame out,
 * the outputs complete; then "done", and the slot is the next run's. */
static void kept_done(struct loop *l)
{
	struct flow *in = l->stdin_flow >= 0 ? &l->flows[l->stdin_flow] : NULL;

	if (in && in->from >= 0)
		end_frames(in);
	if (in && in->to >= 0 && in->start < in->end)
		return;
	for (int i = 0; i < 2; i++)
		if (l->output[i])
			l->output[i]->from = -1;
	for (int i = 0; i < l->nflows; i++)
		if (l->flows[i].from == l->ours[LOAD])
			l->flows[i].from = -1;
	if (write(l->vm->server, "done\n", 5) != 5)
		l->exit_status = EXIT_FAILED;
	close(l->vm->server);
	l->vm->server = -1;
	l->qemu_running = 0;
	close(l->ours[RESULT]);
	l->ours[RESULT] = -1;
}

static void on_signals(struct loop *l)
{
	struct signalfd_siginfo info;

	while (read(l->signals, &info, sizeof(info)) == sizeof(info))
		if (info.ssi_signo != SIGCHLD)
			failed(l, 128 + (int)info.ssi_signo);
}

static void on_flows(struct loop *l, const struct pollfd *fds, int at[][2])
{
	for (int i = 0; i < l->nflows; i++) {
		struct flow *f = &l->flows[i];
		int was_open = f->from >= 0;

		if (pump(f, at[i][0] >= 0 ? fds[at[i][0]].revents : 0, at[i][1] >= 0 ? fds[at[i][1]].revents : 0) < 0) {
			/* Its reader went away: as for a program killed by SIGPIPE. */
			failed(l, EXIT_SIGPIPE);
			f->to = -1;
		}
		/* The caller's stdin ended: once all is sent, EOF for the guest. A shutdown,
		 * not a close: QEMU drops a socket that hangs up (POLLHUP) with what it has
		 * not read yet, but reads one shut for writing to its end. (A terminal's
		 * hangup just ends what it types.) */
		if (i == l->stdin_flow && was_open && f->from < 0 && !f->framed)
			f->from = -2;
		if (i == l->stdin_flow && f->from == -2 && f->start == f->end && f->to == l->ours[STDIN] && f->to >= 0) {
			shutdown(f->to, SHUT_WR);
			f->to = -1;
		}
	}
}

static void on_result(struct loop *l)
{
	int *ours = l->ours;
	ssize_t got = read(ours[RESULT], l->result + l->result_size, sizeof(l->result) - l->result_size);

	if (got > 0)
		l->result_size += (size_t)got;
	if (got == 0 || l->result_size == sizeof(l->result) || (got < 0 && errno != EAGAIN)) {
		close(ours[RESULT]);
		ours[RESULT] = -1;
	}
	if (l->result_size == 5 && memcmp(l->result, "time\n", 5) == 0) {
		l->result_size = 0;
		if (send_time(ours[RESULT]) < 0)
			stop_guest(l);	/* no seed, no run */
	}
	if (got > 0 && l->result_size && l->result[l->result_size - 1] == '\n' &&
	    (l->value = parse_result(l->result, l->result_size, l->sent)) < 0)
		stop_guest(l);	/* no result: what follows is the diagnosis */
}

static void on_load(struct loop *l)
{
	int *ours = l->ours;
	ssize_t got = read(ours[LOAD], l->said + l->said_size, sizeof(l->said) - 1 - l->said_size);

	if (got > 0)
		l->said_size += (size_t)got;
	else if (got == 0 || errno != EAGAIN)
		ours[LOAD] = -1;	/* QEMU's end is gone; the flow's write sees it too */
	l->said[l->said_size] = '\0';
	if (l->vm->save && !l->migrating && !l->state_saved && strcmp(l->said, "ready\n") == 0) {
		/* The guest waits: the machine goes to the file, and QEMU stops it. */
		if (send_fd(ours[MONITOR], l->state) < 0)
			say("cannot give QEMU the state's file: %s", strerror(errno));
		dprintf(ours[MONITOR], "{\"execute\": \"migrate\", \"arguments\": {\"uri\": \"fd:state\"}}\n");
		l->migrating = 1;
		l->said_size = 0;
	} else if (memchr(l->said, '\n', l->said_size) || l->said_size == sizeof(l->said) - 1) {
		say("the launcher said \"%.40s\" on its load port, which is not the warm start's", l->said);
		failed(l, EXIT_FAILED);
		ours[LOAD] = -1;
	}
}

static void on_monitor(struct loop *l)
{
	int *ours = l->ours;
	ssize_t got = read(ours[MONITOR], l->monitor + l->monitor_size, sizeof(l->monitor) - 1 - l->monitor_size);
	char *line, *end;

	if (got > 0)
		l->monitor_size += (size_t)got;
	else if (got == 0 || errno != EAGAIN)
		ours[MONITOR] = -1;
	l->monitor[l->monitor_size] = '\0';
	/* QMP answers a line each: what counts is the migration's status. */
	for (line = l->monitor; (end = strchr(line, '\n')); line = end + 1) {
		*end = '\0';
		if (l->migrating && strstr(line, "\"status\": \"completed\"")) {
			l->migrating = 0;
			l->state_saved = 1;
			dprintf(ours[MONITOR], "{\"execute\": \"quit\"}\n");
		} else if (strstr(line, "\"error\"") || strstr(line, "\"status\": \"failed\"")) {
			say("QEMU could not save the machine: %s", line);
			l->migrating = 0;
			failed(l, EXIT_FAILED);
		}
	}
	l->monitor_size -= (size_t)(line - l->monitor);
	memmove(l->monitor, line, l->monitor_size);
	if (l->monitor_size == sizeof(l->monitor) - 1)
		l->monitor_size = 0;	/* no line is that long: drop it */
}

/* One turn: poll what can move, then move it. Returns 0 when all is done. */
static int turn(struct loop *l)
{
	struct pollfd fds[2 * 7 + 4] = { { 0 } };
	int at[7][2] = { { 0 } }, nfds = 0, busy = 0, *ours = l->ours, timeout = -1;

	for (int i = 0; i < l->nflows; i++) {
		struct flow *f = &l->flows[i];

		at[i][0] = at[i][1] = -1;
		if (f->from >= 0 && f->end < FLOW_BUF) {
			at[i][0] = nfds;
			fds[nfds++] = (struct pollfd){ .fd = f->from, .events = POLLIN };
		}
		if (f->to >= 0 && f->start < f->end) {
			at[i][1] = nfds;
			fds[nfds++] = (struct pollfd){ .fd = f->to, .events = POLLOUT };
		}
		/* Once QEMU has exited, what its sockets still hold is read out. */
		busy |= (f->from >= 0 && i != l->stdin_flow) || f->start < f->end;
	}
	int result_at = ours[RESULT] >= 0 ? nfds : -1;
	if (ours[RESULT] >= 0)
		fds[nfds++] = (struct pollfd){ .fd = ours[RESULT], .events = POLLIN };
	int load_at = ours[LOAD] >= 0 ? nfds : -1;
	if (ours[LOAD] >= 0)
		fds[nfds++] = (struct pollfd){ .fd = ours[LOAD], .events = POLLIN };
	int monitor_at = ours[MONITOR] >= 0 ? nfds : -1;
	if (ours[MONITOR] >= 0)
		fds[nfds++] = (struct pollfd){ .fd = ours[MONITOR], .events = POLLIN };
	int signal_at = nfds;
	fds[nfds++] = (struct pollfd){ .fd = l->signals, .events = POLLIN };
	int server_at = nfds;
	fds[nfds++] = (struct pollfd){ .fd = l->vm->server, .events = POLLIN };

	if (!l->qemu_running && !busy && ours[RESULT] < 0)
		return 0;
	if (l->deadline && l->qemu_running && l->exit_status < 0) {
		long long left = l->deadline - now_ms();
		timeout = left > 0 ? (int)left : 0;
	}
	if (l->migrating)
		timeout = MIGRATE_POLL_MS;
	if (poll(fds, (nfds_t)nfds, timeout) < 0 && errno != EINTR)
		fds[signal_at].revents = 0;
	if (l->deadline && l->qemu_running && l->exit_status < 0 && now_ms() >= l->deadline) {
		char seconds[24];

		snprintf(seconds, sizeof(seconds), "%ld", l->vm->watchdog);
		say("the guest did not end within %s s: stopped it", seconds);
		failed(l, EXIT_FAILED);
	}
	if (fds[signal_at].revents & POLLIN)
		on_signals(l);
	if (fds[server_at].revents)
		on_server(l);
	if (l->qemu_running && l->qemu > 0 && waitpid(l->qemu, &l->qemu_status, WNOHANG) == l->qemu) {
		l->qemu_running = 0;
		if (l->stdin_flow >= 0)	/* nobody to take the caller's stdin now */
			l->flows[l->stdin_flow].from = -1;
	}
	on_flows(l, fds, at);
	if (result_at >= 0 && fds[result_at].revents)
		on_result(l);
	if (load_at >= 0 && fds[load_at].revents)
		on_load(l);
	if (monitor_at >= 0 && fds[monitor_at].revents)
		on_monitor(l);
	if (l->migrating && now_ms() >= l->next_poll) {
		dprintf(ours[MONITOR], "{\"execute\": \"query-migrate\"}\n");
		l->next_poll = now_ms() + MIGRATE_POLL_MS;
	}
	/* The answer that lets the guest power off, once all it sent is here. */
	if (l->value >= 0 && !l->answered && ours[RESULT] >= 0 && (!l->output[0] || l->output[0]->got >= l->sent[0]) &&
	    (!l->output[1] || l->output[1]->got >= l->sent[1]))
		l->answered = write(ours[RESULT], "\n", 1) == 1;
	if (l->answered && l->vm->server >= 0)
		kept_done(l);
	return 1;
}

/* The run's status, once QEMU is gone. */
static int finish(struct loop *l)
{
	struct vm *vm = l->vm;

	if (l->raw)
		tcsetattr(l->tty_fd, TCSANOW, &l->saved);
	if (l->qemu_running && l->qemu > 0) {
		kill(l->qemu, SIGKILL);
		waitpid(l->qemu, &l->qemu_status, 0);
	}
	if (getenv("NAKEDINIT_RUN_QEMU_MS"))
		fprintf(stderr, "qemu_ms %lld\nbefore_qemu_us %lld\n", now_ms() - l->started, l->before_us);
	if (vm->save) {
		if (l->exit_status < 0 && l->state_saved && WIFEXITED(l->qemu_status) && WEXITSTATUS(l->qemu_status) == 0 &&
		    fsync(l->state) == 0 && rename(l->state_temp, vm->state) == 0)
			return 0;
		unlink(l->state_temp);
		if (l->exit_status < 0)
			diagnose(vm->log, l->qemu_status, vm->verbose);
		say("the warm start's state %s was not saved", vm->state);
		return EXIT_FAILED;
	}
	if (l->exit_status >= 0)
		return l->exit_status;
	if ((l->value < 0 || !l->answered) && l->kept_gone) {
		diagnose(vm->log, 0, vm->verbose);
		say("the kept guest ended during the run (its console: %s)", vm->log);
		return EXIT_FAILED;
	}
	if (l->value < 0 || !l->answered) {
		diagnose(vm->log, l->qemu_status, vm->verbose);
		return EXIT_FAILED;
	}
	vm->gave_result = 1;
	return l->value;
}

int vm_run(struct vm *vm)
{
	static struct loop l;
	int status;

	l = (struct loop){ .vm = vm, .exit_status = -1, .value = -1 };
	sigemptyset(&l.stops);
	sigaddset(&l.stops, SIGINT);
	sigaddset(&l.stops, SIGTERM);
	sigaddset(&l.stops, SIGHUP);
	sigaddset(&l.stops, SIGCHLD);
	sigprocmask(SIG_BLOCK, &l.stops, NULL);
	l.signals = signalfd(-1, &l.stops, SFD_CLOEXEC | SFD_NONBLOCK);
	l.log_fd = open(vm->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (l.log_fd < 0) {
		say("cannot write the log %s", vm->log);
		return EXIT_FAILED;
	}
	if (open_state(&l) < 0 || start(&l) < 0)
		return EXIT_FAILED;
	l.deadline = vm->watchdog > 0 ? l.started + vm->watchdog * 1000 : 0;
	while (turn(&l))
		;
	status = finish(&l);
	for (int c = 0; c < CHANNELS; c++)
		if (l.ours[c] >= 0)
			close(l.ours[c]);
	for (int i = 0; i < l.nflows; i++)
		free(l.flows[i].buf);
	close(l.signals);
	close(l.log_fd);
	if (vm->save && l.state >= 0)
		close(l.state);
	return status;
}
