// SPDX-License-Identifier: MIT
/* guest: the machine a run gets. The QEMU command (run.env's, with this run's
 * memory, CPUs, kernel, initrd and devices), found by the path the build recorded;
 * and a warm start: booting takes most of a run, so the guest is booted once per
 * architecture, kernel, memory size and CPU count with its launcher waiting
 * (src/launch.c, "a warm start"), saved (loop.c), and restored for each run, which
 * sends the launcher its files: the initrd but /init. Restored from the same state
 * each time, no run sees anything of another; the launcher takes this host's time
 * and new random bytes. The machine must be the same as when it was saved: every
 * port, and every share's 9p device (those this run does not use on an empty
 * folder). Not with -o, --net or --append, whose devices or kernel words the saved
 * machine lacks: they boot; nor where QEMU cannot save the machine whole
 * (arch/ARCH/qemu.mk, QEMU_WARM_START). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"

/* --net: QEMU's user-mode network (-netdev user's defaults): the guest's address,
 * the host's as the guest reaches it. */
#define NET_GUEST	"10.0.2.15"
#define NET_MASK	"255.255.255.0"
#define NET_HOST	"10.0.2.2"

/* QEMU, by the path the build recorded; installed, by its name on PATH. */
static void find_qemu(struct run *r)
{
	const struct strv *qemu = env_words(&r->b.arch, "qemu");
	const char *name = qemu->n ? qemu->v[0] : "qemu-system-?";
	const char *package = env_get(&r->b.arch, "qemu_package");
	char *found = NULL;

	if (strchr(name, '/'))
		found = access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	if (!found)
		found = on_path(name);
	if (!found)
		die("%s is not installed: install the package %s (apt-get install %s)", name, package, package);
	r->qemu = found;
}

/* This host's TSC rate, where the installed run.env asks for it (x86_64): the
 * cpuinfo's "cpu MHz", in kHz. */
static char *host_words(const struct run *r)
{
	const char *word = env_get(&r->b.arch, "kernel_cmdline_host");
	FILE *f = *word ? fopen("/proc/cpuinfo", "r") : NULL;
	char line[256];
	double mhz = 0;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "cpu MHz", 7) && strchr(line, ':')) {
			mhz = strtod(strchr(line, ':') + 1, NULL);
			break;
		}
	if (f)
		fclose(f);
	return mhz > 0 ? xasprintf(" %s=%d", word, (int)(mhz * 1000)) : xstrdup("");
}

char *cache_folder(const struct run *r)
{
	const char *cache_home = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	/* Installed, the one place it writes: the user's cache. */
	if (!r->b.installed)
		return xasprintf("%s/%s", r->b.out, r->arch);
	if (cache_home && *cache_home)
		return xasprintf("%s/nakedinit/%s", cache_home, r->arch);
	return xasprintf("%s/.cache/nakedinit/%s", home ? home : "/nonexistent", r->arch);
}

void guest_settle(struct run *r)
{
	int cpus_max = (int)strtol(env_get(&r->b.arch, "cpus_max"), NULL, 10);
	char *host = host_words(r);

	r->kernel = r->kernel ? r->kernel : xstrdup(env_get(&r->b.arch, "built_kernel"));
	find_qemu(r);
	r->memory = xstrdup(r->o.memory && *r->o.memory ? r->o.memory : env_get(&r->b.arch, "memory_default"));
	r->cmdline = xasprintf("%s%s", env_get(&r->b.arch, "kernel_cmdline"), host);
	free(host);
	if (!r->o.cold && !r->o.outdir && !r->o.net && !r->o.append &&
	    !strcmp(env_get(&r->b.arch, "warm_start"), "yes")) {
		char *cache = cache_folder(r), *empty = xasprintf("%s/warm/empty", cache);

		/* for a user who has no cache folder of their own (nobody), runs boot */
		if (make_folders(empty) == 0)
			r->warm = xasprintf("%s/warm", cache);
		free(empty);
		free(cache);
	}
	/* A restored guest has every CPU this command may use (its affinity, up to
	 * cpus_max), as docker and qemu-user give a program; a guest that boots, one:
	 * starting each further CPU costs a boot more than a program gains from it
	 * (README, "CPUs"). */
	if (r->o.cpus && *r->o.cpus)
		r->cpus = (int)strtol(r->o.cpus, NULL, 10);
	else if (r->warm || r->kept) {
		cpu_set_t set;

		r->cpus = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
		if (r->cpus > cpus_max && cpus_max >= 1)
			r->cpus = cpus_max;
	} else
		r->cpus = 1;
}

