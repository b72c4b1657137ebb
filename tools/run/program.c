// SPDX-License-Identifier: MIT
/* program: PROGRAM found as a shell finds a command, checked to be an ELF of an
 * architecture nakedinit boots (tools/inspect.c's reader, the very code of
 * `inspect elf`), and, dynamically linked, given its loader and every library it
 * needs, found on this host as the loader would find them:
 *
 * in the DT_RPATH of the one that needs it and of those that loaded that one
 * (unless it has a DT_RUNPATH), then in its DT_RUNPATH, then in the default
 * folders; $ORIGIN is the folder of the one that names it. For the host's
 * architecture, the host's; for another, those of Debian's cross sysroot. Each
 * library goes to the loader's first default folder, /lib/TRIPLE, under the name
 * it is asked for: the loader finds it there without LD_LIBRARY_PATH or
 * /etc/ld.so.cache. Libraries the program opens itself (dlopen) are not seen. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inspect.h"
#include "run.h"

/* What `inspect elf` says of a file. */
struct facts {
	char *type, *interpreter, *shebang, *rpath, *runpath, *error;
	unsigned long machine, class;
	struct strv needed;
};

static void facts_free(struct facts *f)
{
	free(f->type);
	free(f->interpreter);
	free(f->shebang);
	free(f->rpath);
	free(f->runpath);
	free(f->error);
	for (size_t i = 0; i < f->needed.n; i++)
		free(f->needed.v[i]);
	free(f->needed.v);
	*f = (struct facts){ 0 };
}

static void fact(struct facts *f, const char *key, const char *value)
{
	char **slot = !strcmp(key, "type") ? &f->type : !strcmp(key, "interpreter") ? &f->interpreter :
		      !strcmp(key, "shebang") ? &f->shebang : !strcmp(key, "rpath") ? &f->rpath :
		      !strcmp(key, "runpath") ? &f->runpath : NULL;

	if (slot && !*slot)
		*slot = xstrdup(value);
	else if (!strcmp(key, "machine"))
		f->machine = strtoul(value, NULL, 10);
	else if (!strcmp(key, "class"))
		f->class = strtoul(value, NULL, 10);
	else if (!strcmp(key, "needed"))
		strv_add(&f->needed, value);
}

/* The facts of path; 0, or -1 with f->error set (what was learnt is kept). The
 * file is mapped, not read: a program may be large, and only its headers count. */
static int read_facts(const char *path, struct facts *f)
{
	char error[512] = "", *text = NULL, *line, *next;
	size_t size = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;
	struct stat st;
	FILE *out = open_memstream(&text, &size);
	void *data = MAP_FAILED;

	*f = (struct facts){ 0 };
	if (fd >= 0 && out && fstat(fd, &st) == 0 && st.st_size > 0)
		data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (fd < 0 || !out || fstat(fd, &st) < 0 || (st.st_size > 0 && data == MAP_FAILED))
		snprintf(error, sizeof(error), "cannot read it: %s", strerror(errno));
	else
		rc = inspect_elf(out, data == MAP_FAILED ? (const unsigned char *)"" : data, (size_t)st.st_size,
				 error, sizeof(error));
	if (data != MAP_FAILED)
		munmap(data, (size_t)st.st_size);
	if (fd >= 0)
		close(fd);
	if (out)
		fclose(out);
	for (line = text; line && *line; line = next) {
		char *colon;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if ((colon = strstr(line, ": "))) {
			*colon = '\0';
			fact(f, line, colon + 2);
		}
	}
	free(text);
	if (rc < 0)
		f->error = xstrdup(error);
	return rc;
}

char *on_path(const char *name)
{
	const char *path = getenv("PATH");

	while (path) {
		const char *end = strchr(path, ':');
		size_t n = end ? (size_t)(end - path) : strlen(path);
		char *candidate = n ? xasprintf("%.*s/%s", (int)n, path, name) : xasprintf("%s", name);

		if (is_file(candidate) && access(candidate, X_OK) == 0)
			return candidate;
		free(candidate);
		path = end ? end + 1 : NULL;
	}
	return NULL;
}

/* The current folder as the shell names it ($PWD, links kept), where that is it. */
static char *current_folder(void)
{
	const char *pwd = getenv("PWD");
	struct stat a, b;
	char *here;

	if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino)
		return xstrdup(pwd);
	here = getcwd(NULL, 0);
	if (!here)
		die("cannot find the current folder: %s", strerror(errno));
	return here;
}

