// SPDX-License-Identifier: MIT
/* archive: the run's files, as the initrd's spec (gen_init_cpio's lines, written by
 * tools/mkcpio.c's parser, the very code of `mkcpio`): the launcher's folders and
 * argument file, /etc's defaults, the program (program.c adds its libraries), -f,
 * -d, -s and -o's. Each guest path has one entry, whose owner is named in messages;
 * entries are written sorted by path, so folders come before what they hold. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostlib.h"
#include "mkcpio.h"
#include "lib/argfile.h"
#include "unpack.h"
#include "run.h"

/* Where PROGRAM goes when argv[0] is a name alone: on the guest's PATH. */
#define PROGRAM_DIR	"/bin"
/* The shell and the basic commands: one BusyBox, and links to it. */
#define BUSYBOX		"/bin/busybox"
/* A kept guest copies files up to this size into its own memory, the first time a
 * run binds them; a larger one (a Go test, say, new at every build) stays the host's. */
#define CACHED_FILE_MAX	(4 << 20)
/* What the launcher mounts over (src/launch.c's MOUNTS): nothing packed there is seen. */
static const char *const mounts[] = { "/dev", "/proc", "/sys" };
/* --net: the DNS server of QEMU's user-mode network (-netdev user's default). */
#define NET_DNS		"10.0.2.3"
/* How /dev and /init begin every initrd (the kernel opens /dev/console for init). */
#define INITRD_HEAD	"# %s as /init (tools/initrd.sh)\ndir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\n"

const struct entry *archive_find(const struct archive *a, const char *path)
{
	for (size_t i = 0; i < a->count; i++)
		if (!strcmp(a->entries[i].path, path))
			return &a->entries[i];
	return NULL;
}

static int has_dot_component(const char *path)
{
	char *padded = xasprintf("%s/", path);
	int bad = strstr(padded, "/../") || strstr(padded, "/./");

	free(padded);
	return bad;
}

/* PATH is LINE of the spec, with folders for it made as needed. */
void archive_put(struct run *r, const char *who, const char *path, const char *line)
{
	struct archive *a = &r->archive;
	struct entry *e = (struct entry *)archive_find(a, path);

	if (has_space_or_control(path))
		die("%s: the guest path '%s' has white space or a control character, which a spec line cannot hold",
		    who, path);
	if (has_dot_component(path))
		die("%s: the guest path %s has a '.' or '..' component", who, path);
	for (size_t i = 0; i < sizeof(mounts) / sizeof(*mounts); i++) {
		size_t n = strlen(mounts[i]);

		if (!strncmp(path, mounts[i], n) && path[n] == '/')
			die("%s: %s would be hidden: the launcher mounts over %s", who, path, mounts[i]);
	}
	if (e && !strcmp(e->owner, "the defaults")) {
		/* what the user brings replaces a default /etc file */
	} else if (e) {
		/* Folders made for what they hold merge; one given explicitly replaces them. */
		if (!e->line || !starts(e->line, "dir ") || !starts(line, "dir "))
			die("%s: %s is taken by %s", who, path, e->owner);
		if (starts(who, "the folder for "))
			return;
		if (!starts(e->owner, "the folder for "))
			die("%s: the folder %s is taken by %s", who, path, e->owner);
	} else if (strrchr(path, '/') != path) {
		char *parent = strndup(path, (size_t)(strrchr(path, '/') - path));
		char *why = xasprintf("the folder for %s", path), *dir = xasprintf("dir %s 0755 0 0", parent);

		archive_put(r, why, parent, dir);
		free(parent);
		free(why);
		free(dir);
	}
	if (!e) {
		if (a->count == a->cap) {
			a->cap = a->cap ? 2 * a->cap : 64;
			a->entries = realloc(a->entries, a->cap * sizeof(*a->entries));
			if (!a->entries)
				die("out of memory");
		}
		e = &a->entries[a->count++];
		e->path = xstrdup(path);
	}
	e->owner = xstrdup(who);
	e->line = line ? xstrdup(line) : NULL;
}

