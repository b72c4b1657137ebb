/* runvm: the part of tools/nakedinit-run that runs QEMU and stands in for the
 * program while the guest runs it.
 *
 *   runvm -s STREAMS -d DEVICE -l LOG [-r RESULT] [-w SECONDS] [-v]
 *         [-W STATE [-S | -L ARCHIVE]] -- QEMU ARGS...
 *
 * It starts QEMU with ARGS, adding a virtio-serial transport (DEVICE: the
 * machine's, virtio-serial-device on virtio-mmio) and one port per channel, each
 * a socket pair whose other end QEMU gets (-chardev socket,fd=N):
 *
 *   nakedinit.stdin, .stdout, .stderr  the program's stream N where STREAMS[N] is
 *       'p': bytes carried between this process's fd N and the port as they are;
 *       EOF on fd 0 closes the port, and the guest's read(2) then returns 0
 *   nakedinit.tty   one virtconsole (hvc0 in the guest) for the streams that are
 *       't': a terminal; fd 0, when it is one of them and a terminal, is put in
 *       raw mode, so that Ctrl-C and the rest reach the guest's line discipline
 *   nakedinit.result  the launcher's: first "time\n", answered with this host's time
 *       and random bytes (send_time), then its result, "N OUT ERR\n", answered "\n"
 *       once OUT and ERR bytes have come (power_off in src/launch.c)
 *   the serial console  the kernel's messages and the launcher's lines: to LOG,
 *       and with -v to stderr as well
 *
 * QEMU's own stderr goes to LOG too. Exit status: the result; 125 with one line
 * "nakedinit-run: ..." on stderr (after the console's last lines) when the guest
 * ended without one, QEMU failed, or the guest outlived -w SECONDS; 128 + N when
 * signal N (SIGINT, SIGTERM, SIGHUP) stopped this process, which stops QEMU first;
 * 141, as for SIGPIPE, when the reader of stdout or stderr went away. QEMU runs in
 * a process group of its own and dies with this process. With -r, the result is
 * also written to RESULT, only when the guest gave one.
 *
 * A warm start (-W STATE): QEMU gets every channel above whatever STREAMS says,
 * and one more port, nakedinit.load (src/launch.c, "a warm start"), so that the
 * machine is the same whatever the run. With -S it boots a launcher started with
 * "warm", waits for its "ready\n" on that port, saves the machine to STATE through
 * QEMU's monitor (a migration to a file: written beside STATE, renamed to it once
 * complete) and exits 0. With -L, QEMU restores STATE (-incoming) instead of
 * booting, and the port carries the run to the launcher: ARCHIVE's size in 8 hex
 * digits, STREAMS, ARCHIVE (a newc cpio of the run's files).
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

#define TOOL		"nakedinit-run"
#define STREAMS		3
#define CHUNK		PIPE_BUF
#define RESULT_MAX	64	/* "255 OUT ERR\n" and room to see that more came */
#define TAIL_LINES	10	/* of the log, shown when the run fails */
#define EXIT_FAILED	125
#define EXIT_SIGPIPE	(128 + SIGPIPE)
#define SEED_BYTES	32
/* While a save runs, how often to ask QEMU how far it has got. */
#define MIGRATE_POLL_MS	5

/* A one-way flow of bytes: read from `from` into buf, written on to `to`, and
 * to `tee` as well where it is not -1 (-v: the console on stderr too). */