static void resolve(struct run *r)
{
	const char *given = r->program_given;
	struct stat st;

	r->program = xstrdup(given);
	if (!strchr(given, '/')) {
		char *found = on_path(given);

		if (found)
			r->program = found;
		else if (!r->o.force)
			die("%s: not found on PATH (a file in this folder is ./%s)", given, given);
	}
	if (stat(r->program, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			die("%s: not a regular file", r->program);
		if (lstat(r->program, &st) == 0 && S_ISLNK(st.st_mode))
			r->program = realpath(r->program, NULL);
		else if (r->program[0] != '/') {
			char *here = current_folder();

			r->program = xasprintf("%s/%s", here, r->program);
			free(here);
		}
	} else if (!r->o.force)
		die("%s: no such file", r->program);
}

/* The architecture of an ELF machine, by the table the Makefile builds from
 * arch/ARCH/arch.mk: "MACHINE=NAME ...", MACHINE/CLASS=NAME where one number
 * covers two. */
static char *arch_of(const struct run *r, unsigned long machine, unsigned long class)
{
	struct strv split = env_split(&r->b.host, "elf_machines"), *table = &split;
	char *found = NULL, *exact = xasprintf("%lu/%lu=", machine, class), *any = xasprintf("%lu=", machine);

	for (size_t i = 0; i < table->n; i++) {
		const char *e = table->v[i];

		if (!strncmp(e, exact, strlen(exact)))
			found = xstrdup(e + strlen(exact));
		else if (!strncmp(e, any, strlen(any)) && !found)
			found = xstrdup(e + strlen(any));
	}
	free(exact);
	free(any);
	return found;
}

void program_check(struct run *r)
{
	struct facts f;

	resolve(r);
	if (r->o.force)
		return;
	read_facts(r->program, &f);
	if (!f.type || strcmp(f.type, "elf") != 0) {
		if (f.type && !strcmp(f.type, "script"))
			die("%s is a script (#!%s): give an executable; its interpreter may run it", r->program,
			    f.shebang ? f.shebang : "");
		die("%s is not an ELF executable", r->program);
	}
	char *arch = arch_of(r, f.machine, f.class);
	if (!arch)
		die("%s is an ELF for machine %lu (%lu-bit), which nakedinit does not boot", r->program, f.machine,
		    f.class);
	if (r->arch && strcmp(r->arch, arch) != 0)
		die("%s is for %s, not %s (-a)", r->program, arch, r->arch);
	r->arch = arch;
	r->machine = (unsigned)f.machine;
	r->class = (unsigned)f.class;
	r->interpreter = f.interpreter ? xstrdup(f.interpreter) : NULL;
	facts_free(&f);
}

/* A library's package missing: named where installed, installed in a checkout. */
static void need(const struct run *r, const char *why, const char *package, const char *file)
{
	if (r->b.installed)
		die("%s needs %s: install the package %s (apt-get install %s)", r->program, file, package, package);
	char *script = xasprintf("%s/tools/need.sh", r->b.top), *spec = xasprintf("%s:%s", package, file);

	if (run_helper((char *[]){ script, (char *)why, spec, NULL }) != 0)
		die("installing %s failed (above)", spec);
	free(script);
	free(spec);
}

/* The folders of a DT_RPATH or DT_RUNPATH as found here: $ORIGIN the folder of the
 * one that names it; an absolute one in the sysroot, then as it is (a build
 * folder's, as qemu-user's -L). A relative one is the guest's working folder:
 * nothing to find here. */
static void folders(struct strv *into, const char *list, const char *origin, const char *sysroot)
{
	char *copy = xstrdup(list ? list : ""), *save = NULL;

	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		if (!strncmp(dir, "$ORIGIN", 7))
			strv_addf(into, "%s%s", origin, dir + 7);
		else if (!strncmp(dir, "${ORIGIN}", 9))
			strv_addf(into, "%s%s", origin, dir + 9);
		else if (dir[0] == '/') {
			strv_addf(into, "%s%s", sysroot, dir);
			if (*sysroot)
				strv_add(into, dir);
		}
	}
	free(copy);
}

/* The first FOLDER/NAME that is an ELF of PROGRAM's machine and class (the loader
 * skips others). */
static char *find_library(const struct run *r, const char *name, const struct strv *search)
{
	for (size_t i = 0; i < search->n; i++) {
		char *path = xasprintf("%s/%s", search->v[i], name);
		struct facts f;

		if (is_file(path)) {
			int fits = read_facts(path, &f) == 0 && f.machine == r->machine && f.class == r->class;

			facts_free(&f);
			if (fits)
				return path;
		}
		free(path);
	}
	return NULL;
}

/* The Debian package that brings name to the cross sysroot: the cross build of the
 * package that has the host's own copy, if any. */
static char *cross_package(const struct run *r, const char *name)
{
	const char *suffix = env_get(&r->b.arch, "cross_suffix"), *triple = env_get(&r->b.host, "host_triple");
	char line[256] = "";

	if (!*suffix)
		return NULL;
	char *command = xasprintf("for dir in /lib/%s /usr/lib/%s; do p=$(dpkg -S \"$dir/$1\" 2> /dev/null | "
				  "head -n 1 | sed 's/[:,].*//'); [ -z \"$p\" ] || break; done; "
				  "[ -n \"$p\" ] && apt-cache show \"$p$2\" > /dev/null 2>&1 && echo \"$p$2\"",
				  triple, triple);
	int out[2];

	if (pipe(out) == 0) {
		pid_t pid = fork();

		if (pid == 0) {
			dup2(out[1], 1);
			execl("/bin/sh", "sh", "-c", command, "sh", name, suffix, (char *)NULL);
			_exit(127);
		}
		close(out[1]);
		ssize_t n = read(out[0], line, sizeof(line) - 1);
		line[n > 0 ? n : 0] = '\0';
		close(out[0]);
		waitpid(pid, NULL, 0);
	}
	free(command);
	line[strcspn(line, "\n")] = '\0';
	return line[0] ? xstrdup(line) : NULL;
}