void guest_base(const struct run *r, struct strv *cmd, const char *memory)
{
	const struct strv *qemu = env_words(&r->b.arch, "qemu");

	strv_add(cmd, r->qemu);
	for (size_t i = 1; i < qemu->n; i++)
		strv_add(cmd, qemu->v[i]);
	strv_add(cmd, "-m");
	strv_add(cmd, memory);
	strv_add(cmd, "-smp");
	strv_addf(cmd, "%d", r->cpus);
	strv_add(cmd, "-kernel");
	strv_add(cmd, r->kernel);
}

static void warm_command(const struct run *r, struct strv *cmd)
{
	guest_base(r, cmd, r->memory);
	strv_add(cmd, "-initrd");
	strv_addf(cmd, "%s/launch%s.cpio", r->warm, r->o.bare ? "-bare" : "");
	strv_add(cmd, "-append");
	strv_addf(cmd, "%s quiet -- " ARGFILE_PATH " warm", r->cmdline);
}

static int ctime_newer(const char *path, const struct stat *than)
{
	struct stat st;

	return stat(path, &st) < 0 || st.st_ctim.tv_sec > than->st_mtim.tv_sec ||
	       (st.st_ctim.tv_sec == than->st_mtim.tv_sec && st.st_ctim.tv_nsec > than->st_mtim.tv_nsec);
}

static int older(const char *path, const struct stat *than)
{
	struct stat st;

	return stat(path, &st) == 0 && (st.st_mtim.tv_sec < than->st_mtim.tv_sec ||
					 (st.st_mtim.tv_sec == than->st_mtim.tv_sec && st.st_mtim.tv_nsec < than->st_mtim.tv_nsec));
}

/* Whether the state is there, of this command, and newer than the kernel, the
 * launcher and run.env (which the build made newer than QEMU). Installed, by their
 * status change: a package upgraded keeps its files' older modification times. */
static int state_fresh(const struct run *r, const char *identity)
{
	char *id_path = xasprintf("%s.id", r->state), saved[8192] = "";
	FILE *f = fopen(id_path, "r");
	struct stat st;
	int fresh = f && fgets(saved, sizeof(saved), f) && stat(r->state, &st) == 0;

	if (f)
		fclose(f);
	free(id_path);
	saved[strcspn(saved, "\n")] = '\0';
	if (!fresh || strcmp(saved, identity) != 0)
		return 0;
	const char *launch = env_get(&r->b.arch, "launch");
	if (r->b.installed)
		return !ctime_newer(r->kernel, &st) && !ctime_newer(launch, &st) && !ctime_newer(r->qemu, &st);
	return older(r->kernel, &st) && older(launch, &st) && older(r->b.arch.path, &st);
}

