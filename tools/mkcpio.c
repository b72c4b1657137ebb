/*
 * mkcpio - write a newc cpio archive (an initramfs) from a text spec.
 *
 *   mkcpio -o OUTPUT SPEC        (SPEC may be "-" for stdin)
 *
 * The spec language is the one the Linux kernel's usr/gen_init_cpio
 * understands, one entry per line, fields separated by spaces or tabs:
 *
 *   file  <name> <location> <mode> <uid> <gid>
 *   dir   <name> <mode> <uid> <gid>
 *   nod   <name> <mode> <uid> <gid> <b|c> <major> <minor>
 *   slink <name> <target> <mode> <uid> <gid>
 *   pipe  <name> <mode> <uid> <gid>
 *   sock  <name> <mode> <uid> <gid>
 *
 * Blank lines and lines starting with '#' are ignored.  <mode> is octal
 * permission bits (at most 07777); uid, gid, major and minor are decimal.
 * <location> is a path on the host, relative to the current directory.
 *
 * Differences from gen_init_cpio, all on purpose:
 *   - The output is reproducible: every mtime is $SOURCE_DATE_EPOCH (or 0),
 *     inode numbers count up from 1 in spec order, and nothing about the
 *     host (owner, timestamps, inode numbers) leaks into the archive.
 *   - The spec is checked strictly and the first problem is reported as
 *     "SPEC:LINE: message".  Hard links and ${VAR} expansion are not
 *     supported.
 *   - OUTPUT is replaced atomically: we write a temporary file next to it
 *     and rename() it into place only when everything succeeded.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -D_GNU_SOURCE -o mkcpio mkcpio.c
 * Define MKCPIO_NO_MAIN to leave out main() (e.g. for a fuzz target that
 * calls mkcpio_parse_spec() directly).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The kernel refuses names whose size, including the terminating NUL, is
 * larger than PATH_MAX (4096), so a name may be at most 4095 bytes long.
 * We use the same limit for symlink targets.
 */
#define MAX_NAME 4095

/*
 * Longest spec line we accept.  It has to be comfortably longer than a
 * `file` line with a maximal name and a maximal location, so that an
 * over-long name is reported as such and not as an over-long line.
 */
#define MAX_LINE 16384

/* A spec line has at most 8 fields ("nod" + 7); we count any beyond that. */
#define MAX_FIELDS 8

#define FIRST_INO 1            /* inode number of the first entry */
#define MAX_ID 4294967294UL    /* (uid_t)-1 means "no id", so stop below it */
#define MAX_MAJOR 4095UL       /* Linux dev_t: 12 bits of major ... */
#define MAX_MINOR 1048575UL    /* ... and 20 bits of minor */

/*
 * Parse a whole spec held in memory.
 *
 *   spec_name  how to call the spec in error messages ("SPEC:LINE: ...")
 *   text, len  the spec; it need not be NUL-terminated and may contain
 *              NUL bytes (which are reported as errors)
 *   out        where to write the archive, or NULL to only check the spec
 *              (source files of `file` lines are still opened and checked)
 *   mtime      modification time to store in every entry
 *
 * Returns 0 on success.  On failure it prints exactly one message to
 * stderr and returns -1; `out` may then hold a partial archive, which the
 * caller must throw away.  Never exits and frees everything it allocated.
 */
int mkcpio_parse_spec(const char *spec_name, const char *text, size_t len,
                      FILE *out, uint32_t mtime);

/* A name already in the archive, with the spec line that added it. */
struct seen_name {
	char *name;
	unsigned long lineno;
};

/* Everything the line handlers need: where we are and what we wrote. */
struct ctx {
	const char *spec_name;
	unsigned long lineno;
	FILE *out;                /* NULL: check only, write nothing */
	uint64_t offset;          /* bytes of archive so far, for padding */
	uint32_t next_ino;
	uint32_t mtime;
	struct seen_name *names;  /* for duplicate detection */
	size_t nnames, names_cap;
	char line[MAX_LINE + 1];  /* NUL-terminated copy of the current line */
};

