// SPDX-License-Identifier: MIT
/* kept: a kept guest, which stays up between runs and serves many (--kept,
 * NAKEDINIT_KEPT=1; README, "Kept guests"). A fresh guest costs every run QEMU's
 * start, a restore or a boot, and the translation of the kernel's and the
 * program's code again; a test suite of small programs pays it for each test.
 *
 * The guest is served by a process of this program's (the server), as sccache's
 * is: the first run that wants one starts it, and it stops once no run has come for
 * NAKEDINIT_KEPT_IDLE seconds (300), when its guest fails, or at --kept-stop. One
 * server per user, architecture, kernel, memory size and CPU count, found by an
 * abstract Unix socket named after all of them (no file to leave behind; only
 * the same user is served, by SO_PEERCRED). Its guest boots the launcher with
 * "-- SLOTS serve" (src/launch.c, "a kept guest"): a slot per CPU, each a set of
 * ports (load, result, stdin, stdout, stderr), the host's / shared over 9p, each
 * run's shares bound from there inside the guest.
 *
 * A run (the client) connects, says "run\n", and waits until the server hands it a free slot:
 * "slot K\n" with the slot's five sockets to QEMU attached (SCM_RIGHTS). It then
 * talks to the guest itself through loop.c, as with a guest of its own, and says
 * "done\n" once its result is answered. A client that leaves without it (killed,
 * or it stopped the run: a signal, the watchdog) leaves its slot in an unknown
 * state: the server retires the guest, letting the other runs end, and the next
 * run starts a new one. A guest that ends fails the runs it held: each gets
 * "gone\n" and says why (125). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run.h"

#define SLOT_PORTS	5
#define SLOTS_MAX	64
#define CLIENTS_MAX	256
#define IDLE_DEFAULT	300	/* seconds, as NAKEDINIT_KEPT_IDLE's default */
#define BOOT_SECONDS	60
#define NAME_PREFIX	"nakedinit-kept-"
/* Its runs' memory is each run's (-m) times the slots, and room for the guest's
 * own kernel and launcher, and its copies of host files, 64 MiB at most
 * (src/launch/kept.c, CACHE_OPTIONS). */
#define GUEST_SPARE_MIB	128

static const char *const port_names[SLOT_PORTS] = { "load", "result", "stdin", "stdout", "stderr" };

/* Whether the run asked for a kept guest (--kept, NAKEDINIT_KEPT) and can have
 * one: its streams no terminal, and none of what only a guest of its own has
 * (-o's disk, --net's card, --append's words, --cold, a console of its own for
 * -l and -V: the kept guest's console is its server's log). */
int kept_wanted(const struct run *r)
{
	return (r->o.kept || env_yes("NAKEDINIT_KEPT")) && !strchr(r->streams, 't') && !r->o.outdir && !r->o.net && !r->o.append && !r->o.cold &&
	       !r->o.log && !r->o.verbose;
}

/* -m's size in MiB, as QEMU reads it (no suffix: MiB). */
static long memory_mib(const char *m)
{
	char *end;
	long n = strtol(m, &end, 10);

	switch (*end) {
	case 'G': case 'g': return n * 1024;
	case 'K': case 'k': return n / 1024 ? n / 1024 : 1;
	default: return n;
	}
}