/* The saved guest this run restores, saved first where it is missing or stale. */
static void warm_state(struct run *r)
{
	struct strv cmd = { 0 };
	const char *shares_max = env_get(&r->b.host, "shares_max");

	warm_command(r, &cmd);
	/* --bare: a guest saved without the commands, as a cold start has none */
	r->state = xasprintf("%s/%s-%d%s.state", r->warm, r->memory, r->cpus, r->o.bare ? "-bare" : "");
	/* What the state holds, beside the files it is newer than: the command (but for
	 * the shares' folders, which QEMU opens anew), the number of shares. */
	char *identity = xstrdup("");
	for (size_t i = 0; i < cmd.n; i++) {
		char *more = xasprintf("%s%s%s", identity, i ? " " : "", cmd.v[i]);

		free(identity);
		identity = more;
	}
	char *more = xasprintf("%s shares=%s", identity, shares_max);
	free(identity);
	identity = more;
	if (state_fresh(r, identity))
		return;
	char *lock_path = xasprintf("%s/lock", r->warm), *empty = xasprintf("%s/empty", r->warm);
	int lock = open(lock_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	if (lock < 0 || flock(lock, LOCK_EX) < 0)
		die("cannot lock %s", lock_path);
	if (!state_fresh(r, identity)) {
		char *cpio = xasprintf("%s/launch%s.cpio", r->warm, r->o.bare ? "-bare" : ""), *log = xasprintf("%s/save.log", r->warm);
		char *id_path = xasprintf("%s.id", r->state);

		archive_launcher(r, cpio);
		shares_devices(r, &cmd, 0, strtoul(shares_max, NULL, 10), empty);
		struct vm save = { .argv = cmd.v, .streams = "ppp", .device = r->device, .log = log,
				   .watchdog = 60, .state = r->state, .save = 1, .archive = -1, .keep_fds = { -1 },
				   .server = -1 };
		FILE *id = NULL;

		if (vm_run(&save) != 0 || !(id = fopen(id_path, "w")) || fprintf(id, "%s\n", identity) < 0 ||
		    fclose(id) != 0)
			die("could not save a guest for warm starts (above; its console: %s); --cold boots", log);
	}
	close(lock);
	free(lock_path);
	free(empty);
	free(identity);
}

void guest_command(struct run *r, struct strv *cmd, struct vm *vm)
{
	size_t shares_max = strtoul(env_get(&r->b.host, "shares_max"), NULL, 10);

	*vm = (struct vm){ .streams = r->streams, .device = r->device, .archive = -1, .keep_fds = { -1, -1, -1, -1 },
			   .server = -1, .log = r->log };
	if (r->kept) {
		kept_connect(r, vm);
		vm->archive = r->initrd;
	} else if (r->warm) {
		warm_state(r);
		char *empty = xasprintf("%s/empty", r->warm);

		warm_command(r, cmd);
		shares_devices(r, cmd, r->nshares, shares_max, empty);
		free(empty);
		vm->state = r->state;
		vm->archive = r->initrd;
	} else {
		const struct strv *disk = env_words(&r->b.arch, "disk_args");

		guest_base(r, cmd, r->memory);
		strv_add(cmd, "-initrd");
		strv_add(cmd, r->initrd_path);
		strv_add(cmd, "-append");
		/* --net: the kernel configures the network card itself (CONFIG_IP_PNP), no DHCP. */
		strv_addf(cmd, "%s quiet%s%s -- " ARGFILE_PATH " %s", r->cmdline, r->o.append ? r->o.append : "",
			  r->o.net ? " ip=" NET_GUEST "::" NET_HOST ":" NET_MASK "::eth0:off" : "", r->streams);
		for (size_t i = 0; r->disk >= 0 && i < disk->n; i++) {
			const char *at = strstr(disk->v[i], "@DISK@");

			if (at)
				strv_addf(cmd, "%.*s%s%s", (int)(at - disk->v[i]), disk->v[i], r->disk_path, at + 6);
			else
				strv_add(cmd, disk->v[i]);
		}
		shares_devices(r, cmd, r->nshares, r->nshares, NULL);
		if (r->o.net) {
			strv_add(cmd, "-netdev");
			strv_add(cmd, "user,id=net");
			strv_add(cmd, "-device");
			strv_addf(cmd, "virtio-net-%s,netdev=net", env_get(&r->b.arch, "virtio"));
		}
		vm->keep_fds[0] = r->initrd;
		vm->keep_fds[1] = r->disk;
	}
	vm->argv = cmd->v;
	vm->verbose = r->o.verbose;
	/* A guest that outlives its own limit by a minute is a boot that hung; without
	 * a limit, the program may run forever. */
	vm->watchdog = strcmp(r->o.seconds, "0") != 0 ? strtol(r->o.seconds, NULL, 10) + 60 : 0;
}
