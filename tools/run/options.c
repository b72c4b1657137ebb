// SPDX-License-Identifier: MIT
/* options: nakedinit-run's command line, read as the shell's getopts reads one
 * (options first, clustered or not, a value attached or the next word; "--" or the
 * first word that is not an option ends them), and --help, whose text is the
 * manual page's too (make man: help2man reads it, then tools/run/nakedinit-run.h2m).
 * A plain function of argv, fuzzed (tests/fuzz/fuzz_runopts.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

const char help_text[] =
	"Usage: nakedinit-run [OPTION]... [--] PROGRAM [ARGS...]\n"
	"   or: nakedinit-run --binfmt-register[=NAME] | --binfmt-remove[=NAME]\n"
	"   or: nakedinit-run --help | --version\n"
	"\n"
	"Options:\n"
	"  -a ARCH     the guest's architecture (default: PROGRAM's, from its ELF header)\n"
	"  -t SECONDS  the guest stops the program after this long: result 124 (default: no limit)\n"
	"  -k KERNEL   boot this kernel image (default: the programs' kernel, built once)\n"
	"  -m MEMORY   the guest's memory, as QEMU's -m takes it (default: the Makefile's MEMORY)\n"
	"  --cpus N    the guest's virtual CPUs, 1 to 64, run at once by QEMU (default:\n"
	"              with a warm start, as many as this command may use, at most 4, the\n"
	"              Makefile's CPUS_MAX; 1 where the guest boots)\n"
	"  -e NAME=VALUE  add to the program's environment (PATH, HOME and TERM have defaults)\n"
	"  -v HOST:GUEST[:ro]  share folder HOST with the guest, at GUEST, while the\n"
	"                      program runs: read-write, or read-only with :ro (README,\n"
	"                      \"Shared folders\")\n"
	"  -w          share the current folder at the same path, and start the program\n"
	"              there (without -w it starts in /, and sees no folder of the host's)\n"
	"  --net       QEMU's user-mode network: the host is 10.0.2.2, DNS 10.0.2.3\n"
	"              (without it the guest has loopback only)\n"
	"  -f HOST[:GUEST]  put file HOST in the guest at GUEST (its mode kept; see below)\n"
	"  -d HOST[:GUEST]  put folder HOST in the guest at GUEST, with its files,\n"
	"                   folders and symbolic links (modes kept)\n"
	"  -s SPEC     add these lines of a gen_init_cpio spec (tools/mkcpio.c): device\n"
	"              nodes, symbolic links, ownership\n"
	"  -i INITRD   keep the initrd as INITRD, and its spec as INITRD.spec (with a warm\n"
	"              start, the archive of the run's files: all but /init)\n"
	"  -l LOG      keep the guest's console (the kernel's and the launcher's lines) in LOG\n"
	"  -V          show the guest's console on stderr as well, as it comes (-v, as\n"
	"              docker's, shares a folder)\n"
	"  -p          pipes: carry fds 0, 1 and 2 as byte streams even where they are terminals\n"
	"  -F          skip the checks of PROGRAM (that it exists, is an ELF for ARCH) and\n"
	"              pack it alone, as it is: the guest's kernel judges it (needs -a)\n"
	"  -o HOSTDIR  copy what the program left in the guest's /out to HOSTDIR, a new or\n"
	"              empty directory, once it has ended (README, \"Files out\")\n"
	"  --cold      boot the guest, instead of a warm start: restoring a guest saved once\n"
	"              with its launcher waiting, the default but with -o, --net and\n"
	"              --append, and where QEMU cannot save the machine (riscv64; README,\n"
	"              \"Warm starts\")\n"
	"  --kept      run in a kept guest: one that stays up between runs and serves\n"
	"              as many at once as it has CPUs, each alone in namespaces of its\n"
	"              own (as NAKEDINIT_KEPT=1 does; README, \"Kept guests\"); not with\n"
	"              a terminal, -o, --net, --append, -l or -V, which boot\n"
	"  --kept-stop  stop this user's kept guests now (with -a, those of ARCH), once\n"
	"              their runs end; each stops by itself once idle for\n"
	"              NAKEDINIT_KEPT_IDLE seconds (default 300)\n"
	"  --no-randomize  the program's addresses not randomized, as setarch -R\n"
	"              gives (personality ADDR_NO_RANDOMIZE): its code then has the\n"
	"              same addresses from run to run, which a kept guest's QEMU\n"
	"              translates once (README, \"Kept guests\")\n"
	"  --bare      the program alone: no shell nor basic commands (/bin/sh, /bin/ls,\n"
	"              /usr/bin/env, ...: one BusyBox, README \"A shell and the commands\")\n"
	"  --argv0=NAME  the program's argv[0] (default: PROGRAM as given)\n"
	"  --append=WORDS  add WORDS to the kernel's command line (e.g. loglevel=7 with -V)\n"
	"  --binfmt-register[=NAME]  make the kernel run every ELF of another\n"
	"                            architecture than the host's through nakedinit-run -w,\n"
	"                            as qemu-user-binfmt does: a binfmt_misc handler\n"
	"                            NAME-ARCH (default nakedinit-ARCH) for each, running\n"
	"                            nakedinit-binfmt (needs root); --binfmt-remove[=NAME]\n"
	"                            removes them\n"
	"  -h, --help  this text (and the manual page, man nakedinit-run, which adds what follows)\n"
	"  --version   the version, one line\n"
	"\n";

/* Short options with a value. */
static const char with_value[] = "atkmevfdsilo-";
static const char flags[] = "wVpFh";