/* HOST as a spec line names it: its absolute path, or where a spec line cannot
 * hold that (white space, a control character), the file opened and named by its
 * descriptor. */
static char *spec_source(const char *host)
{
	char *path = host[0] == '/' ? xstrdup(host) : NULL;

	if (!path) {
		const char *pwd = getenv("PWD");
		char *here = pwd && pwd[0] == '/' ? xstrdup(pwd) : getcwd(NULL, 0);

		path = xasprintf("%s/%s", here, host);
		free(here);
	}
	if (!has_space_or_control(path))
		return path;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("cannot open %s: %s", path, strerror(errno));
	free(path);
	return xasprintf("/proc/self/fd/%d", fd);
}

/* File HOST, or what it resolves to, at PATH (default: HOST's mode, root's). */
void archive_put_file(struct run *r, const char *who, const char *host, const char *path, const char *mode)
{
	struct stat st;
	char *source, *line, *own_mode = NULL;

	if (access(host, R_OK) != 0 || stat(host, &st) != 0)
		die("%s: cannot read %s", who, host);
	if (!mode)
		mode = own_mode = xasprintf("%o 0 0", (unsigned)(st.st_mode & 07777));
	source = spec_source(host);
	line = xasprintf("file %s %s %s", path, source, mode);
	archive_put(r, who, path, line);
	free(source);
	free(line);
	free(own_mode);
}

/* An empty file's name for a spec line: one file in memory for all. */
static const char *empty_file(void)
{
	static char path[32];

	if (!path[0])
		memory_file("empty", path);
	return path;
}

void archive_put_host(struct run *r, const char *who, const char *host, const char *path, const char *mode)
{
	char *real, *line, *own_mode = NULL;
	struct stat st;

	if (!r->kept) {
		archive_put_file(r, who, host, path, mode);
		return;
	}
	/* A kept guest has the host's / already: the file is bound from there,
	 * read-only, on an empty one of the archive (src/launch.c, bind_files). Its
	 * pages then stay in the guest's cache from run to run. */
	if (access(host, R_OK) != 0 || stat(host, &st) != 0 || !(real = realpath(host, NULL)))
		die("%s: cannot read %s", who, host);
	if (!mode)
		mode = own_mode = xasprintf("%o 0 0", (unsigned)(st.st_mode & 07777));
	line = xasprintf("file %s %s %s", path, empty_file(), mode);
	archive_put(r, who, path, line);
	strv_add(&r->bound, real);
	strv_add(&r->bound, path);
	/* Its identity, which names the guest's copy of it (src/launch/kept.c,
	 * cache_copy): a file changed or replaced on the host is another. */
	if (st.st_size <= CACHED_FILE_MAX)
		strv_addf(&r->bound, "%llx-%llx-%llx-%llx.%lx-%llx.%lx-%lo", (unsigned long long)st.st_dev,
			  (unsigned long long)st.st_ino, (unsigned long long)st.st_size,
			  (unsigned long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
			  (unsigned long long)st.st_ctim.tv_sec, (long)st.st_ctim.tv_nsec, strtoul(mode, NULL, 8));
	else
		strv_add(&r->bound, "");
	free(real);
	free(line);
	free(own_mode);
}

/* A file in memory with these bytes, and its name for a spec line. */
static int memory_text(const char *name, const void *text, size_t size, char path[32])
{
	int fd = memory_file(name, path);

	if (write(fd, text, size) != (ssize_t)size)
		die("cannot write %s in memory: %s", name, strerror(errno));
	return fd;
}

/* What the launcher needs, /etc's defaults (src/etc: root in /etc/passwd and
 * /etc/group, localhost in /etc/hosts, the C library's settings to find them),
 * each replaced by any -f, -d or -s that brings its own, and the program, under
 * its own name where a spec line can hold it. */
void archive_defaults(struct run *r)
{
	static const char *const dirs[] = { "/proc", "/sys", "/run", "/tmp", PROGRAM_DIR };
	const char *etc = env_get(&r->b.host, "guest_etc");
	struct dirent **names;
	int n = scandir(etc, &names, NULL, alphasort);

	archive_put(r, "the launcher", "/init", NULL);
	archive_put(r, "the launcher", "/dev", NULL);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		char *line = xasprintf("dir %s %s 0 0", dirs[i], strcmp(dirs[i], "/tmp") ? "0755" : "01777");

		archive_put(r, "the launcher", dirs[i], line);
		free(line);
	}
	r->argfile = memory_file("args", r->argfile_path);
	char *line = xasprintf("file " ARGFILE_PATH " %s 0644 0 0", r->argfile_path);
	archive_put(r, "the launcher", ARGFILE_PATH, line);
	free(line);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			char *file = xasprintf("%s/%s", etc, names[i]->d_name), *source = spec_source(file);
			char *guest = xasprintf("/etc/%s", names[i]->d_name);

			line = xasprintf("file %s %s 0644 0 0", guest, source);
			archive_put(r, "the defaults", guest, line);
			free(file), free(source), free(guest), free(line);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	if (r->o.net) {
		static const char resolv[] = "nameserver " NET_DNS "\n";
		char path[32];

		memory_text("resolv.conf", resolv, sizeof(resolv) - 1, path);
		line = xasprintf("file /etc/resolv.conf %s 0644 0 0", path);
		archive_put(r, "the defaults", "/etc/resolv.conf", line);
		free(line);
	}
}