static unsigned long long fnv(unsigned long long h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void add_mtime(struct strv *words, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		strv_addf(words, "%s@%lld.%09ld", path, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

/* The guest's QEMU command but for its ports and log, in cmd, and the name of the
 * server for it: the same command from the same files is the same guest. */
static char *kept_command(const struct run *r, struct strv *cmd, int slots)
{
	struct strv id = { 0 };
	unsigned long long h = 14695981039346656037ULL;
	char *memory = xasprintf("%ld", memory_mib(r->memory) * slots + GUEST_SPARE_MIB), *name;
	const char *virtio = env_get(&r->b.arch, "virtio");

	guest_base(r, cmd, memory);
	strv_add(cmd, "-append");
	strv_addf(cmd, "%s quiet -- %d serve", r->cmdline, slots);
	strv_add(cmd, "-fsdev");
	strv_add(cmd, "local,id=host,path=/,security_model=none");
	strv_add(cmd, "-device");
	strv_addf(cmd, "virtio-9p-%s,fsdev=host,mount_tag=nakedinit.host", virtio);
	strv_add(cmd, "-device");
	strv_addf(cmd, "%s,max_ports=%d", r->device, SLOT_PORTS * slots + 1);
	for (size_t i = 0; i < cmd->n; i++)
		strv_add(&id, cmd->v[i]);
	add_mtime(&id, r->kernel);
	add_mtime(&id, env_get(&r->b.arch, "launch"));
	add_mtime(&id, env_get(&r->b.arch, "busybox"));
	add_mtime(&id, r->b.arch.path);
	strv_addf(&id, "%ld", memory_mib(r->memory));
	for (size_t i = 0; i < id.n; i++)
		h = fnv(fnv(h, id.v[i]), " ");
	name = xasprintf(NAME_PREFIX "%u-%s-%016llx", (unsigned)getuid(), r->arch, h);
	strv_free(&id);
	free(memory);
	return name;
}

/* An abstract socket's address: sun_path starts with a NUL. */
static socklen_t address(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	snprintf(a->sun_path + 1, sizeof(a->sun_path) - 1, "%s", name);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

/* Sends text with fds attached (count of them, 0 for none). */
static int send_with(int sock, const char *text, const int *fds, int count)
{
	union {
		struct cmsghdr header;
		/* cppcheck-suppress unusedStructMember ; room for the descriptors */
		char space[CMSG_SPACE(sizeof(int) * SLOT_PORTS)];
	} control = { 0 };
	struct iovec v = { .iov_base = (void *)text, .iov_len = strlen(text) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };

	if (count) {
		struct cmsghdr *c;

		m.msg_control = &control;
		m.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)count);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)count);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)count);
	}
	return sendmsg(sock, &m, MSG_NOSIGNAL) == (ssize_t)v.iov_len ? 0 : -1;
}

/* --- the server -------------------------------------------------------------- */

struct server {
	int listen, signals, log;
	pid_t qemu;
	int slots, ready, retiring;
	int ours[SLOTS_MAX][SLOT_PORTS];	/* our ends of QEMU's sockets */
	int holder[SLOTS_MAX];		/* the client holding the slot, or -1 */
	int booted[SLOTS_MAX];		/* "ready\n" came on its load port */
	char said[SLOTS_MAX][8];
	struct client {
		int fd, slot;		/* slot -1: none yet */
		int run;		/* it said "run\n": it waits for a slot */
		char text[16];
		size_t size;
	} clients[CLIENTS_MAX];
	int nclients;
	long long idle_since, boot_deadline;
	long idle;
};

static long long seconds_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

/* QEMU, with a socket pair per port of each slot, its console and messages to
 * the log. */
static void start_guest(struct server *s, struct run *r, struct strv *cmd, const char *log)
{
	int theirs[SLOTS_MAX][SLOT_PORTS];
	char *initrd = xasprintf("%.*s.cpio", (int)(strlen(log) - 4), log);

	/* The launcher and BusyBox, which every run's root binds (--bare or not),
	 * beside the log. */
	r->o.bare = 0;
	archive_launcher(r, initrd);
	strv_add(cmd, "-initrd");
	strv_add(cmd, initrd);
	strv_add(cmd, "-chardev");
	strv_addf(cmd, "file,id=nakedinit.console,path=/proc/self/fd/%d,append=on", s->log);
	strv_add(cmd, "-serial");
	strv_add(cmd, "chardev:nakedinit.console");
	for (int k = 0; k < s->slots; k++)
		for (int p = 0; p < SLOT_PORTS; p++) {
			int pair[2];

			if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
				die("kept guest: socketpair: %s", strerror(errno));
			s->ours[k][p] = pair[0];
			theirs[k][p] = pair[1];
			strv_add(cmd, "-chardev");
			strv_addf(cmd, "socket,id=nakedinit.%d.%s,fd=%d", k, port_names[p], pair[1]);
			strv_add(cmd, "-device");
			strv_addf(cmd, "virtserialport,chardev=nakedinit.%d.%s,name=nakedinit.%d.%s", k, port_names[p], k,
				  port_names[p]);
		}
	s->qemu = fork();
	if (s->qemu < 0)
		die("kept guest: fork: %s", strerror(errno));
	if (s->qemu == 0) {
		int null = open("/dev/null", O_RDONLY);

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(null, 0);
		dup2(s->log, 1);
		dup2(s->log, 2);
		fcntl(s->log, F_SETFD, 0);
		for (int k = 0; k < s->slots; k++)
			for (int p = 0; p < SLOT_PORTS; p++)
				fcntl(theirs[k][p], F_SETFD, 0);
		execv(cmd->v[0], cmd->v);
		fprintf(stderr, TOOL ": cannot run %s: %s\n", cmd->v[0], strerror(errno));
		_exit(127);
	}
	for (int k = 0; k < s->slots; k++)
		for (int p = 0; p < SLOT_PORTS; p++) {
			close(theirs[k][p]);
			fcntl(s->ours[k][p], F_SETFL, O_NONBLOCK);
		}
}