/* One archive member, as the newc header describes it. */
struct entry {
	const char *name;
	uint32_t mode;            /* file type bits | permission bits */
	uint32_t uid, gid;
	uint32_t nlink;
	uint32_t size;            /* bytes of data that follow the name */
	uint32_t rmajor, rminor;  /* device number, for device nodes only */
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int spec_error(const struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%lu: ", c->spec_name, c->lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* ---- writing the archive ------------------------------------------- */

static int emit(struct ctx *c, const void *buf, size_t n)
{
	if (c->out && n > 0 && fwrite(buf, 1, n, c->out) != n)
		return spec_error(c, "error writing archive: %s", strerror(errno));
	c->offset += n;
	return 0;
}

/* Write NUL bytes until the archive length is a multiple of `align`. */
static int pad_to(struct ctx *c, unsigned align)
{
	static const char zeros[512];
	size_t n = (align - c->offset % align) % align;

	return emit(c, zeros, n);
}

/*
 * A newc header is the magic "070701" followed by 13 fields, each exactly
 * 8 hex digits: 6 + 13 * 8 = 110 bytes.  Then comes the name including its
 * NUL, padded with NULs so that header + name is a multiple of 4 bytes;
 * then `size` bytes of data, again padded to a multiple of 4.  Since every
 * header starts 4-aligned, padding the running offset does both.
 */
static int write_header(struct ctx *c, const struct entry *e, uint32_t ino)
{
	char hdr[111];
	/* Names are at most MAX_NAME bytes, so this fits. (e->name is set:
	 * the analyzer cannot tell that spec_error(), being variadic, always
	 * returns -1, so it follows add_name() failing as if it succeeded.) */
	uint32_t namesize = (uint32_t)strlen(e->name) + 1; // NOLINT(clang-analyzer-core.NonNullParamChecker)

	snprintf(hdr, sizeof(hdr),
	         "070701"
	         "%08" PRIX32 "%08" PRIX32 "%08" PRIX32 "%08" PRIX32
	         "%08" PRIX32 "%08" PRIX32 "%08" PRIX32 "%08" PRIX32
	         "%08" PRIX32 "%08" PRIX32 "%08" PRIX32 "%08" PRIX32
	         "%08" PRIX32,
	         ino,
	         e->mode,
	         e->uid,
	         e->gid,
	         e->nlink,
	         c->mtime,
	         e->size,
	         (uint32_t)0,   /* major of the containing filesystem: unused */
	         (uint32_t)0,   /* minor of the containing filesystem: unused */
	         e->rmajor,     /* device number of a device node */
	         e->rminor,
	         namesize,      /* includes the NUL */
	         (uint32_t)0);  /* checksum: only used by "070702" archives */
	if (emit(c, hdr, 110) || emit(c, e->name, namesize))
		return -1;
	return pad_to(c, 4);
}

/* Header and name of a real entry; the caller writes data, if any. */
static int write_entry(struct ctx *c, const struct entry *e)
{
	return write_header(c, e, c->next_ino++);
}

/* The end marker, then zeros up to a whole 512-byte block. */
static int write_trailer(struct ctx *c)
{
	const struct entry trailer = { .name = "TRAILER!!!", .nlink = 1 };

	if (write_header(c, &trailer, 0))
		return -1;
	return pad_to(c, 512);
}

/* ---- checking fields ----------------------------------------------- */

/* Octal permission bits, 0 to 07777. */
static int parse_mode(const struct ctx *c, const char *s, uint32_t *mode)
{
	uint32_t v = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '7' && v <= 07777; p++)
		v = v * 8 + (uint32_t)(*p - '0');
	if (p == s || *p != '\0' || v > 07777)
		return spec_error(c, "bad mode '%s': expected an octal number "
		                  "from 0 to 7777", s);
	*mode = v;
	return 0;
}

/* A decimal number from 0 to max; `what` names it in the message. */
static int parse_dec(const struct ctx *c, const char *what, const char *s,
                     unsigned long max, uint32_t *out)
{
	unsigned long v = 0;
	const char *p;

	/* Stop as soon as v > max, so v * 10 cannot overflow. */
	for (p = s; *p >= '0' && *p <= '9' && v <= max; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	if (p == s || *p != '\0' || v > max)
		return spec_error(c, "bad %s '%s': expected a decimal number "
		                  "from 0 to %lu", what, s, max);
	*out = (uint32_t)v;
	return 0;
}

static int parse_ids(const struct ctx *c, const char *uid, const char *gid,
                     struct entry *e)
{
	if (parse_dec(c, "uid", uid, MAX_ID, &e->uid))
		return -1;
	return parse_dec(c, "gid", gid, MAX_ID, &e->gid);
}

/*
 * Check a name and record it.  One leading '/' is dropped (spec names are
 * usually written as absolute paths; archive names are relative).  We
 * insist on a canonical path: no empty, "." or ".." components.  ".." could
 * escape the root, and the others would let two spellings of one path slip
 * past the duplicate check.
 */
static int add_name(struct ctx *c, const char *name, const char **stripped)
{
	const char *p;
	size_t i, len;

	if (name[0] == '/')
		name++;
	if (name[0] == '\0')
		return spec_error(c, "empty name");
	len = strlen(name);
	if (len > MAX_NAME)
		return spec_error(c, "name too long (%zu bytes, at most %d)",
		                  len, MAX_NAME);
	for (p = name; ; ) {
		size_t clen = strcspn(p, "/");

		if (clen == 2 && p[0] == '.' && p[1] == '.')
			return spec_error(c, "name '%s' has a '..' component",
			                  name);
		if (clen == 0 || (clen == 1 && p[0] == '.'))
			return spec_error(c, "name '%s' has an empty or '.' "
			                  "component", name);
		if (p[clen] == '\0')
			break;
		p += clen + 1;
	}

	/* Specs are small, so a linear search is plenty fast. */
	for (i = 0; i < c->nnames; i++)
		if (strcmp(c->names[i].name, name) == 0)
			return spec_error(c, "duplicate name '%s' (first "
			                  "defined on line %lu)", name,
			                  c->names[i].lineno);
	if (c->nnames == c->names_cap) {
		size_t cap = c->names_cap ? 2 * c->names_cap : 64;
		struct seen_name *n = realloc(c->names, cap * sizeof(*n));

		if (!n)
			return spec_error(c, "out of memory");
		c->names = n;
		c->names_cap = cap;
	}
	c->names[c->nnames].name = strdup(name);
	if (!c->names[c->nnames].name)
		return spec_error(c, "out of memory");
	c->names[c->nnames].lineno = c->lineno;
	c->nnames++;
	*stripped = name;
	return 0;
}

/* ---- line handlers --------------------------------------------------- */

struct line_type;
typedef int handler_fn(struct ctx *c, const struct line_type *t, char **f);

struct line_type {
	const char *keyword;
	int nfields;              /* fields after the keyword */
	const char *synopsis;     /* their names, for error messages */
	uint32_t type_bits;       /* S_IF* file type, if fixed */
	handler_fn *handler;
	const char *extra_hint;   /* said when there are too many fields */
};

/* file <name> <location> <mode> <uid> <gid> */
static int do_file(struct ctx *c, const struct line_type *t, char **f)
{
	struct entry e = { .nlink = 1 };
	const char *loc = f[1];
	struct stat st;
	char buf[32768];
	uint64_t left;
	int fd, rc = -1;

	if (parse_mode(c, f[2], &e.mode) || parse_ids(c, f[3], f[4], &e))
		return -1;
	e.mode |= t->type_bits;

	/* O_NONBLOCK: opening a FIFO must not hang; we reject it below. */
	fd = open(loc, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return spec_error(c, "cannot open '%s': %s", loc,
		                  strerror(errno));
	if (fstat(fd, &st) != 0) {
		spec_error(c, "cannot stat '%s': %s", loc, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		spec_error(c, "'%s' is a directory, expected a regular file",
		           loc);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		spec_error(c, "'%s' is not a regular file", loc);
		goto out;
	}
	if ((uint64_t)st.st_size > UINT32_MAX) {
		spec_error(c, "'%s' is too large (newc stores sizes in 32 bits)",
		           loc);
		goto out;
	}
	e.size = (uint32_t)st.st_size;
	if (add_name(c, f[0], &e.name) || write_entry(c, &e))
		goto out;

	for (left = e.size; c->out && left > 0; ) {
		size_t want = left < sizeof(buf) ? (size_t)left : sizeof(buf);
		ssize_t got = read(fd, buf, want);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			spec_error(c, "cannot read '%s': %s", loc,
			           strerror(errno));
			goto out;
		}
		if (got == 0) {
			spec_error(c, "'%s' shrank while being read", loc);
			goto out;
		}
		if (emit(c, buf, (size_t)got))
			goto out;
		left -= (uint64_t)got;
	}
	if (!c->out)
		c->offset += e.size;
	rc = pad_to(c, 4);
out:
	close(fd);
	return rc;
}

/* dir, pipe, sock: <name> <mode> <uid> <gid> */
static int do_simple(struct ctx *c, const struct line_type *t, char **f)
{
	/* A directory's ".." entry and its own entry: two links. */
	struct entry e = { .nlink = t->type_bits == S_IFDIR ? 2 : 1 };

	if (parse_mode(c, f[1], &e.mode) || parse_ids(c, f[2], f[3], &e) ||
	    add_name(c, f[0], &e.name))
		return -1;
	e.mode |= t->type_bits;
	return write_entry(c, &e);
}

/* nod <name> <mode> <uid> <gid> <b|c> <major> <minor> */
static int do_nod(struct ctx *c, const struct line_type *t, char **f)
{
	struct entry e = { .nlink = 1 };

	(void)t;
	if (parse_mode(c, f[1], &e.mode) || parse_ids(c, f[2], f[3], &e))
		return -1;
	if (strcmp(f[4], "b") == 0)
		e.mode |= S_IFBLK;
	else if (strcmp(f[4], "c") == 0)
		e.mode |= S_IFCHR;
	else
		return spec_error(c, "bad device type '%s': expected 'b' "
		                  "(block) or 'c' (character)", f[4]);
	if (parse_dec(c, "major", f[5], MAX_MAJOR, &e.rmajor) ||
	    parse_dec(c, "minor", f[6], MAX_MINOR, &e.rminor) ||
	    add_name(c, f[0], &e.name))
		return -1;
	return write_entry(c, &e);
}

/* slink <name> <target> <mode> <uid> <gid> */
static int do_slink(struct ctx *c, const struct line_type *t, char **f)
{
	struct entry e = { .nlink = 1 };
	const char *target = f[1];
	size_t tlen = strlen(target);

	if (tlen > MAX_NAME)
		return spec_error(c, "symlink target too long (%zu bytes, at "
		                  "most %d)", tlen, MAX_NAME);
	if (parse_mode(c, f[2], &e.mode) || parse_ids(c, f[3], f[4], &e) ||
	    add_name(c, f[0], &e.name))
		return -1;
	e.mode |= t->type_bits;
	/* The data of a symlink entry is its target, without a NUL. */
	e.size = (uint32_t)tlen;
	if (write_entry(c, &e) || emit(c, target, tlen))
		return -1;
	return pad_to(c, 4);
}

static const struct line_type line_types[] = {
	{ "file",  5, "name location mode uid gid", S_IFREG, do_file,
	  ": hard links are not supported" },
	{ "dir",   4, "name mode uid gid", S_IFDIR, do_simple, NULL },
	{ "nod",   7, "name mode uid gid dev_type major minor", 0, do_nod,
	  NULL },
	{ "slink", 5, "name target mode uid gid", S_IFLNK, do_slink, NULL },
	{ "pipe",  4, "name mode uid gid", S_IFIFO, do_simple, NULL },
	{ "sock",  4, "name mode uid gid", S_IFSOCK, do_simple, NULL },
};
#define N_LINE_TYPES (sizeof(line_types) / sizeof(line_types[0]))

/*
 * Split s in place at runs of spaces and tabs.  Stores up to `max` field
 * pointers in f, but returns the total number of fields found.
 */
static size_t split_fields(char *s, char **f, size_t max)
{
	size_t n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (*s == '\0')
			return n;
		if (n < max)
			f[n] = s;
		n++;
		while (*s != '\0' && *s != ' ' && *s != '\t')
			s++;
	}
}

/* Handle one line; `raw` has `n` bytes and no '\n'. */
static int do_line(struct ctx *c, const char *raw, size_t n, int has_newline)
{
	char *f[MAX_FIELDS];
	size_t nf, i;

	/* Reject bytes that would make the rest of the line invisible. */
	if (n > MAX_LINE)
		return spec_error(c, "line too long (%zu bytes, at most %d)",
		                  n, MAX_LINE);
	if (memchr(raw, '\0', n))
		return spec_error(c, "line contains a NUL byte");
	/* An unterminated last line usually means a truncated spec. */
	if (!has_newline)
		return spec_error(c, "no newline at end of file (this is an "
		                  "error: the spec may be truncated)");
	if (n > 0 && raw[n - 1] == '\r')
		return spec_error(c, "line ends with CR: convert the spec to "
		                  "Unix line endings");

	memcpy(c->line, raw, n);
	c->line[n] = '\0';
	nf = split_fields(c->line, f, MAX_FIELDS);
	if (nf == 0 || f[0][0] == '#')
		return 0;

	for (i = 0; i < N_LINE_TYPES; i++) {
		const struct line_type *t = &line_types[i];

		if (strcmp(f[0], t->keyword) != 0)
			continue;
		if (nf - 1 != (size_t)t->nfields)
			return spec_error(c, "%s takes %d fields (%s), got %zu%s",
			                  t->keyword, t->nfields, t->synopsis,
			                  nf - 1,
			                  nf - 1 > (size_t)t->nfields &&
			                  t->extra_hint ? t->extra_hint : "");
		return t->handler(c, t, f + 1);
	}
	return spec_error(c, "unknown line type '%s' (expected one of: file "
	                  "dir nod slink pipe sock)", f[0]);
}

int mkcpio_parse_spec(const char *spec_name, const char *text, size_t len,
                      FILE *out, uint32_t mtime)
{
	struct ctx *c = calloc(1, sizeof(*c));   /* too big for the stack */
	size_t pos = 0, i;
	int rc = 0;

	if (!c) {
		fprintf(stderr, "%s: out of memory\n", spec_name);
		return -1;
	}
	c->spec_name = spec_name;
	c->out = out;
	c->mtime = mtime;
	c->next_ino = FIRST_INO;

	while (rc == 0 && pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		c->lineno++;
		rc = do_line(c, line, n, nl != NULL);
		pos += n + 1;
	}
	if (rc == 0)
		rc = write_trailer(c);

	for (i = 0; i < c->nnames; i++)
		free(c->names[i].name);
	free(c->names);
	free(c);
	return rc;
}

#ifndef MKCPIO_NO_MAIN

static void usage(FILE *f)
{
	fputs("usage: mkcpio -o OUTPUT SPEC\n"
	      "Write the newc cpio archive described by SPEC (a file, or - for\n"
	      "stdin, in the gen_init_cpio spec language) to OUTPUT.\n"
	      "Every mtime is $SOURCE_DATE_EPOCH if set, else 0.\n", f);
}

/* Read all of f into a malloc'd buffer.  Returns 0 or -1 (errno set). */
static int read_all(FILE *f, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);

	if (!b)
		return -1;
	for (;;) {
		size_t got;

		if (n == cap) {
			char *nb = realloc(b, cap * 2);

			if (!nb) {
				free(b);
				return -1;
			}
			b = nb;
			cap *= 2;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f)) {
				free(b);
				errno = EIO;
				return -1;
			}
			break;
		}
	}
	*buf = b;
	*len = n;
	return 0;
}