/* The host's file that guest path is in a share, or NULL. */
static char *shared_file(const struct run *r, const char *path)
{
	for (size_t i = 0; i < r->nshares; i++) {
		const struct shared *s = &r->shares[i];
		size_t n = strlen(s->guest);

		if (!strncmp(path, s->guest, n) && (path[n] == '/' || path[n] == '\0'))
			return xasprintf("%s%s", s->host, path + n);
	}
	return NULL;
}

static int same_file(const char *a, const char *b)
{
	struct stat x, y;

	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* Whether the program's file can be packed at guest path: a spec line holds it,
 * nothing of the launcher's or another file is there, no share hides it. */
static int placeable(const struct run *r, const char *path)
{
	const struct entry *e = archive_find(&r->archive, path);
	char *hidden = shared_file(r, path);
	int ok = !hidden && !has_space_or_control(path) && (!e || !strcmp(e->owner, "the defaults"));

	for (size_t i = 0; ok && i < sizeof(mounts) / sizeof(*mounts); i++) {
		size_t n = strlen(mounts[i]);

		ok = strncmp(path, mounts[i], n) != 0 || (path[n] != '/' && path[n] != '\0');
	}
	free(hidden);
	return ok;
}

/* Where the program is in the guest: where its argv[0] says, from the folder it
 * starts in, so that argv[0] and /proc/self/exe name the same file (README, "Where
 * the program is"). A path in a share (-w ./prog) is the shared folder's file,
 * when that is the program's; any other is the program's file packed there; a
 * name without '/' (found on PATH) is PROGRAM_DIR's, which the guest's PATH
 * searches. Where none of that can be (a path only the share's other file, the
 * launcher's mounts or a spec line's limits allow), it is PROGRAM_DIR/NAME. */
void archive_program(struct run *r)
{
	const char *argv0 = r->o.argv0 && *r->o.argv0 ? r->o.argv0 : r->program_given;
	char *path = strchr(argv0, '/') ? absolute_in(r->dir, argv0) : xasprintf(PROGRAM_DIR "/%s", argv0);
	char *host = shared_file(r, path);

	if (host && same_file(host, r->program)) {
		r->guest_path = path;
		free(host);
		return;
	}
	free(host);
	if (!placeable(r, path)) {
		char *name = base_name(r->program);

		free(path);
		if (strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-") !=
		    strlen(name) || !*name)
			name = xstrdup("program");
		path = xasprintf(PROGRAM_DIR "/%s", name);
		free(name);
		if ((host = shared_file(r, path)))
			die("a share would hide the program at %s (%s)", path, host);
	}
	r->guest_path = path;
	if (access(r->program, F_OK) == 0)
		archive_put_host(r, "the program", r->program, r->guest_path, "0755 0 0");
}

/* Where -f or -d puts HOST: without GUEST, HOST's own name in /; GUEST ending in
 * "/": HOST's own name in that folder; relative: under /. */
static char *guest_of(const char *host, const char *guest)
{
	char *own = base_name(host), *path, *squeezed;

	if (!strcmp(own, ".") || !strcmp(own, "..")) {
		char *real = realpath(host, NULL);

		free(own);
		own = base_name(real ? real : host);
		free(real);
	}
	if (!guest || !*guest)
		guest = "/";
	path = xasprintf("%s%s%s", guest[0] == '/' ? "" : "/", guest, guest[strlen(guest) - 1] == '/' ? own : "");
	squeezed = squeeze_slashes(path);
	free(own);
	free(path);
	return squeezed;
}

/* -d's walk: the folder's tree, nothing followed through a link. */
static struct run *walking;
static const char *walk_who, *walk_host, *walk_guest;

static int walk_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *relative = path + strlen(walk_host) + 1;
	char *guest, *line;
	unsigned mode = (unsigned)(st->st_mode & 07777);

	if (ftw->level == 0)
		return 0;
	if (type == FTW_DNR || type == FTW_NS)
		die("%s: cannot read all of %s", walk_who, walk_host);
	guest = xasprintf("%s/%s", walk_guest, relative);
	if (type == FTW_D) {
		line = xasprintf("dir %s %o 0 0", guest, mode);
		archive_put(walking, walk_who, guest, line);
	} else if (type == FTW_F && S_ISREG(st->st_mode)) {
		line = xasprintf("%o 0 0", mode);
		archive_put_file(walking, walk_who, path, guest, line);
	} else if (type == FTW_SL) {
		char target[4096];
		ssize_t n = readlink(path, target, sizeof(target) - 1);

		target[n > 0 ? n : 0] = '\0';
		if (n <= 0 || has_space_or_control(target))
			die("%s: the link %s/%s points to '%s', which a spec line cannot hold", walk_who, walk_host,
			    relative, target);
		line = xasprintf("slink %s %s 0777 0 0", guest, target);
		archive_put(walking, walk_who, guest, line);
	} else
		die("%s: %s/%s is neither a file, a folder nor a symbolic link (-s can add others)", walk_who,
		    walk_host, relative);
	free(guest);
	free(line);
	return 0;
}