static void drop_client(struct server *s, int i, const char *text)
{
	if (text)
		send_with(s->clients[i].fd, text, NULL, 0);
	close(s->clients[i].fd);
	s->clients[i] = s->clients[--s->nclients];
}

/* No new runs for this guest: the name goes (the next run starts another server),
 * waiting clients are told to try again; once the runs it holds end, it stops. */
static void retire(struct server *s)
{
	if (s->listen >= 0)
		close(s->listen);
	s->listen = -1;
	s->retiring = 1;
}

static void hand_out(struct server *s)
{
	for (int i = 0; i < s->nclients && s->ready && !s->retiring; i++) {
		struct client *c = &s->clients[i];
		char text[32];
		int k = 0;

		if (c->slot >= 0 || !c->run)
			continue;
		while (k < s->slots && s->holder[k] >= 0)
			k++;
		if (k == s->slots)
			return;
		snprintf(text, sizeof(text), "slot %d\n", k);
		if (send_with(c->fd, text, s->ours[k], SLOT_PORTS) < 0) {
			drop_client(s, i--, NULL);
			continue;
		}
		c->slot = k;
		s->holder[k] = c->fd;
	}
}

static void on_client(struct server *s, int i)
{
	struct client *c = &s->clients[i];
	ssize_t n = read(c->fd, c->text + c->size, sizeof(c->text) - 1 - c->size);

	if (n > 0) {
		c->size += (size_t)n;
		c->text[c->size] = '\0';
		if (!strchr(c->text, '\n') && c->size < sizeof(c->text) - 1)
			return;
	}
	if (n > 0 && c->slot < 0 && !c->run && !strcmp(c->text, "run\n")) {
		c->run = 1;
		c->size = 0;
		return;
	}
	if (c->slot >= 0) {
		s->holder[c->slot] = -1;
		/* A run that did not end as the protocol ends one leaves its slot
		 * unknown: no further run on this guest. */
		if (n <= 0 || strcmp(c->text, "done\n") != 0)
			retire(s);
	} else if (n > 0 && !strcmp(c->text, "stop\n")) {
		retire(s);
	}
	drop_client(s, i, NULL);
}

static void on_listen(struct server *s)
{
	int fd = accept4(s->listen, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	struct ucred who;
	socklen_t size = sizeof(who);

	if (fd < 0)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &who, &size) < 0 || who.uid != getuid() ||
	    s->nclients == CLIENTS_MAX) {
		close(fd);
		return;
	}
	s->clients[s->nclients++] = (struct client){ .fd = fd, .slot = -1 };
}

/* While the guest boots: each worker's "ready\n". */
static void on_boot(struct server *s, int k)
{
	size_t have = strlen(s->said[k]);
	ssize_t n = read(s->ours[k][0], s->said[k] + have, sizeof(s->said[k]) - 1 - have);

	if (n > 0)
		s->said[k][have + (size_t)n] = '\0';
	if (!strcmp(s->said[k], "ready\n") && !s->booted[k]) {
		int all = 1;

		s->booted[k] = 1;
		for (int j = 0; j < s->slots; j++)
			all &= s->booted[j];
		s->ready = all;
	}
}