#define FAIL(...) (snprintf(error, size, __VA_ARGS__), -1)

static int long_option(const char *name, char *const argv[], int argc, int *next, struct options *o,
		       char *error, size_t size)
{
	static const char *const register_prefix = "binfmt-register", *const remove_prefix = "binfmt-remove";
	size_t reg = strlen(register_prefix), rem = strlen(remove_prefix);

	if (!strcmp(name, "net") || !strcmp(name, "network"))
		o->net = 1;
	else if (!strcmp(name, "cold"))
		o->cold = 1;
	else if (!strcmp(name, "bare"))
		o->bare = 1;
	else if (!strcmp(name, "kept"))
		o->kept = 1;
	else if (!strcmp(name, "kept-stop"))
		o->kept_stop = 1;
	else if (!strcmp(name, "no-randomize"))
		o->no_randomize = 1;
	else if (!strncmp(name, "cpus=", 5))
		o->cpus = name + 5;
	else if (!strcmp(name, "cpus")) {
		if (*next >= argc || !argv[*next][0])
			return FAIL("--cpus needs a value");
		o->cpus = argv[(*next)++];
	} else if (!strncmp(name, "argv0=", 6))
		o->argv0 = name + 6;
	else if (!strncmp(name, "append=", 7)) {
		char *more = xasprintf("%s %s", o->append ? o->append : "", name + 7);

		free(o->append);
		o->append = more;
	} else if (!strcmp(name, "binfmt-register") || !strcmp(name, "binfmt-remove")) {
		o->binfmt = name[7] == 'r' && name[8] == 'e' && name[9] == 'g' ? BINFMT_REGISTER : BINFMT_REMOVE;
		o->binfmt_name = "nakedinit";
	} else if ((!strncmp(name, register_prefix, reg) && name[reg] == '=' && name[reg + 1]) ||
		   (!strncmp(name, remove_prefix, rem) && name[rem] == '=' && name[rem + 1])) {
		o->binfmt = name[7] == 'r' && name[8] == 'e' && name[9] == 'g' ? BINFMT_REGISTER : BINFMT_REMOVE;
		o->binfmt_name = strchr(name, '=') + 1;
	} else if (!strcmp(name, "help"))
		o->help = 1;
	else if (!strcmp(name, "version"))
		o->version = 1;
	else
		return FAIL("unknown option --%s (nakedinit-run --help lists them)", name);
	return 0;
}