static void add_folder(struct run *r, const char *who, const char *host, const char *guest_given)
{
	struct stat st;
	char *guest = guest_of(host, guest_given), *line;

	if (!is_dir(host))
		die("%s: %s is not a folder", who, host);
	stat(host, &st);
	line = xasprintf("dir %s %o 0 0", guest, (unsigned)(st.st_mode & 07777));
	archive_put(r, who, guest, line);
	walking = r, walk_who = who, walk_host = host, walk_guest = guest;
	if (nftw(host, walk_one, 16, FTW_PHYS) != 0)
		die("%s: cannot read all of %s", who, host);
	free(guest);
	free(line);
}

/* -s LINE alone, as mkcpio checks it (relative to the current folder). */
static int check_line(void *line)
{
	char *text = xasprintf("%s\n", (char *)line);
	int rc = mkcpio_parse_spec("<stdin>", text, strlen(text), NULL, 0);

	free(text);
	return rc;
}

static void add_lines(struct run *r, const char *value)
{
	char *copy = xstrdup(value), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char keyword[64] = "", path[4097] = "", third[4097] = "", error[512];
		int rest_at = 0;

		sscanf(line, " %63s %4096s %4096s %n", keyword, path, third, &rest_at);
		if (!keyword[0] || keyword[0] == '#')
			continue;
		char *who = xasprintf("-s '%s'", line);
		if (quietly(check_line, line, error, sizeof(error)) != 0)
			die("%s: %s", who, starts(error, "<stdin>:1: ") ? error + 11 : error);
		char *guest = xasprintf("%s%s", path[0] == '/' ? "" : "/", path);
		const char *rest = rest_at ? line + rest_at : "";
		if (!strcmp(keyword, "file"))
			archive_put_file(r, who, third, guest, rest);
		else {
			char *entry = xasprintf("%s %s %s %s", keyword, guest, third, rest);

			archive_put(r, who, guest, entry);
			free(entry);
		}
		free(who);
		free(guest);
	}
	free(copy);
}