/* One turn of the server's loop; 0 once it is to stop. */
static int serve_turn(struct server *s)
{
	struct pollfd fds[2 + SLOTS_MAX + CLIENTS_MAX];
	int n = 0, busy = 0, timeout, polled = s->nclients;

	fds[n++] = (struct pollfd){ .fd = s->signals, .events = POLLIN };
	fds[n++] = (struct pollfd){ .fd = s->listen, .events = POLLIN };
	for (int k = 0; k < s->slots; k++)
		fds[n++] = (struct pollfd){ .fd = s->ready ? -1 : s->ours[k][0], .events = POLLIN };
	for (int i = 0; i < s->nclients; i++) {
		fds[n++] = (struct pollfd){ .fd = s->clients[i].fd, .events = POLLIN };
		busy = 1;
	}
	if (s->retiring && !busy)
		return 0;
	if (busy || !s->ready)
		s->idle_since = seconds_now();
	if (!s->ready && seconds_now() > s->boot_deadline)
		return 0;
	timeout = (int)((s->ready ? s->idle_since + s->idle : s->boot_deadline) - seconds_now() + 1) * 1000;
	if (s->ready && !busy && seconds_now() >= s->idle_since + s->idle)
		return 0;
	if (poll(fds, (nfds_t)n, timeout > 0 ? timeout : 0) < 0 && errno != EINTR)
		return 0;
	if (fds[0].revents) {
		struct signalfd_siginfo info;

		while (read(s->signals, &info, sizeof(info)) == sizeof(info))
			if (info.ssi_signo != SIGCHLD || waitpid(s->qemu, NULL, WNOHANG) == s->qemu)
				return 0;
	}
	if (fds[1].revents)
		on_listen(s);
	if (polled > s->nclients)
		polled = s->nclients;
	for (int k = 0; k < s->slots; k++)
		if (fds[2 + k].revents)
			on_boot(s, k);
	/* From the last polled: a client dropped moves the last one into its place
	 * (one just accepted, which was not polled, is the last). */
	for (int i = polled - 1; i >= 0; i--)
		if (fds[2 + s->slots + i].revents)
			on_client(s, i);
	if (s->retiring)
		for (int i = s->nclients - 1; i >= 0; i--)
			if (s->clients[i].slot < 0)
				drop_client(s, i, "retry\n");
	hand_out(s);
	return 1;
}

/* The server's life: the guest started, clients served, then the guest stopped
 * and every client still here told it is gone. */
static _Noreturn void serve(struct run *r, struct strv *cmd, int listen_fd, const char *log, int slots)
{
	static struct server s;
	sigset_t set;
	const char *idle = getenv("NAKEDINIT_KEPT_IDLE");

	s = (struct server){ .listen = listen_fd, .slots = slots, .idle = IDLE_DEFAULT };
	if (idle && *idle)
		s.idle = strtol(idle, NULL, 10);
	for (int k = 0; k < SLOTS_MAX; k++)
		s.holder[k] = -1;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	s.signals = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	s.log = open(log, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (s.log < 0 || s.signals < 0)
		_exit(EXIT_FAILED);
	start_guest(&s, r, cmd, log);
	s.boot_deadline = seconds_now() + BOOT_SECONDS;
	while (serve_turn(&s))
		;
	kill(s.qemu, SIGKILL);
	waitpid(s.qemu, NULL, 0);
	for (int i = s.nclients - 1; i >= 0; i--)
		drop_client(&s, i, "gone\n");
	_exit(0);
}

/* Starts the server, detached: its own session, no fd of the caller's (a build
 * tool waits for EOF on the test's output), reaped at once by a middle child. */
static void start_server(struct run *r, const char *name, const char *log)
{
	struct sockaddr_un a;
	socklen_t size = address(&a, name);
	struct strv cmd = { 0 };
	pid_t middle = fork();
	int fd;

	if (middle != 0) {
		if (middle > 0)
			waitpid(middle, NULL, 0);
		return;
	}
	if (setsid() < 0 || fork() != 0)
		_exit(0);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	/* Another run's server got the name first: it serves this run too. */
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, size) < 0 || listen(fd, 64) < 0)
		_exit(0);
	/* The last guest's log stays, as NAME.log.old: a run that failed points to it. */
	char *old = xasprintf("%s.old", log);

	rename(log, old);
	free(old);
	int null = open("/dev/null", O_RDWR), log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);

	/* Its own messages (die()'s) go to the log, with the guest's console. */
	dup2(null, 0);
	dup2(null, 1);
	dup2(log_fd, 2);
	for (int i = 3; i < 1024; i++)
		if (i != fd)
			close(i);
	if (chdir("/") < 0)
		_exit(EXIT_FAILED);
	signal(SIGPIPE, SIG_IGN);
	/* ps and pgrep name it kept-ARCH */
	char title[16];

	snprintf(title, sizeof(title), "kept-%s", r->arch);
	prctl(PR_SET_NAME, title);
	kept_command(r, &cmd, r->cpus);
	serve(r, &cmd, fd, log, r->cpus);
}