struct flow {
	int from, to, tee;	/* -1: none, or no more */
	unsigned long long got;	/* bytes read from `from` */
	int to_host;		/* `to` is the caller's: writes follow POLLOUT, at most CHUNK */
	char buf[65536];
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

/* Moves what flow f can move now. Returns -1 when writing to the caller failed
 * with EPIPE (its reader went away), else 0. At EOF `from` becomes -1; when
 * writing fails otherwise (QEMU's end is gone), `to` does, and what is left is
 * dropped. */
static int pump(struct flow *f, int from_events, int to_events)
{
	ssize_t n;

	if (f->from >= 0 && f->end < sizeof(f->buf) && (from_events & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) {
		n = read(f->from, f->buf + f->end, sizeof(f->buf) - f->end);
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
			const sigset_t *stops)
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
	execvp(qemu_argv[0], qemu_argv);
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

static void usage(void)
{
	fprintf(stderr, "usage: runvm -s STREAMS -d DEVICE -l LOG [-r RESULT] [-w SECONDS] [-v] "
		"[-W STATE [-S | -L ARCHIVE]] -- QEMU ARGS...\n");
	exit(EXIT_FAILED);
}

int main(int argc, char **argv)
{
	const char *streams = NULL, *device = NULL, *log_path = NULL, *result_path = NULL;
	const char *state_path = NULL, *archive_path = NULL;
	long watchdog = 0;
	const char *watchdog_text = "0";
	int verbose = 0, option, terminal = -1, raw = 0, save = 0;
	struct termios saved;

	while ((option = getopt(argc, argv, "+s:d:l:r:w:vW:SL:")) != -1) {
		switch (option) {
		case 's': streams = optarg; break;
		case 'd': device = optarg; break;
		case 'l': log_path = optarg; break;
		case 'r': result_path = optarg; break;
		case 'w': watchdog = strtol(optarg, NULL, 10); watchdog_text = optarg; break;
		case 'v': verbose = 1; break;
		case 'W': state_path = optarg; break;
		case 'S': save = 1; break;
		case 'L': archive_path = optarg; break;
		default: usage();
		}
	}
	/* A closed fd 0, 1 or 2 would be the next file opened: /dev/null holds its
	 * place (a closed stdin is EOF for the program, a closed stdout takes all). */
	for (int fd = 0; fd < STREAMS; fd++)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", fd ? O_WRONLY : O_RDONLY) != fd)
			return EXIT_FAILED;
	if (!streams || strlen(streams) != STREAMS || strspn(streams, "pt") != STREAMS ||
	    !device || !log_path || optind >= argc || (state_path && save == !!archive_path) ||
	    (!state_path && (save || archive_path)))
		usage();

	/* Started in the background by a script, SIGINT may come ignored: an ignored
	 * signal never reaches a signalfd. */
	sigset_t stops;
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	sigaddset(&stops, SIGCHLD);
	signal(SIGINT, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);	/* EPIPE instead: the run then ends as the program would */
	sigprocmask(SIG_BLOCK, &stops, NULL);
	int signals = signalfd(-1, &stops, SFD_CLOEXEC | SFD_NONBLOCK);
	/* If the caller dies (even by SIGKILL), so does this, and QEMU with it. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		return EXIT_FAILED;

	int log_fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (log_fd < 0) {
		say("cannot write the log %s", log_path);
		return EXIT_FAILED;
	}

	/* A warm start's state: the file QEMU saves to, beside STATE, or restores from;
	 * and the run's archive. */
	int state = -1, archive = -1;
	char state_temp[PATH_MAX];
	struct stat archive_stat;

	if (save) {
		snprintf(state_temp, sizeof(state_temp), "%s.XXXXXX", state_path);
		state = mkostemp(state_temp, O_CLOEXEC);
		/* Every user's runs restore it: it holds the launcher waiting, nothing of theirs. */
		if (state >= 0)
			fchmod(state, 0644);
	} else if (state_path) {
		state = open(state_path, O_RDONLY | O_CLOEXEC);
		archive = open(archive_path, O_RDONLY | O_CLOEXEC);
		if (archive < 0 || fstat(archive, &archive_stat) < 0 || archive_stat.st_size > 0xffffffff) {
			say("cannot read the run's archive %s", archive_path);
			return EXIT_FAILED;
		}
	}
	if (state_path && state < 0) {
		say(save ? "cannot write the warm start's state beside %s" : "cannot read the warm start's state %s",
		    state_path);
		return EXIT_FAILED;
	}

	struct channels ch;
	int qemu_err[2];

	if (make_channels(&ch, streams, device, state_path != NULL, save) < 0 || pipe2(qemu_err, O_CLOEXEC) < 0) {
		say("cannot make the channels to QEMU: %s", strerror(errno));
		return EXIT_FAILED;
	}
	if (archive >= 0) {
		snprintf(ch.incoming, sizeof(ch.incoming), "fd:%d", state);
		ch.extra[ch.extras++] = "-incoming";
		ch.extra[ch.extras++] = ch.incoming;
	}
	int *ours = ch.ours, any_tty = strchr(streams, 't') != NULL && !save;
	char **qemu_argv = calloc((size_t)argc - (size_t)optind + (size_t)ch.extras + 1, sizeof(char *));
	int n = 0;
	for (int i = optind; i < argc; i++)
		qemu_argv[n++] = argv[i];
	for (int i = 0; i < ch.extras; i++)
		qemu_argv[n++] = (char *)ch.extra[i];

	for (int fd = 1; fd <= 2 && terminal < 0; fd++)
		if (streams[fd] == 't')
			terminal = fd;
	if (terminal < 0 && any_tty)
		terminal = 0;	/* only stdin is: its echo goes back there */
	/* The terminal is the guest's: raw where it types, so that every key reaches
	 * the guest's line discipline; where it only shows, without output processing
	 * (the guest's adds the "\r" before "\n" already). Restored at the end. */
	int tty_fd = streams[0] == 't' ? 0 : terminal;
	if (tty_fd >= 0 && isatty(tty_fd) && tcgetattr(tty_fd, &saved) == 0) {
		struct termios t = saved;

		if (tty_fd == 0)
			cfmakeraw(&t);
		else
			t.c_oflag &= ~(tcflag_t)OPOST;
		raw = tcsetattr(tty_fd, TCSANOW, &t) == 0;
	}

	long long started = now_ms();
	pid_t qemu = start_qemu(qemu_argv, &ch, qemu_err[1], state, &stops);
	free(qemu_argv);	/* the child has its copy */
	if (qemu < 0) {
		say("cannot start QEMU: %s", strerror(errno));
		return EXIT_FAILED;
	}
	for (int c = 0; c < CHANNELS; c++)
		if (ch.theirs[c] >= 0)
			close(ch.theirs[c]);
	close(qemu_err[1]);
	if (archive >= 0)
		close(state);

	/* The flows: the caller's stdin to the guest, the guest's output to the
	 * caller, the console and QEMU's messages to the log. */
	static struct flow flows[7];
	int nflows = 0, stdin_flow = -1;
	char result[RESULT_MAX];
	size_t result_size = 0;

	if (!save) {
		stdin_flow = nflows;
		flows[nflows++] = (struct flow){ .from = 0, .to = streams[0] == 'p' ? ours[STDIN] : ours[TTY], .tee = -1 };
	}
	if (any_tty)
		flows[nflows++] = (struct flow){ .from = ours[TTY], .to = terminal, .tee = -1, .to_host = 1 };
	struct flow *output[2] = { NULL, NULL };	/* stdout's and stderr's, where ports */
	for (int fd = 1; fd <= 2; fd++)
		if (streams[fd] == 'p' && !save) {
			output[fd - 1] = &flows[nflows];
			flows[nflows++] = (struct flow){ .from = ours[STDIN + fd], .to = fd, .tee = -1, .to_host = 1 };
		}
	flows[nflows++] = (struct flow){ .from = ours[CONSOLE], .to = log_fd, .tee = verbose ? 2 : -1 };
	flows[nflows++] = (struct flow){ .from = qemu_err[0], .to = log_fd, .tee = verbose ? 2 : -1 };
	if (archive >= 0) {
		struct flow *f = &flows[nflows++];

		*f = (struct flow){ .from = archive, .to = ours[LOAD], .tee = -1 };
		f->end = (size_t)snprintf(f->buf, sizeof(f->buf), "%08llx%s",
					  (unsigned long long)archive_stat.st_size, streams);
	}
	/* What the launcher says on the load port, and, saving, what QEMU's monitor does. */
	char said[64], monitor[4096];
	size_t said_size = 0, monitor_size = 0;
	int state_saved = 0, migrating = 0;
	long long next_poll = 0;

	if (save)
		dprintf(ours[MONITOR], "{\"execute\": \"qmp_capabilities\"}\n");

	int qemu_status = 0, exit_status = -1, qemu_running = 1, value = -1, answered = 0;
	unsigned long long sent[2] = { 0, 0 };
	long long deadline = watchdog > 0 ? started + watchdog * 1000 : 0;

	for (;;) {
		struct pollfd fds[2 * 7 + 4];
		int at[7][2], nfds = 0, busy = 0;

		for (int i = 0; i < nflows; i++) {
			struct flow *f = &flows[i];

			at[i][0] = at[i][1] = -1;
			if (f->from >= 0 && f->end < sizeof(f->buf)) {
				at[i][0] = nfds;
				fds[nfds++] = (struct pollfd){ .fd = f->from, .events = POLLIN };
			}
			if (f->to >= 0 && f->start < f->end) {
				at[i][1] = nfds;
				fds[nfds++] = (struct pollfd){ .fd = f->to, .events = POLLOUT };
			}
			/* Once QEMU has exited, what its sockets still hold is read out. */
			busy |= (f->from >= 0 && i != stdin_flow) || f->start < f->end;
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
		fds[nfds++] = (struct pollfd){ .fd = signals, .events = POLLIN };

		if (!qemu_running && !busy && ours[RESULT] < 0)
			break;
		int timeout = -1;
		if (deadline && qemu_running && exit_status < 0) {
			long long left = deadline - now_ms();
			timeout = left > 0 ? (int)left : 0;
		}
		if (migrating)
			timeout = MIGRATE_POLL_MS;
		if (poll(fds, (nfds_t)nfds, timeout) < 0 && errno != EINTR)
			fds[signal_at].revents = 0;

		if (deadline && qemu_running && exit_status < 0 && now_ms() >= deadline) {
			say("the guest did not end within %s s: stopped it", watchdog_text);
			exit_status = EXIT_FAILED;
			kill(qemu, SIGKILL);
		}
		if (fds[signal_at].revents & POLLIN) {
			struct signalfd_siginfo info;

			while (read(signals, &info, sizeof(info)) == sizeof(info)) {
				if (info.ssi_signo == SIGCHLD)
					continue;
				if (exit_status < 0)
					exit_status = 128 + (int)info.ssi_signo;
				kill(qemu, SIGKILL);
			}
		}
		if (qemu_running && waitpid(qemu, &qemu_status, WNOHANG) == qemu) {
			qemu_running = 0;
			if (stdin_flow >= 0)	/* nobody to take the caller's stdin now */
				flows[stdin_flow].from = -1;
		}
		for (int i = 0; i < nflows; i++) {
			struct flow *f = &flows[i];
			int was_open = f->from >= 0;

			if (pump(f, at[i][0] >= 0 ? fds[at[i][0]].revents : 0,
				 at[i][1] >= 0 ? fds[at[i][1]].revents : 0) < 0) {
				/* Its reader went away: as for a program killed by SIGPIPE. */
				if (exit_status < 0)
					exit_status = EXIT_SIGPIPE;
				kill(qemu, SIGKILL);
				f->to = -1;
			}
			/* The caller's stdin ended: once all is sent, EOF for the guest. A
			 * shutdown, not a close: QEMU drops a socket that hangs up (POLLHUP)
			 * with what it has not read yet, but reads one shut for writing to
			 * its end. (A terminal's hangup just ends what it types.) */
			if (i == stdin_flow && was_open && f->from < 0)
				f->from = -2;
			if (i == stdin_flow && f->from == -2 && f->start == f->end && f->to == ours[STDIN] &&
			    f->to >= 0) {
				shutdown(f->to, SHUT_WR);
				f->to = -1;
			}
		}
		if (result_at >= 0 && fds[result_at].revents) {
			ssize_t got = read(ours[RESULT], result + result_size, sizeof(result) - result_size);

			if (got > 0)
				result_size += (size_t)got;
			if (got == 0 || result_size == sizeof(result) || (got < 0 && errno != EAGAIN)) {
				close(ours[RESULT]);
				ours[RESULT] = -1;
			}
			if (result_size == 5 && memcmp(result, "time\n", 5) == 0) {
				result_size = 0;
				if (send_time(ours[RESULT]) < 0)
					kill(qemu, SIGKILL);	/* no seed, no run */
			}
			if (got > 0 && result_size && result[result_size - 1] == '\n' &&
			    (value = parse_result(result, result_size, sent)) < 0)
				kill(qemu, SIGKILL);	/* no result: what follows is the diagnosis */
		}
		if (load_at >= 0 && fds[load_at].revents) {
			ssize_t got = read(ours[LOAD], said + said_size, sizeof(said) - 1 - said_size);

			if (got > 0)
				said_size += (size_t)got;
			else if (got == 0 || errno != EAGAIN)
				ours[LOAD] = -1;	/* QEMU's end is gone; the flow's write sees it too */
			said[said_size] = '\0';
			if (save && !migrating && !state_saved && strcmp(said, "ready\n") == 0) {
				/* The guest waits: the machine goes to the file, and QEMU stops it. */
				if (send_fd(ours[MONITOR], state) < 0)
					say("cannot give QEMU the state's file: %s", strerror(errno));
				dprintf(ours[MONITOR], "{\"execute\": \"migrate\", \"arguments\": {\"uri\": \"fd:state\"}}\n");
				migrating = 1;
				said_size = 0;
			} else if (memchr(said, '\n', said_size) || said_size == sizeof(said) - 1) {
				say("the launcher said \"%.40s\" on its load port, which is not the warm start's", said);
				if (exit_status < 0)
					exit_status = EXIT_FAILED;
				kill(qemu, SIGKILL);
				ours[LOAD] = -1;
			}
		}
		if (monitor_at >= 0 && fds[monitor_at].revents) {
			ssize_t got = read(ours[MONITOR], monitor + monitor_size, sizeof(monitor) - 1 - monitor_size);
			char *line, *end;

			if (got > 0)
				monitor_size += (size_t)got;
			else if (got == 0 || errno != EAGAIN)
				ours[MONITOR] = -1;
			monitor[monitor_size] = '\0';
			/* QMP answers a line each: what counts is the migration's status. */
			for (line = monitor; (end = strchr(line, '\n')); line = end + 1) {
				*end = '\0';
				if (migrating && strstr(line, "\"status\": \"completed\"")) {
					migrating = 0;
					state_saved = 1;
					dprintf(ours[MONITOR], "{\"execute\": \"quit\"}\n");
				} else if (strstr(line, "\"error\"") || strstr(line, "\"status\": \"failed\"")) {
					say("QEMU could not save the machine: %s", line);
					if (exit_status < 0)
						exit_status = EXIT_FAILED;
					migrating = 0;
					kill(qemu, SIGKILL);
				}
			}
			monitor_size -= (size_t)(line - monitor);
			memmove(monitor, line, monitor_size);
			if (monitor_size == sizeof(monitor) - 1)
				monitor_size = 0;	/* no line is that long: drop it */
		}
		if (migrating && now_ms() >= next_poll) {
			dprintf(ours[MONITOR], "{\"execute\": \"query-migrate\"}\n");
			next_poll = now_ms() + MIGRATE_POLL_MS;
		}
		/* The answer that lets the guest power off, once all it sent is here. */
		if (value >= 0 && !answered && ours[RESULT] >= 0 &&
		    (!output[0] || output[0]->got >= sent[0]) && (!output[1] || output[1]->got >= sent[1]))
			answered = write(ours[RESULT], "\n", 1) == 1;
	}
	if (raw)
		tcsetattr(tty_fd, TCSANOW, &saved);
	if (qemu_running) {
		kill(qemu, SIGKILL);
		waitpid(qemu, &qemu_status, 0);
	}
	if (getenv("NAKEDINIT_RUN_QEMU_MS"))
		fprintf(stderr, "qemu_ms %lld\n", now_ms() - started);
	if (save) {
		if (exit_status < 0 && state_saved && WIFEXITED(qemu_status) && WEXITSTATUS(qemu_status) == 0 &&
		    fsync(state) == 0 && rename(state_temp, state_path) == 0)
			return 0;
		unlink(state_temp);
		if (exit_status < 0)
			diagnose(log_path, qemu_status, verbose);
		say("the warm start's state %s was not saved", state_path);
		return EXIT_FAILED;
	}
	if (exit_status >= 0)
		return exit_status;
	if (value < 0 || !answered) {
		diagnose(log_path, qemu_status, verbose);
		return EXIT_FAILED;
	}
	if (result_path) {
		FILE *f = fopen(result_path, "w");

		if (!f || fprintf(f, "%d\n", value) < 0 || fclose(f) != 0) {
			say("cannot write %s", result_path);
			return EXIT_FAILED;
		}
	}
	return value;
}