void archive_inputs(struct run *r)
{
	const struct strv *in = &r->o.inputs;

	for (size_t i = 0; i + 1 < in->n; i += 2) {
		char option = in->v[i][0], *value = in->v[i + 1], *host = xstrdup(value), *guest = NULL;
		char *who = xasprintf("-%c %s", option, value);

		if (option != 's' && strchr(value, ':')) {
			*strrchr(host, ':') = '\0';
			guest = strrchr(value, ':') + 1;
		}
		if (option == 'f') {
			if (!is_file(host))
				die("%s: %s is not a file", who, host);
			char *at = guest_of(host, guest);
			archive_put_file(r, who, host, at, NULL);
			free(at);
		} else if (option == 'd')
			add_folder(r, who, host, guest);
		else
			add_lines(r, value);
		free(host);
		free(who);
	}
}

static int check_out_dir(void *dir)
{
	return unpack_check_dir(dir);
}

/* /out for the program, the program that copies it (the launcher runs it when it is
 * there), and the disk it copies to, as large as the guest's memory, which holds
 * /out, plus 1 MiB: in memory, it takes what is written. */
void archive_out(struct run *r)
{
	char error[512];
	unsigned long long size = strtoull(r->memory, NULL, 10);
	char unit = r->memory[strlen(r->memory) - 1];

	if (quietly(check_out_dir, (void *)r->o.outdir, error, sizeof(error)) != 0)
		die("-o %s", starts(error, "unpack: ") ? error + 8 : error);
	archive_put(r, "-o", "/out", "dir /out 0755 0 0");
	archive_put_file(r, "-o", env_get(&r->b.arch, "copyout"), "/nakedinit.copyout", "0755 0 0");
	/* QEMU's unit is the MiB */
	size <<= unit == 'K' || unit == 'k' ? 10 : unit == 'G' || unit == 'g' ? 30 : 20;
	r->disk = memory_file("out.img", r->disk_path);
	if (ftruncate(r->disk, (off_t)(size + (1 << 20))) < 0)
		die("cannot make the out disk: %s", strerror(errno));
}

static void archive_binds(struct run *r);

/* The argument file (src/lib/argfile.h): NUL-ended words. argv[0] is PROGRAM as
 * given, as a shell gives it, unless --argv0. The environment: the defaults, each
 * unless -e sets its NAME, then the -e settings. */