static int short_option(char option, const char *value, struct options *o, char *error, size_t size)
{
	switch (option) {
	case 'v': strv_add(&o->volumes, value); break;
	case 'a': o->arch = value; break;
	case 't': o->seconds = value; break;
	case 'k': o->kernel = value; break;
	case 'm': o->memory = value; break;
	case 'e': strv_add(&o->env, value); break;
	case 'f': case 'd': case 's':
		strv_add(&o->inputs, (char[]){ option, '\0' });
		strv_add(&o->inputs, value);
		break;
	case 'i': o->keep = value; break;
	case 'l':
		if (!value || !*value)
			return FAIL("-l needs a file");
		o->log = value;
		break;
	case 'o':
		if (!value || !*value)
			return FAIL("-o needs a directory");
		o->outdir = value;
		break;
	case 'w': o->workdir = 1; break;
	case 'V': o->verbose = 1; break;
	case 'p': o->pipes = 1; break;
	case 'F': o->force = 1; break;
	case 'h': o->help = 1; break;
	}
	return 0;
}

int parse_options(int argc, char *const argv[], struct options *o, char *error, size_t size)
{
	int next = 1;

	o->seconds = "0";
	while (next < argc && argv[next][0] == '-' && argv[next][1]) {
		const char *word = argv[next++];

		if (!strcmp(word, "--"))
			break;
		for (const char *c = word + 1; *c && !o->help && !o->version; c++) {
			const char *value = c + 1;

			if (!strchr(with_value, *c) && !strchr(flags, *c))
				return FAIL("unknown option -%c (nakedinit-run --help lists them)", *c);
			if (!strchr(with_value, *c)) {
				short_option(*c, NULL, o, error, size);
				continue;
			}
			if (!*value) {
				if (next >= argc)
					return FAIL("-%c needs a value", *c);
				value = argv[next++];
			}
			if (*c == '-' ? long_option(value, argv, argc, &next, o, error, size) :
			    short_option(*c, value, o, error, size))
				return -1;
			break;
		}
		if (o->help || o->version)
			break;
	}
	o->program = next;
	return 0;
}

/* Whether s is 1 to max_digits decimal digits. */
static int digits(const char *s, size_t max_digits)
{
	size_t n = strspn(s, "0123456789");

	return n >= 1 && n <= max_digits && !s[n];
}

int check_values(const struct options *o, int argc, char *error, size_t size)
{
	const char *m = o->memory;

	if (o->binfmt == BINFMT_NONE && !o->kept_stop && o->program >= argc)
		return FAIL("no PROGRAM given (nakedinit-run --help)");
	if (!digits(o->seconds, 10) || strtoull(o->seconds, NULL, 10) > 1000000000ULL)
		return FAIL("-t %s: expected a number of seconds, at most 1000000000", o->seconds);
	if (o->append) {
		char *padded = xasprintf("%s ", o->append);
		int bad = strstr(padded, " -- ") != NULL;

		free(padded);
		if (bad)
			return FAIL("--append: a '--' would end the kernel's own words");
	}
	if (m && *m) {
		size_t n = strspn(m, "0123456789");

		if (m[0] < '1' || m[0] > '9' || (m[n] && (!strchr("KMGkmg", m[n]) || m[n + 1])))
			return FAIL("-m %s: expected a size as QEMU takes it, e.g. 512 or 2G", m);
	}
	if (o->cpus && *o->cpus && (!digits(o->cpus, 2) || o->cpus[0] == '0' || strtol(o->cpus, NULL, 10) > 64))
		return FAIL("--cpus %s: expected a number of CPUs, 1 to 64", o->cpus);
	for (size_t i = 0; i < o->env.n; i++) {
		const char *eq = strchr(o->env.v[i], '=');

		if (!eq || eq == o->env.v[i])
			return FAIL("-e %s: expected NAME=VALUE", o->env.v[i]);
	}
	return 0;
}

void options_free(struct options *o)
{
	strv_free(&o->env);
	strv_free(&o->volumes);
	strv_free(&o->inputs);
	free(o->append);
	o->append = NULL;
}