/* Where a library is missing: named, with the package that brings it. */
static char *missing_library(const struct run *r, const char *object, const char *name, const struct strv *search)
{
	char *package = cross_package(r, name), *list = xstrdup("");

	if (!package) {
		for (size_t i = 0; i < search->n; i++) {
			char *more = xasprintf("%s%s ", list, search->v[i]);

			free(list);
			list = more;
		}
		die("%s needs %s, which is in none of: %s(no Debian package known here brings it; apt-file search %s "
		    "may name one)", object, name, list, name);
	}
	char *why = xasprintf("for %s, which %s needs", name, object), *file =
		xasprintf("%s/lib/%s", env_get(&r->b.arch, "sysroot"), name);

	need(r, why, package, file);
	char *found = find_library(r, name, search);
	if (!found)
		die("%s needs %s, which %s did not bring", object, name, package);
	return found;
}

/* Breadth first, as the loader loads them; the first found of a name serves all.
 * chains[i]: the DT_RPATH folders objects[i] inherits from those that loaded it. */
static void libraries(struct run *r, const char *sysroot)
{
	const char *triple = env_get(&r->b.arch, "triple"), *loader = strrchr(r->interpreter, '/') + 1;
	struct strv objects = { 0 }, names = { 0 }, defaults = { 0 };
	struct strv *chains = xcalloc(1, sizeof(*chains));

	strv_addf(&defaults, "%s/lib/%s", sysroot, triple);
	strv_addf(&defaults, "%s/usr/lib/%s", sysroot, triple);
	strv_addf(&defaults, "%s/lib", sysroot);
	strv_addf(&defaults, "%s/usr/lib", sysroot);
	strv_add(&objects, r->program);
	for (size_t i = 0; i < objects.n; i++) {
		const char *object = objects.v[i];
		char *origin = xstrdup(object);
		struct facts f;
		struct strv search = { 0 };

		*strrchr(origin, '/') = '\0';
		if (read_facts(object, &f) < 0)
			die("%s: %s", object, f.error);
		if (!f.runpath) {
			struct strv chain = { 0 };

			folders(&chain, f.rpath, origin, sysroot);
			for (size_t k = 0; k < chains[i].n; k++)
				strv_add(&chain, chains[i].v[k]);
			chains[i] = chain;
			for (size_t k = 0; k < chain.n; k++)
				strv_add(&search, chain.v[k]);
		} else
			folders(&search, f.runpath, origin, sysroot);
		for (size_t k = 0; k < defaults.n; k++)
			strv_add(&search, defaults.v[k]);
		for (size_t n = 0; n < f.needed.n; n++) {
			const char *needed = f.needed.v[n];
			int known = !strcmp(needed, loader);

			for (size_t k = 0; k < names.n && !known; k++)
				known = !strcmp(names.v[k], needed);
			if (!*needed || known)
				continue;
			if (strchr(needed, '/'))
				die("%s needs %s by its path, which nakedinit-run cannot place", object, needed);
			char *found = find_library(r, needed, &search);
			if (!found)
				found = missing_library(r, object, needed, &search);
			char *who = xasprintf("a library the program needs (%s)", found),
			     *where = xasprintf("/lib/%s/%s", triple, needed);

			strv_add(&names, needed);
			archive_put_host(r, who, found, where, NULL);
			strv_add(&objects, found);
			chains = xrealloc(chains, (objects.n + 1) * sizeof(*chains));
			chains[objects.n - 1] = (struct strv){ 0 };
			for (size_t k = 0; k < chains[i].n; k++)
				strv_add(&chains[objects.n - 1], chains[i].v[k]);
		}
		facts_free(&f);
		free(origin);
	}
}

void program_libraries(struct run *r)
{
	const char *sysroot = env_get(&r->b.arch, "sysroot"), *suffix = env_get(&r->b.arch, "cross_suffix");

	if (!r->interpreter || !*r->interpreter)
		return;
	if (r->interpreter[0] != '/')
		die("%s names its loader by a relative path, %s", r->program, r->interpreter);
	char *loader = xasprintf("%s%s", sysroot, r->interpreter);
	struct stat st;

	if (lstat(loader, &st) < 0 && *suffix) {
		char *why = xasprintf("for %s's loader, %s", r->arch, r->interpreter),
		     *package = xasprintf("libc6%s", suffix);

		need(r, why, package, loader);
	}
	if (!is_file(loader))
		die("%s needs the loader %s: %s is not here", r->program, r->interpreter, loader);
	archive_put_host(r, "the loader", loader, r->interpreter, NULL);
	libraries(r, sysroot);
}