void archive_argfile(struct run *r, int argc, char *const argv[])
{
	static const char *const defaults[] = { "PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "TERM=linux" };
	const struct strv *env = &r->o.env;
	struct strv words = { 0 }, environment = { 0 };
	int first = r->o.program + 1, args = argc - first;
	size_t size = 0;

	for (size_t d = 0; d < 3; d++) {
		size_t n = strcspn(defaults[d], "=") + 1, i;

		for (i = 0; i < env->n && strncmp(env->v[i], defaults[d], n) != 0; i++)
			;
		if (i == env->n)
			strv_add(&environment, defaults[d]);
	}
	for (size_t i = 0; i < env->n; i++)
		strv_add(&environment, env->v[i]);
	strv_add(&words, ARGFILE_MAGIC);
	strv_add(&words, r->o.seconds);
	strv_addf(&words, "%lu", r->o.no_randomize ? (unsigned long)ADDR_NO_RANDOMIZE : 0ul);
	strv_add(&words, r->dir);
	strv_add(&words, r->guest_path);
	strv_addf(&words, "%d", args + 1);
	strv_add(&words, r->o.argv0 && *r->o.argv0 ? r->o.argv0 : r->program_given);
	for (int i = first; i < argc; i++)
		strv_add(&words, argv[i]);
	strv_addf(&words, "%zu", environment.n);
	for (size_t i = 0; i < environment.n; i++)
		strv_add(&words, environment.v[i]);
	strv_addf(&words, "%zu", r->nshares);
	for (size_t k = 0; k < r->nshares; k++) {
		const struct shared *s = &r->shares[r->order[k]];

		strv_add(&words, s->read_only ? "ro" : "rw");
		strv_add(&words, s->guest);
	}
	for (size_t i = 0; i < words.n; i++)
		size += strlen(words.v[i]) + 1;
	if (size > ARGFILE_SIZE_MAX)
		die("the arguments and environment take %zu bytes; the launcher reads at most %d", size,
		    ARGFILE_SIZE_MAX);
	if ((size_t)args + 1 + environment.n > ARGFILE_WORDS_MAX)
		die("more than %d arguments and environment words", ARGFILE_WORDS_MAX);
	for (size_t i = 0; i < words.n; i++)
		if (write(r->argfile, words.v[i], strlen(words.v[i]) + 1) < 0)
			die("cannot write the argument file: %s", strerror(errno));
	strv_free(&words);
	strv_free(&environment);
	if (r->kept && (r->nshares || r->bound.n))
		archive_binds(r);
}

/* A kept guest shares the host's / once: a run's shares are bound from there, the
 * Nth from the Nth host folder of this file (src/launch.c, bind_shares). */
static void archive_binds(struct run *r)
{
	char path[32];
	int fd = memory_file("binds", path);

	for (size_t k = 0; k < r->nshares; k++) {
		const char *host = r->shares[r->order[k]].host;

		if (write(fd, host, strlen(host) + 1) < 0)
			die("cannot write the shares' list: %s", strerror(errno));
	}
	/* then the files bound from the host: its path, the guest's and its identity */
	for (size_t k = 0; k < r->bound.n; k++)
		if (write(fd, r->bound.v[k], strlen(r->bound.v[k]) + 1) < 0)
			die("cannot write the shares' list: %s", strerror(errno));
	archive_put(r, "the shares", "/nakedinit.binds", xasprintf("file /nakedinit.binds %s 0400 0 0", path));
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

/* $SOURCE_DATE_EPOCH, or 0, as mkcpio takes it. */
static uint32_t mtime(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	unsigned long long value = s ? strtoull(s, NULL, 10) : 0;

	return value > UINT32_MAX ? 0 : (uint32_t)value;
}

/* spec into a memory file, as an archive. */
static int pack(const char *spec, const char *name)
{
	char path[32];
	int fd = memory_file(name, path), copy = dup(fd);
	FILE *out = copy >= 0 ? fdopen(copy, "w") : NULL;

	if (!out || mkcpio_parse_spec("the run's spec", spec, strlen(spec), out, mtime()) != 0 || fclose(out) != 0)
		die("packing the initrd failed (above)");
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void keep(const char *path, int fd, const char *spec)
{
	FILE *out = fopen(path, "w");
	char *spec_path = xasprintf("%s.spec", path), buf[65536];
	ssize_t n;
	int ok = out != NULL;

	while (ok && (n = read(fd, buf, sizeof(buf))) > 0)
		ok = fwrite(buf, 1, (size_t)n, out) == (size_t)n;
	if (out && fclose(out) != 0)
		ok = 0;
	out = ok ? fopen(spec_path, "w") : NULL;
	if (!out || fputs(spec, out) < 0 || fclose(out) != 0)
		die("-i %s: cannot write it", path);
	lseek(fd, 0, SEEK_SET);
	free(spec_path);
}

int archive_write(struct run *r, const char *init)
{
	struct archive *a = &r->archive;
	char *source = init ? spec_source(init) : NULL, *spec = NULL;
	size_t size = 0;
	FILE *text = open_memstream(&spec, &size);

	if (!text)
		die("out of memory");
	fprintf(text, INITRD_HEAD, init ? source : "-");
	if (init)
		fprintf(text, "file /init %s 0755 0 0\n", source);
	qsort(a->entries, a->count, sizeof(*a->entries), by_path);
	for (size_t i = 0; i < a->count; i++)
		if (a->entries[i].line)
			fprintf(text, "%s\n", a->entries[i].line);
	if (fclose(text) != 0)
		die("out of memory");
	int fd = pack(spec, "initrd");
	if (r->o.keep)
		keep(r->o.keep, fd, spec);
	free(spec);
	free(source);
	return fd;
}

struct launcher_spec {
	const char *spec;
};

static int write_launcher(FILE *out, void *arg)
{
	const char *spec = ((struct launcher_spec *)arg)->spec;

	return mkcpio_parse_spec("the launcher's spec", spec, strlen(spec), out, mtime());
}

/* The shell and the basic commands, as spec lines, each with its path: one
 * static BusyBox (run.env's busybox) at BUSYBOX, and a link to it at each path of
 * busybox_links, BusyBox's own layout (/bin/sh, /usr/bin/env, ...). */
static void commands(const struct run *r, struct strv *paths, struct strv *lines)
{
	const char *links = env_get(&r->b.arch, "busybox_links");
	char *source = spec_source(env_get(&r->b.arch, "busybox")), path[PATH_MAX];
	FILE *f = fopen(links, "r");

	if (!f)
		die("cannot read %s: %s", links, strerror(errno));
	strv_add(paths, BUSYBOX);
	strv_addf(lines, "file " BUSYBOX " %s 0755 0 0", source);
	while (fgets(path, sizeof(path), f)) {
		path[strcspn(path, "\n")] = '\0';
		if (path[0] != '/' || has_space_or_control(path) || has_dot_component(path))
			die("%s: not a path a spec line holds: %s", links, path);
		strv_add(paths, path);
		strv_addf(lines, "slink %s " BUSYBOX " 0777 0 0", path);
	}
	fclose(f);
	free(source);
}

/* What the run brings at a command's path (-f, -d, the program) replaces it, and
 * a share there hides it. */
void archive_commands(struct run *r)
{
	struct strv paths = { 0 }, lines = { 0 };

	if (r->o.bare || (r->warm && !r->kept))
		return;
	commands(r, &paths, &lines);
	/* A kept guest binds its own BusyBox on an empty /bin/busybox. */
	if (r->kept) {
		free(lines.v[0]);
		lines.v[0] = xasprintf("file " BUSYBOX " %s 0755 0 0", empty_file());
	}
	for (size_t i = 0; i < paths.n; i++) {
		char *shared = shared_file(r, paths.v[i]);

		if (!shared && !archive_find(&r->archive, paths.v[i]))
			archive_put(r, "the commands", paths.v[i], lines.v[i]);
		free(shared);
	}
	strv_free(&paths);
	strv_free(&lines);
}

void archive_launcher(const struct run *r, const char *path)
{
	char *source = spec_source(env_get(&r->b.arch, "launch")), *spec;
	struct strv paths = { 0 }, lines = { 0 }, folders = { 0 };
	size_t size;
	FILE *text = open_memstream(&spec, &size);

	if (!text)
		die("out of memory");
	fprintf(text, INITRD_HEAD "file /init %s 0755 0 0\n", source, source);
	if (!r->o.bare)
		commands(r, &paths, &lines);
	/* A folder before what it holds: the kernel makes none by itself. */
	for (size_t i = 0; i < paths.n; i++) {
		for (char *slash = strchr(paths.v[i] + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
			char *folder = strndup(paths.v[i], (size_t)(slash - paths.v[i]));
			size_t k = 0;

			while (k < folders.n && strcmp(folders.v[k], folder) != 0)
				k++;
			if (k == folders.n) {
				strv_add(&folders, folder);
				fprintf(text, "dir %s 0755 0 0\n", folder);
			}
			free(folder);
		}
		fprintf(text, "%s\n", lines.v[i]);
	}
	if (fclose(text) != 0)
		die("out of memory");
	struct launcher_spec s = { spec };

	if (write_atomically(TOOL, path, 0644, write_launcher, &s) != 0)
		die("cannot write %s (above)", path);
	free(spec);
	free(source);
	strv_free(&paths);
	strv_free(&lines);
	strv_free(&folders);
}
