// SPDX-License-Identifier: MIT
/* shares: -v and -w. Each is QEMU's 9p server on the host folder (-fsdev local)
 * and a virtio-9p device with mount tag nakedinit.N, which the launcher mounts at
 * GUEST (the argument file says where; N counts from 0 in the file's order, parents
 * before what is in them, so that a share inside another is mounted on top of it).
 * security_model=none: QEMU creates files as the user who runs it, with the modes
 * the program gives them; "mapped" would keep them 0600 on the host, the real mode
 * in an attribute only the guest reads. readonly=on: QEMU refuses every write,
 * whatever the guest mounts.
 * Measured against the alternatives (tests/launch/share_features.c, QEMU 7.2,
 * kernel 6.1): "mapped-xattr"/"mapped-file" would let the guest make FIFOs and
 * Unix sockets, which "none" and "passthrough" refuse (ENXIO: Debian's QEMU 7.2,
 * with the CVE-2023-2861 fix, will not open the special file it has just made in
 * order to chmod it), but the host would then see 0600 files and symbolic links
 * as regular files. multidevs=remap and writeout=immediate change none of what a
 * program sees. virtio-fs (vhost-user-fs): QEMU refuses to save a machine that
 * has one ("State blocked by non-migratable device '.../vhost-user-fs'"), which
 * rules out warm starts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

/* Whether path is at or under folder. */
static int within(const char *path, const char *folder)
{
	size_t n = strlen(folder);

	return !strncmp(path, folder, n) && (path[n] == '\0' || path[n] == '/');
}

static void share(struct run *r, const char *who, const char *host_given, const char *guest_given, int read_only)
{
	char *host, *guest;

	if (!is_dir(host_given))
		die("%s: %s is not a folder (a share is a folder)", who, host_given);
	if (access(host_given, R_OK | X_OK) != 0)
		die("%s: cannot read the folder %s", who, host_given);
	if (!(host = realpath(host_given, NULL)))
		die("%s: cannot resolve %s", who, host_given);
	if (guest_given[0] != '/')
		die("%s: the guest path %s is not absolute", who, guest_given);
	guest = squeeze_slashes(guest_given);
	if (guest[strlen(guest) - 1] == '/')
		guest[strlen(guest) - 1] = '\0';
	if (!*guest)
		die("%s: cannot share over the guest's /", who);
	char *padded = xasprintf("%s/", guest);
	if (strstr(padded, "/../") || strstr(padded, "/./"))
		die("%s: the guest path %s has a '.' or '..' component", who, guest);
	free(padded);
	if (strchr(guest, '\n'))
		die("%s: the guest path has a newline", who);
	for (const char *const *m = (const char *const[]){ "/dev", "/proc", "/sys", NULL }; *m; m++)
		if (within(guest, *m))
			die("%s: %s is the launcher's %s", who, guest, *m);
	for (size_t i = 0; i < r->nshares; i++)
		if (!strcmp(r->shares[i].guest, guest))
			die("%s: %s is shared already, by %s", who, guest, r->shares[i].who);
	/* What the initrd has at GUEST or under it would be hidden: refused, but for the
	 * default /etc files (a share of /etc brings its own) and the folders the
	 * launcher makes (what is in them counts). */
	for (size_t i = 0; i < r->archive.count; i++) {
		const struct entry *e = &r->archive.entries[i];

		if (!within(e->path, guest) || !strcmp(e->owner, "the defaults") ||
		    (e->line && starts(e->line, "dir ") &&
		     (!strcmp(e->owner, "the launcher") || starts(e->owner, "the folder for "))))
			continue;
		die("%s: a share at %s would hide %s (%s)", who, guest, e->path, e->owner);
	}
	r->shares[r->nshares++] = (struct shared){ host, guest, read_only, xstrdup(who) };
}

static int by_guest(const void *a, const void *b, void *arg)
{
	const struct shared *s = arg;
	const char *x = s[*(const size_t *)a].guest, *y = s[*(const size_t *)b].guest;

	/* "GUEST\tN" sorted: a tab before any character of a path, so a parent first */
	for (; *x && *x == *y; x++, y++)
		;
	return (unsigned char)(*x ? *x : '\t') - (unsigned char)(*y ? *y : '\t');
}

void shares_add(struct run *r)
{
	const struct strv *v = &r->o.volumes;
	size_t max = (size_t)strtoul(env_get(&r->b.host, "shares_max"), NULL, 10);

	r->shares = xcalloc(v->n + 1, sizeof(*r->shares));
	r->order = xcalloc(v->n + 1, sizeof(*r->order));
	for (size_t i = 0; i < v->n; i++) {
		char *spec = xstrdup(v->v[i]), *who = xasprintf("-v %s", v->v[i]), *colon;
		size_t n = strlen(spec);
		int read_only = 0;

		if (n > 3 && !strcmp(spec + n - 3, ":ro"))
			spec[n - 3] = '\0', read_only = 1;
		else if (n > 3 && !strcmp(spec + n - 3, ":rw"))
			spec[n - 3] = '\0';
		colon = strrchr(spec, ':');
		if (!colon || colon == spec || !colon[1])
			die("-v %s: expected HOST:GUEST or HOST:GUEST:ro", v->v[i]);
		*colon = '\0';
		share(r, who, spec, colon + 1, read_only);
		free(spec);
		free(who);
	}
	r->dir = xstrdup("/");
	if (r->o.workdir) {
		/* The folder as the kernel names it (getcwd), links resolved. */
		char *here = getcwd(NULL, 0);

		if (!here)
			die("-w: cannot find the current folder");
		if (!strcmp(here, "/"))
			die("-w: the current folder is /, which the guest cannot share (its own /init is there)");
		r->dir = here;
		share(r, "-w", here, here, 0);
	}
	if (r->nshares > max)
		die("%zu shared folders: the guest has room for %zu (-v, -w)", r->nshares, max);
	for (size_t i = 0; i < r->nshares; i++)
		r->order[i] = i;
	qsort_r(r->order, r->nshares, sizeof(*r->order), by_guest, r->shares);
}

/* A value in QEMU's options takes a "," as ",,". */
static char *qemu_escape(const char *s)
{
	char *out = xcalloc(2 * strlen(s) + 1, 1), *to = out;

	for (; *s; s++) {
		*to++ = *s;
		if (*s == ',')
			*to++ = ',';
	}
	return out;
}

void shares_devices(const struct run *r, struct strv *cmd, size_t own, size_t count, const char *empty)
{
	const char *virtio = env_get(&r->b.arch, "virtio");

	for (size_t k = 0; k < count; k++) {
		const struct shared *s = k < own ? &r->shares[r->order[k]] : NULL;
		char *folder = qemu_escape(s ? s->host : empty);

		strv_add(cmd, "-fsdev");
		strv_addf(cmd, "local,id=share%zu,path=%s,security_model=none%s", k, folder,
			  !s || s->read_only ? ",readonly=on" : "");
		strv_add(cmd, "-device");
		strv_addf(cmd, "virtio-9p-%s,fsdev=share%zu,mount_tag=nakedinit.%zu", virtio, k, k);
		free(folder);
	}
}
