// SPDX-License-Identifier: MIT
/* binfmt: nakedinit-run as binfmt_misc's handler of every ELF of another
 * architecture than the host's, as qemu-user-binfmt is. --binfmt-register writes a
 * handler NAME-ARCH for each: a match on the ELF header (64-bit, little-endian as
 * all of these are; an executable or a position-independent one, type 2 or 3; the
 * machine), and flag P: the kernel then runs nakedinit-binfmt, a link to this
 * program beside it, with the program's path, then the argv[0] it was given;
 * called by that name, this program runs it as nakedinit-run -w --argv0=ARGV0 --
 * PATH ARGS... would. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "run.h"

#define MISC "/proc/sys/fs/binfmt_misc"

char **binfmt_argv(int *argc, char **argv)
{
	char **args = xcalloc((size_t)*argc + 3, sizeof(char *));
	int n = 0;

	if (*argc < 3) {
		fputs("nakedinit-binfmt: binfmt_misc runs this, with a program's path and argv[0]\n", stderr);
		exit(EXIT_FAILED);
	}
	args[n++] = argv[0];
	args[n++] = "-w";
	args[n++] = xasprintf("--argv0=%s", argv[2]);
	args[n++] = "--";
	args[n++] = argv[1];
	for (int i = 3; i < *argc; i++)
		args[n++] = argv[i];
	*argc = n;
	return args;
}

/* The handler's "magic" and "mask", as binfmt_misc's register line escapes bytes. */
static void match(char *magic, char *mask, unsigned machine)
{
	int n = 0, m = 0;

	n += sprintf(magic + n, "\\x7fELF\\x02\\x01\\x01");
	for (int i = 0; i < 9; i++)
		n += sprintf(magic + n, "\\x00");
	sprintf(magic + n, "\\x02\\x00\\x%02x\\x%02x", machine & 255, machine >> 8);
	for (int i = 0; i < 7; i++)
		m += sprintf(mask + m, "\\xff");
	m += sprintf(mask + m, "\\x00");
	for (int i = 0; i < 8; i++)
		m += sprintf(mask + m, "\\xff");
	sprintf(mask + m, "\\xfe\\xff\\xff\\xff");
}

static void write_to(const char *path, const char *text, const char *failure, const char *name)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		die(failure, name);
}

void binfmt(struct run *r)
{
	struct strv split_machines = env_split(&r->b.host, "elf_machines"), *machines = &split_machines;
	struct strv split_names = env_split(&r->b.host, "arch_names"), *names = &split_names;
	int remove = r->o.binfmt == BINFMT_REMOVE;
	const char *verb = remove ? "remove" : "register", *name = r->o.binfmt_name;
	struct utsname host;
	char *handler_dir = xstrdup(r->self), *host_arch;

	if (r->o.program < r->argc)
		die("--binfmt-%s takes no PROGRAM", verb);
	if (strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(name))
		die("--binfmt-%s=%s: a name of letters, digits, '.', '_' and '-'", verb, name);
	if (access(MISC "/register", F_OK) != 0)
		die("binfmt_misc is not mounted: mount -t binfmt_misc binfmt_misc " MISC " (as root)");
	if (access(MISC "/register", W_OK) != 0)
		die(MISC "/register: not writable (binfmt_misc needs root)");
	uname(&host);
	host_arch = xstrdup(host.machine);
	for (size_t i = 0; i < names->n; i++) {
		size_t n = strcspn(names->v[i], "=");

		if (strlen(host.machine) == n && !strncmp(names->v[i], host.machine, n))
			host_arch = xstrdup(names->v[i] + n + 1);
	}
	*strrchr(handler_dir, '/') = '\0';
	for (size_t i = 0; i < machines->n; i++) {
		const char *entry = machines->v[i], *arch = strchr(entry, '=') + 1;
		char *path = xasprintf(MISC "/%s-%s", name, arch), magic[128], mask[128];

		if (!strcmp(arch, host_arch))
			continue;
		if (remove) {
			if (access(path, F_OK) == 0)
				write_to(path, "-1\n", "cannot remove %s", path);
			continue;
		}
		if (access(path, F_OK) == 0)
			die("%s exists already (--binfmt-remove=%s first)", path, name);
		match(magic, mask, (unsigned)strtoul(entry, NULL, 10));
		char *line = xasprintf(":%s-%s:M::%s:%s:%s/nakedinit-binfmt:P\n", name, arch, magic, mask, handler_dir);
		write_to(MISC "/register", line, "binfmt_misc refused %s", path + strlen(MISC) + 1);
		printf("%s: %s programs run through %s/nakedinit-binfmt\n", path, arch, handler_dir);
		free(line);
		free(path);
	}
	exit(0);
}