/* $SOURCE_DATE_EPOCH, or 0.  It must fit newc's 32-bit mtime field. */
static int get_mtime(uint32_t *mtime)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	unsigned long long v = 0;
	const char *p;

	*mtime = 0;
	if (!s)
		return 0;
	for (p = s; *p >= '0' && *p <= '9' && v <= UINT32_MAX; p++)
		v = v * 10 + (unsigned long long)(*p - '0');
	if (p == s || *p != '\0' || v > UINT32_MAX) {
		fprintf(stderr, "mkcpio: SOURCE_DATE_EPOCH='%s': expected a "
		        "non-negative decimal integer (at most %lu)\n", s,
		        (unsigned long)UINT32_MAX);
		return -1;
	}
	*mtime = (uint32_t)v;
	return 0;
}

int main(int argc, char **argv)
{
	const char *output = NULL, *spec_path, *spec_name;
	char *text = NULL, *tmp = NULL;
	size_t len = 0, tmplen;
	uint32_t mtime;
	FILE *in, *out = NULL;
	mode_t mask;
	int opt, fd, rc = 1;

	while ((opt = getopt(argc, argv, "ho:")) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout);
			return 0;
		case 'o':
			output = optarg;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!output || output[0] == '\0' || optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	spec_path = argv[optind];
	if (get_mtime(&mtime))
		return 1;

	/* Read the whole spec first: the parser works on memory. */
	if (strcmp(spec_path, "-") == 0) {
		spec_name = "<stdin>";
		in = stdin;
	} else {
		spec_name = spec_path;
		in = fopen(spec_path, "rb");
		if (!in) {
			fprintf(stderr, "mkcpio: cannot open '%s': %s\n",
			        spec_path, strerror(errno));
			return 1;
		}
	}
	if (read_all(in, &text, &len) != 0) {
		fprintf(stderr, "mkcpio: cannot read '%s': %s\n", spec_name,
		        strerror(errno));
		if (in != stdin)
			fclose(in);
		return 1;
	}
	if (in != stdin)
		fclose(in);

	/*
	 * The temporary file lives next to OUTPUT so that rename() is atomic
	 * (same filesystem).  mkstemp() creates it with mode 0600; give it
	 * the mode a normal file would get.
	 */
	tmplen = strlen(output) + sizeof(".tmp.XXXXXX");
	tmp = malloc(tmplen);
	if (!tmp) {
		fprintf(stderr, "mkcpio: out of memory\n");
		goto done;
	}
	snprintf(tmp, tmplen, "%s.tmp.XXXXXX", output);
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "mkcpio: cannot create '%s': %s\n", tmp,
		        strerror(errno));
		free(tmp);
		tmp = NULL;
		goto done;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || !(out = fdopen(fd, "wb"))) {
		fprintf(stderr, "mkcpio: '%s': %s\n", tmp, strerror(errno));
		close(fd);
		goto done;
	}

	if (mkcpio_parse_spec(spec_name, text, len, out, mtime) != 0)
		goto done;
	if (fclose(out) != 0) {
		out = NULL;
		fprintf(stderr, "mkcpio: error writing '%s': %s\n", tmp,
		        strerror(errno));
		goto done;
	}
	out = NULL;
	if (rename(tmp, output) != 0) {
		fprintf(stderr, "mkcpio: cannot rename '%s' to '%s': %s\n",
		        tmp, output, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (out)
		fclose(out);
	if (rc != 0 && tmp)
		unlink(tmp);
	free(tmp);
	free(text);
	return rc;
}

#endif /* MKCPIO_NO_MAIN */
