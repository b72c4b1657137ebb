// SPDX-License-Identifier: MIT
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
 * Blank lines and lines starting with '#' are ignored. <mode> is octal
 * permission bits (at most 07777); uid, gid, major and minor are decimal.
 * <location> is a path on the host, relative to the current directory.
 *
 * Differences from gen_init_cpio, all on purpose:
 *   - The output is reproducible: every mtime is $SOURCE_DATE_EPOCH (or 0),
 *     inode numbers count up from 1 in spec order, and nothing about the
 *     host (owner, timestamps, inode numbers) leaks into the archive.
 *   - The spec is checked strictly and the first problem is reported as
 *     "SPEC:LINE: message". Hard links and ${VAR} expansion are not
 *     supported.
 *   - OUTPUT is replaced atomically (hostlib's write_atomically()): a failed
 *     run leaves it as it was.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -D_GNU_SOURCE -o mkcpio mkcpio.c hostlib.c
 * Define MKCPIO_NO_MAIN to leave out main(): the fuzz target calls
 * mkcpio_parse_spec() (mkcpio.h) directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostlib.h"
#include "mkcpio.h"

/* A name at most NEWC_NAME_SIZE_MAX bytes with its NUL, as the kernel takes it;
 * symlink targets get the same limit. */
#define MAX_NAME (NEWC_NAME_SIZE_MAX - 1)

/*
 * Longest spec line we accept. It has to be comfortably longer than a
 * `file` line with a maximal name and a maximal location, so that an
 * over-long name is reported as such and not as an over-long line.
 */
#define MAX_LINE 16384

/* A spec line has at most 8 fields ("nod" + 7); we count any beyond that. */
#define MAX_FIELDS 8

/* The spec is read into memory whole: a sane one is a few KiB. */
#define MAX_SPEC_SIZE ((size_t)64 << 20)

/* cpio pads the whole archive to its traditional 512-byte blocks. */
#define CPIO_BLOCK_SIZE 512

#define FIRST_INO 1		/* inode number of the first entry */
#define MAX_ID 4294967294UL	/* (uid_t)-1 means "no id", so stop below it */
#define MAX_MAJOR 4095UL	/* Linux dev_t: 12 bits of major ... */
#define MAX_MINOR 1048575UL	/* ... and 20 bits of minor */

/* A name already in the archive, with the spec line that added it. */
struct seen_name {
	char *name;
	unsigned long lineno;
};

/* Where the parser is in the spec, and what it has written of the archive. */
struct spec {
	const char *spec_name;
	unsigned long lineno;
	FILE *out;			/* NULL: check only, write nothing */
	uint64_t offset;		/* bytes of archive so far, for padding */
	uint32_t next_ino;
	uint32_t mtime;
	struct seen_name *names;	/* for duplicate detection */
	size_t nnames, names_cap;
	char line[MAX_LINE + 1];	/* NUL-terminated copy of the current line */
};

/* One archive member, as the newc header describes it. */
struct entry {
	const char *name;
	uint32_t mode;			/* file type bits | permission bits */
	uint32_t uid, gid;
	uint32_t nlink;
	uint32_t size;			/* bytes of data that follow the name */
	uint32_t rmajor, rminor;	/* device number, for device nodes only */
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int spec_error(const struct spec *spec, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%lu: ", spec->spec_name, spec->lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* ---- writing the archive ------------------------------------------- */

static int emit(struct spec *spec, const void *buf, size_t len)
{
	if (spec->out && len > 0 && fwrite(buf, 1, len, spec->out) != len)
		return spec_error(spec, "error writing archive: %s", strerror(errno));
	spec->offset += len;
	return 0;
}

/* Write NUL bytes until the archive length is a multiple of `align`. */
static int pad_to(struct spec *spec, unsigned align)
{
	static const char zeros[CPIO_BLOCK_SIZE];
	size_t len = (align - spec->offset % align) % align;

	return emit(spec, zeros, len);
}

/*
 * The header (hostlib.h has the layout), then the name with its NUL, padded
 * so that header and name end on a multiple of 4. Every header starts
 * 4-aligned, so padding the running offset does it.
 */
static int write_header(struct spec *spec, const struct entry *entry, uint32_t ino)
{
	char header[NEWC_HEADER_SIZE + 1];
	/* Names are at most MAX_NAME bytes, so this fits. (entry->name is set:
	 * the analyzer cannot tell that spec_error(), being variadic, always
	 * returns -1, so it follows record_name() failing as if it succeeded.) */
	uint32_t namesize = (uint32_t)strlen(entry->name) + 1; /* NOLINT(clang-analyzer-core.NonNullParamChecker) */
	uint32_t field[NEWC_FIELD_COUNT] = {
		[NEWC_INO] = ino,
		[NEWC_MODE] = entry->mode,
		[NEWC_UID] = entry->uid,
		[NEWC_GID] = entry->gid,
		[NEWC_NLINK] = entry->nlink,
		[NEWC_MTIME] = spec->mtime,
		[NEWC_FILESIZE] = entry->size,
		[NEWC_RDEVMAJOR] = entry->rmajor,
		[NEWC_RDEVMINOR] = entry->rminor,
		[NEWC_NAMESIZE] = namesize,
	};

	newc_format_header(header, field);
	if (emit(spec, header, NEWC_HEADER_SIZE) || emit(spec, entry->name, namesize))
		return -1;
	return pad_to(spec, NEWC_ALIGN);
}

/* Header and name of a real entry; the caller writes data, if any. */
static int write_entry(struct spec *spec, const struct entry *entry)
{
	return write_header(spec, entry, spec->next_ino++);
}

/* The end marker, then zeros up to a whole block. */
static int write_trailer(struct spec *spec)
{
	const struct entry trailer = { .name = NEWC_TRAILER, .nlink = 1 };

	if (write_header(spec, &trailer, 0))
		return -1;
	return pad_to(spec, CPIO_BLOCK_SIZE);
}

/* ---- checking fields ----------------------------------------------- */

/* Octal permission bits, 0 to 07777. */
static int parse_mode(const struct spec *spec, const char *s, uint32_t *mode)
{
	uint32_t value = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '7' && value <= 07777; p++)
		value = value * 8 + (uint32_t)(*p - '0');
	if (p == s || *p != '\0' || value > 07777)
		return spec_error(spec, "bad mode '%s': expected an octal number "
				  "from 0 to 7777", s);
	*mode = value;
	return 0;
}

/* A decimal number from 0 to max; `what` names it in the message. */
static int parse_dec(const struct spec *spec, const char *what, const char *s,
		     unsigned long max, uint32_t *out)
{
	unsigned long value = 0;
	const char *p;

	/* Stop as soon as value > max, so value * 10 cannot overflow. */
	for (p = s; *p >= '0' && *p <= '9' && value <= max; p++)
		value = value * 10 + (unsigned long)(*p - '0');
	if (p == s || *p != '\0' || value > max)
		return spec_error(spec, "bad %s '%s': expected a decimal number "
				  "from 0 to %lu", what, s, max);
	*out = (uint32_t)value;
	return 0;
}

static int parse_ids(const struct spec *spec, const char *uid, const char *gid,
		     struct entry *entry)
{
	if (parse_dec(spec, "uid", uid, MAX_ID, &entry->uid))
		return -1;
	return parse_dec(spec, "gid", gid, MAX_ID, &entry->gid);
}

/*
 * Check a name and record it. One leading '/' is dropped (spec names are
 * usually written as absolute paths; archive names are relative). We
 * insist on a canonical path: no empty, "." or ".." components. ".." could
 * escape the root, and the others would let two spellings of one path slip
 * past the duplicate check.
 */
static int record_name(struct spec *spec, const char *name, const char **stripped)
{
	const char *p;
	size_t i, len;

	if (name[0] == '/')
		name++;
	if (name[0] == '\0')
		return spec_error(spec, "empty name");
	len = strlen(name);
	if (len > MAX_NAME)
		return spec_error(spec, "name too long (%zu bytes, at most %d)",
				  len, MAX_NAME);
	for (p = name; ; ) {
		size_t component_len = strcspn(p, "/");

		if (component_len == 2 && p[0] == '.' && p[1] == '.')
			return spec_error(spec, "name '%s' has a '..' component",
					  name);
		if (component_len == 0 || (component_len == 1 && p[0] == '.'))
			return spec_error(spec, "name '%s' has an empty or '.' "
					  "component", name);
		if (p[component_len] == '\0')
			break;
		p += component_len + 1;
	}

	/* Specs are small, so a linear search is plenty fast. */
	for (i = 0; i < spec->nnames; i++)
		if (strcmp(spec->names[i].name, name) == 0)
			return spec_error(spec, "duplicate name '%s' (first "
					  "defined on line %lu)", name,
					  spec->names[i].lineno);
	if (spec->nnames == spec->names_cap) {
		size_t cap = spec->names_cap ? 2 * spec->names_cap : 64;
		struct seen_name *names = realloc(spec->names, cap * sizeof(*names));

		if (!names)
			return spec_error(spec, "out of memory");
		spec->names = names;
		spec->names_cap = cap;
	}
	spec->names[spec->nnames].name = strdup(name);
	if (!spec->names[spec->nnames].name)
		return spec_error(spec, "out of memory");
	spec->names[spec->nnames].lineno = spec->lineno;
	spec->nnames++;
	*stripped = name;
	return 0;
}

/* ---- line handlers --------------------------------------------------- */

struct line_type;
typedef int line_handler(struct spec *spec, const struct line_type *type,
			 char **field);

struct line_type {
	const char *keyword;
	int nfields;			/* fields after the keyword */
	const char *synopsis;		/* their names, for error messages */
	uint32_t type_bits;		/* S_IF* file type, if fixed */
	line_handler *handler;
	const char *extra_hint;		/* said when there are too many fields */
};

/* file <name> <location> <mode> <uid> <gid> */
static int add_file(struct spec *spec, const struct line_type *type, char **field)
{
	struct entry entry = { .nlink = 1 };
	const char *source = field[1];
	struct stat st;
	char buf[32768];
	uint64_t left;
	int fd, rc = -1;

	if (parse_mode(spec, field[2], &entry.mode) ||
	    parse_ids(spec, field[3], field[4], &entry))
		return -1;
	entry.mode |= type->type_bits;

	/* O_NONBLOCK: opening a FIFO must not hang; we reject it below. */
	fd = open(source, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return spec_error(spec, "cannot open '%s': %s", source,
				  strerror(errno));
	if (fstat(fd, &st) != 0) {
		spec_error(spec, "cannot stat '%s': %s", source, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		spec_error(spec, "'%s' is a directory, expected a regular file",
			   source);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		spec_error(spec, "'%s' is not a regular file", source);
		goto out;
	}
	if ((uint64_t)st.st_size > UINT32_MAX) {
		spec_error(spec, "'%s' is too large (newc stores sizes in 32 bits)",
			   source);
		goto out;
	}
	entry.size = (uint32_t)st.st_size;
	if (record_name(spec, field[0], &entry.name) || write_entry(spec, &entry))
		goto out;

	left = entry.size;
	/* The kernel copies it where it can (sendfile(2): no trip through this
	 * process's memory); what it did not is read and written below. */
	if (spec->out && left > 0 && fflush(spec->out) == 0) {
		ssize_t sent;

		while (left > 0 && (sent = sendfile(fileno(spec->out), fd, NULL, (size_t)left)) > 0) {
			left -= (uint64_t)sent;
			spec->offset += (uint64_t)sent;
		}
	}
	while (spec->out && left > 0) {
		size_t want = left < sizeof(buf) ? (size_t)left : sizeof(buf);
		ssize_t got = read(fd, buf, want);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			spec_error(spec, "cannot read '%s': %s", source,
				   strerror(errno));
			goto out;
		}
		if (got == 0) {
			spec_error(spec, "'%s' shrank while being read", source);
			goto out;
		}
		if (emit(spec, buf, (size_t)got))
			goto out;
		left -= (uint64_t)got;
	}
	if (!spec->out)
		spec->offset += entry.size;
	rc = pad_to(spec, NEWC_ALIGN);
out:
	close(fd);
	return rc;
}

/* dir, pipe, sock: <name> <mode> <uid> <gid> */
static int add_simple(struct spec *spec, const struct line_type *type, char **field)
{
	/* A directory's ".." entry and its own entry: two links. */
	struct entry entry = { .nlink = type->type_bits == S_IFDIR ? 2 : 1 };

	if (parse_mode(spec, field[1], &entry.mode) ||
	    parse_ids(spec, field[2], field[3], &entry) ||
	    record_name(spec, field[0], &entry.name))
		return -1;
	entry.mode |= type->type_bits;
	return write_entry(spec, &entry);
}

/* nod <name> <mode> <uid> <gid> <b|c> <major> <minor> */
static int add_node(struct spec *spec, const struct line_type *type, char **field)
{
	struct entry entry = { .nlink = 1 };

	(void)type;
	if (parse_mode(spec, field[1], &entry.mode) ||
	    parse_ids(spec, field[2], field[3], &entry))
		return -1;
	if (strcmp(field[4], "b") == 0)
		entry.mode |= S_IFBLK;
	else if (strcmp(field[4], "c") == 0)
		entry.mode |= S_IFCHR;
	else
		return spec_error(spec, "bad device type '%s': expected 'b' "
				  "(block) or 'c' (character)", field[4]);
	if (parse_dec(spec, "major", field[5], MAX_MAJOR, &entry.rmajor) ||
	    parse_dec(spec, "minor", field[6], MAX_MINOR, &entry.rminor) ||
	    record_name(spec, field[0], &entry.name))
		return -1;
	return write_entry(spec, &entry);
}

/* slink <name> <target> <mode> <uid> <gid> */
static int add_symlink(struct spec *spec, const struct line_type *type, char **field)
{
	struct entry entry = { .nlink = 1 };
	const char *target = field[1];
	size_t target_len = strlen(target);

	if (target_len > MAX_NAME)
		return spec_error(spec, "symlink target too long (%zu bytes, at "
				  "most %d)", target_len, MAX_NAME);
	if (parse_mode(spec, field[2], &entry.mode) ||
	    parse_ids(spec, field[3], field[4], &entry) ||
	    record_name(spec, field[0], &entry.name))
		return -1;
	entry.mode |= type->type_bits;
	/* The data of a symlink entry is its target, without a NUL. */
	entry.size = (uint32_t)target_len;
	if (write_entry(spec, &entry) || emit(spec, target, target_len))
		return -1;
	return pad_to(spec, NEWC_ALIGN);
}

static const struct line_type line_types[] = {
	{ "file",  5, "name location mode uid gid", S_IFREG, add_file,
	  ": hard links are not supported" },
	{ "dir",   4, "name mode uid gid", S_IFDIR, add_simple, NULL },
	{ "nod",   7, "name mode uid gid dev_type major minor", 0, add_node,
	  NULL },
	{ "slink", 5, "name target mode uid gid", S_IFLNK, add_symlink, NULL },
	{ "pipe",  4, "name mode uid gid", S_IFIFO, add_simple, NULL },
	{ "sock",  4, "name mode uid gid", S_IFSOCK, add_simple, NULL },
};
#define N_LINE_TYPES (sizeof(line_types) / sizeof(line_types[0]))

/*
 * Split s in place at runs of spaces and tabs. Stores up to `max` field
 * pointers in `field`, but returns the total number of fields found.
 */
static size_t split_fields(char *s, char **field, size_t max)
{
	size_t count = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (*s == '\0')
			return count;
		if (count < max)
			field[count] = s;
		count++;
		while (*s != '\0' && *s != ' ' && *s != '\t')
			s++;
	}
}

/* Handle one line; `raw` has `len` bytes and no '\n'. */
static int parse_line(struct spec *spec, const char *raw, size_t len, int has_newline)
{
	char *field[MAX_FIELDS];
	size_t nfields, i;

	/* Reject bytes that would make the rest of the line invisible. */
	if (len > MAX_LINE)
		return spec_error(spec, "line too long (%zu bytes, at most %d)",
				  len, MAX_LINE);
	if (memchr(raw, '\0', len))
		return spec_error(spec, "line contains a NUL byte");
	/* An unterminated last line usually means a truncated spec. */
	if (!has_newline)
		return spec_error(spec, "no newline at end of file (this is an "
				  "error: the spec may be truncated)");
	if (len > 0 && raw[len - 1] == '\r')
		return spec_error(spec, "line ends with CR: convert the spec to "
				  "Unix line endings");

	memcpy(spec->line, raw, len);
	spec->line[len] = '\0';
	nfields = split_fields(spec->line, field, MAX_FIELDS);
	if (nfields == 0 || field[0][0] == '#')
		return 0;

	for (i = 0; i < N_LINE_TYPES; i++) {
		const struct line_type *type = &line_types[i];

		if (strcmp(field[0], type->keyword) != 0)
			continue;
		if (nfields - 1 != (size_t)type->nfields)
			return spec_error(spec, "%s takes %d fields (%s), got %zu%s",
					  type->keyword, type->nfields,
					  type->synopsis, nfields - 1,
					  nfields - 1 > (size_t)type->nfields &&
					  type->extra_hint ? type->extra_hint : "");
		return type->handler(spec, type, field + 1);
	}
	return spec_error(spec, "unknown line type '%s' (expected one of: file "
			  "dir nod slink pipe sock)", field[0]);
}

int mkcpio_parse_spec(const char *spec_name, const char *text, size_t len,
		      FILE *out, uint32_t mtime)
{
	struct spec *spec = calloc(1, sizeof(*spec));	/* too big for the stack */
	size_t pos = 0, i;
	int rc = 0;

	if (!spec) {
		fprintf(stderr, "%s: out of memory\n", spec_name);
		return -1;
	}
	spec->spec_name = spec_name;
	spec->out = out;
	spec->mtime = mtime;
	spec->next_ino = FIRST_INO;

	while (rc == 0 && pos < len) {
		const char *line = text + pos;
		const char *newline = memchr(line, '\n', len - pos);
		size_t line_len = newline ? (size_t)(newline - line) : len - pos;

		spec->lineno++;
		rc = parse_line(spec, line, line_len, newline != NULL);
		pos += line_len + 1;
	}
	if (rc == 0)
		rc = write_trailer(spec);

	for (i = 0; i < spec->nnames; i++)
		free(spec->names[i].name);
	free(spec->names);
	free(spec);
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

/* $SOURCE_DATE_EPOCH, or 0. It must fit newc's 32-bit mtime field. */
static int get_mtime(uint32_t *mtime)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	unsigned long long value = 0;
	const char *p;

	*mtime = 0;
	if (!s)
		return 0;
	for (p = s; *p >= '0' && *p <= '9' && value <= UINT32_MAX; p++)
		value = value * 10 + (unsigned long long)(*p - '0');
	if (p == s || *p != '\0' || value > UINT32_MAX) {
		fprintf(stderr, "mkcpio: SOURCE_DATE_EPOCH='%s': expected a "
			"non-negative decimal integer (at most %lu)\n", s,
			(unsigned long)UINT32_MAX);
		return -1;
	}
	*mtime = (uint32_t)value;
	return 0;
}

/* What write_atomically() needs to have the archive written. */
struct build {
	const char *spec_name;
	const char *text;
	size_t len;
	uint32_t mtime;
};

static int write_archive(FILE *out, void *arg)
{
	const struct build *build = arg;

	return mkcpio_parse_spec(build->spec_name, build->text, build->len, out,
				 build->mtime);
}

int main(int argc, char **argv)
{
	const char *output = NULL, *spec_path;
	struct build build;
	char *text;
	int opt, rc;

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
	if (get_mtime(&build.mtime))
		return 1;

	/* Read the whole spec first: the parser works on memory. */
	if (strcmp(spec_path, "-") == 0) {
		build.spec_name = "<stdin>";
		text = (char *)read_fd("mkcpio", STDIN_FILENO, build.spec_name,
				       MAX_SPEC_SIZE, &build.len);
	} else {
		build.spec_name = spec_path;
		text = (char *)read_file("mkcpio", spec_path, MAX_SPEC_SIZE,
					 &build.len);
	}
	if (!text)
		return 1;
	build.text = text;

	/* Mode 0666 less the umask: the mode a normal new file gets. */
	rc = write_atomically("mkcpio", output, 0666, write_archive, &build);
	free(text);
	return rc == 0 ? 0 : 1;
}

#endif /* MKCPIO_NO_MAIN */