/* Reads the server's one line, and the fds it carries. */
static ssize_t receive(int sock, char *text, size_t size, int fds[SLOT_PORTS])
{
	union {
		struct cmsghdr header;
		/* cppcheck-suppress unusedStructMember ; room for the descriptors */
		char space[CMSG_SPACE(sizeof(int) * SLOT_PORTS)];
	} control;
	struct iovec v = { .iov_base = text, .iov_len = size - 1 };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof(control) };
	ssize_t n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
	struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&m) : NULL;

	text[n > 0 ? n : 0] = '\0';
	if (c && c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(sizeof(int) * SLOT_PORTS))
		memcpy(fds, CMSG_DATA(c), sizeof(int) * SLOT_PORTS);
	return n;
}

void kept_connect(struct run *r, struct vm *vm)
{
	struct strv cmd = { 0 };
	char *name = kept_command(r, &cmd, r->cpus), *folder = cache_folder(r), *log;
	struct sockaddr_un a;
	socklen_t size = address(&a, name);
	int started = 0;

	strv_free(&cmd);
	char *kept = xasprintf("%s/kept", folder);

	if (make_folders(kept) < 0)
		die("cannot make the folder %s", kept);
	log = xasprintf("%s/%s.log", kept, name + strlen(NAME_PREFIX));
	free(kept);
	for (int tries = 0; tries < 500; tries++) {
		int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), fds[SLOT_PORTS] = { -1, -1, -1, -1, -1 };
		char text[64];

		if (sock < 0)
			die("socket: %s", strerror(errno));
		if (connect(sock, (struct sockaddr *)&a, size) < 0 || send_with(sock, "run\n", NULL, 0) < 0) {
			close(sock);
			if (!started++)
				start_server(r, name, log);
			nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
			continue;
		}
		if (receive(sock, text, sizeof(text), fds) <= 0 || !strcmp(text, "gone\n")) {
			close(sock);
			die("the kept guest ended before the run started (its console: %s)", log);
		}
		if (!strcmp(text, "retry\n")) {
			close(sock);
			started = 0;
			continue;
		}
		if (strncmp(text, "slot ", 5) != 0 || fds[0] < 0)
			die("the kept guest's server said \"%.40s\"", text);
		vm->server = sock;
		memcpy(vm->slot, fds, sizeof(fds));
		vm->memory_mib = memory_mib(r->memory);
		vm->log = log;
		free(folder);
		free(name);
		return;
	}
	die("no kept guest answered (its console: %s)", log);
}

int kept_stop(const char *arch)
{
	FILE *f = fopen("/proc/net/unix", "r");
	char line[512], prefix[64];
	int stopped = 0;

	snprintf(prefix, sizeof(prefix), "@" NAME_PREFIX "%u-%s", (unsigned)getuid(), arch ? arch : "");
	while (f && fgets(line, sizeof(line), f)) {
		char *at = strstr(line, prefix);
		struct sockaddr_un a;
		unsigned flags = 0;
		int sock;

		/* A listening socket's flags (the 4th field) have __SO_ACCEPTCON; the
		 * accepted ones share its name. */
		char *field = line;

		for (int i = 0; i < 3 && field; i++)
			field = strchr(field + strspn(field, " "), ' ');
		flags = field ? (unsigned)strtoul(field, NULL, 16) : 0;
		if (!at || !(flags & 0x10000))
			continue;
		at[strcspn(at, "\n")] = '\0';
		sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (sock >= 0 && connect(sock, (struct sockaddr *)&a, address(&a, at + 1)) == 0 &&
		    send_with(sock, "stop\n", NULL, 0) == 0)
			stopped++;
		if (sock >= 0)
			close(sock);
	}
	if (f)
		fclose(f);
	fprintf(stderr, TOOL ": %d kept guest%s told to stop\n", stopped, stopped == 1 ? "" : "s");
	return 0;
}
