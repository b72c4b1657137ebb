// SPDX-License-Identifier: MIT
/*
 * inspect - facts about an initrd or a program, one "key: value" a line, for scripts.
 *
 *   inspect initrd FILE    what the initrd is, and what its /init is
 *   inspect elf FILE       what a program is: an ELF, a #! script, or neither
 *
 * tools/boot.exp runs it when a kernel message leaves the cause of a failed boot open
 * ("invalid magic" is said of garbage and of lz4's frame format alike, "error -8" of
 * an ELF for another architecture and of a script alike). It reads the initrd as the
 * kernel unpacks it (init/initramfs.c): a sequence of newc cpio archives, each plain
 * or compressed, NUL padding between them; later entries replace earlier ones. It
 * unpacks gzip only, and never runs anything it reads.
 *
 * inspect initrd FILE prints
 *   format: F       what the file starts with, after any NUL padding: newc, odc, gzip,
 *                   bzip2, lzma, xz, lzo, lz4 (lz4's legacy format, the kernel's),
 *                   lz4-frame (lz4's default format, which the kernel cannot read),
 *                   zstd, empty or unknown
 *   head: H         its first 8 bytes as hex pairs and as text (other bytes as "."):
 *                   6e 6f 74 20 61 20 63 70 ("not a cp")
 *   archives: N     the cpio archives read (their trailers)
 *   init: S         found; missing (the whole file was read, and no archive has it);
 *                   or unknown (the file could not be read to its end)
 *   init.mode: M    /init's mode in octal, file type included (100755 is a file)
 *   init.size: N    its size in bytes
 *   init.KEY: V     for a regular file, what `inspect elf` prints about its content;
 *                   for a symbolic link, init.type: symlink and init.target: PATH;
 *                   else init.type: directory or special
 *
 * inspect elf FILE prints
 *   type: T         elf, script, other or empty
 *   head: H         as above
 *   class: C        an ELF's class: 32 or 64
 *   byte-order: O   little or big
 *   machine: N      e_machine, as a number: naming architectures is the caller's
 *                   business (nothing outside arch/ names one)
 *   interpreter: P  an ELF's loader (PT_INTERP); a script's program (the first word
 *                   of its #! line)
 *   needed: L       one line per library an ELF needs (DT_NEEDED), in order
 *   runpath: R      DT_RUNPATH; rpath: R, DT_RPATH
 *   shebang: S      a script's #! line, after "#!", spaces and tabs trimmed
 *
 * A value taken from the file shows bytes outside printable ASCII, and backslash,
 * as \xHH, so that every fact stays on its line.
 *
 * Exit status: 0; 1 if the file cannot be read, is malformed, is larger than 64 MiB or
 * unpacks to more, or holds compressed data other than gzip: what was learnt is still
 * printed, and one line on stderr says what is wrong; 2 for a usage error.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -D_GNU_SOURCE -o inspect inspect.c hostlib.c -lz
 * With INSPECT_NO_MAIN, main() is left out: tests/fuzz/fuzz_inspect.c calls the
 * parsers that inspect.h declares.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#define ZLIB_CONST
#include <zlib.h>

#include "hostlib.h"
#include "inspect.h"

#define HEAD_SIZE 8
/* The kernel looks for the #! line in a program's first 256 bytes (BINPRM_BUF_SIZE). */
#define SHEBANG_MAX 256
/* Longest name or byte string an error message quotes. */
#define QUOTE_MAX 64

#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_LOAD		1
#define DT_NULL		0
#define DT_NEEDED	1
#define DT_STRTAB	5
#define DT_STRSZ	10
#define DT_RPATH	15
#define DT_RUNPATH	29

/* Where the facts go, and the first error. */
struct report {
	FILE *out;
	const char *key_prefix;		/* "init." for the facts of /init */
	const char *subject;		/* "/init: " for its errors */
	char *error;
	size_t error_size;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int fail(struct report *r, const char *fmt, ...)
{
	int n;

	/* The first error is the cause; what follows from it would only confuse. */
	if (r->error_size == 0 || r->error[0] != '\0')
		return -1;
	n = snprintf(r->error, r->error_size, "%s", r->subject);
	if (n >= 0 && (size_t)n < r->error_size) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(r->error + n, r->error_size - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void fact(struct report *r, const char *key, const char *fmt, ...)
{
	va_list ap;

	fprintf(r->out, "%s%s: ", r->key_prefix, key);
	va_start(ap, fmt);
	vfprintf(r->out, fmt, ap);
	va_end(ap);
	fputc('\n', r->out);
}

static int is_plain(unsigned char c)
{
	return c >= ' ' && c <= '~' && c != '\\';
}

/* A fact whose value comes from the file: escaped, so it cannot break the line. */
static void fact_bytes(struct report *r, const char *key, const unsigned char *s,
		       size_t len)
{
	fprintf(r->out, "%s%s: ", r->key_prefix, key);
	for (size_t i = 0; i < len; i++) {
		if (is_plain(s[i]))
			fputc(s[i], r->out);
		else
			fprintf(r->out, "\\x%02x", s[i]);
	}
	fputc('\n', r->out);
}

/* Bytes from the file, escaped, for an error message: at most QUOTE_MAX of them. */
static const char *quote(char buf[4 * QUOTE_MAX + 4], const unsigned char *s, size_t len)
{
	char *p = buf;

	for (size_t i = 0; i < len && i < QUOTE_MAX; i++) {
		if (is_plain(s[i]))
			*p++ = (char)s[i];
		else
			p += sprintf(p, "\\x%02x", s[i]);
	}
	if (len > QUOTE_MAX)
		memcpy(p, "...", 4);
	else
		*p = '\0';
	return buf;
}

/* The first bytes as hex and text: 6e 6f 74 20 61 20 63 70 ("not a cp"). */
static const char *show_head(char buf[4 * HEAD_SIZE + 8], const unsigned char *data,
			     size_t size)
{
	char *p = buf;

	for (size_t i = 0; i < size && i < HEAD_SIZE; i++)
		p += sprintf(p, i ? " %02x" : "%02x", data[i]);
	p += sprintf(p, " (\"");
	for (size_t i = 0; i < size && i < HEAD_SIZE; i++)
		*p++ = (char)(data[i] >= ' ' && data[i] <= '~' ? data[i] : '.');
	memcpy(p, "\")", 3);
	return buf;
}

static void fact_head(struct report *r, const unsigned char *data, size_t size)
{
	char head[4 * HEAD_SIZE + 8];

	fact(r, "head", "%s", show_head(head, data, size));
}

/* ---- programs ------------------------------------------------------------------ */

struct elf {
	const unsigned char *data;
	size_t size;
	int is64;
	int big_endian;
};

/* A field of `width` bytes at `offset`, which the caller has checked is in the file. */
static uint64_t elf_get(const struct elf *e, uint64_t offset, unsigned width)
{
	uint64_t value = 0;

	for (unsigned i = 0; i < width; i++) {
		unsigned shift = 8 * (e->big_endian ? width - 1 - i : i);

		value |= (uint64_t)e->data[offset + i] << shift;
	}
	return value;
}

/* An address or offset: 4 or 8 bytes, by class. */
static uint64_t elf_word(const struct elf *e, uint64_t offset)
{
	return elf_get(e, offset, e->is64 ? 8 : 4);
}

struct segment {
	uint64_t type, offset, vaddr, filesz;
};

/* Program header `index`; the caller has checked that the table is in the file. */
static struct segment elf_segment(const struct elf *e, uint64_t table, uint64_t index)
{
	uint64_t at = table + index * (e->is64 ? 56 : 32);
	struct segment s;

	s.type = elf_get(e, at, 4);
	s.offset = elf_word(e, at + (e->is64 ? 8 : 4));
	s.vaddr = elf_word(e, at + (e->is64 ? 16 : 8));
	s.filesz = elf_word(e, at + (e->is64 ? 32 : 16));
	return s;
}

static int in_file(const struct elf *e, uint64_t offset, uint64_t size)
{
	return offset <= e->size && size <= e->size - offset;
}

/*
 * The libraries and search paths of PT_DYNAMIC `dyn`. Their names are offsets into
 * the string table, which DT_STRTAB gives as an address: the PT_LOAD segment that maps
 * that address says where in the file it is.
 */
static int describe_dynamic(struct report *r, const struct elf *e, struct segment dyn,
			    uint64_t table, uint64_t count)
{
	unsigned entry = e->is64 ? 16 : 8;
	uint64_t entries, strtab = 0, strsz = UINT64_MAX, start = 0, end = 0;
	int have_strtab = 0, have_strings = 0;

	if (!in_file(e, dyn.offset, dyn.filesz))
		return fail(r, "its dynamic section (PT_DYNAMIC) lies past the end of the file");
	entries = dyn.filesz / entry;
	for (uint64_t i = 0; i < entries; i++) {
		uint64_t at = dyn.offset + i * entry;
		uint64_t tag = elf_word(e, at), value = elf_word(e, at + entry / 2);

		if (tag == DT_NULL)
			break;
		if (tag == DT_STRTAB) {
			strtab = value;
			have_strtab = 1;
		} else if (tag == DT_STRSZ) {
			strsz = value;
		} else if (tag == DT_NEEDED || tag == DT_RPATH || tag == DT_RUNPATH) {
			have_strings = 1;
		}
	}
	if (!have_strings)
		return 0;
	if (!have_strtab)
		return fail(r, "its dynamic section names libraries but has no string table (DT_STRTAB)");
	for (uint64_t i = 0; i < count && end == 0; i++) {
		struct segment s = elf_segment(e, table, i);

		if (s.type == PT_LOAD && strtab >= s.vaddr && strtab - s.vaddr < s.filesz &&
		    in_file(e, s.offset, s.filesz)) {
			start = s.offset + (strtab - s.vaddr);
			end = s.offset + s.filesz;
		}
	}
	if (end == 0)
		return fail(r, "its string table (DT_STRTAB 0x%llx) is in no loaded segment",
			    (unsigned long long)strtab);
	if (strsz < end - start)
		end = start + strsz;

	for (uint64_t i = 0; i < entries; i++) {
		uint64_t at = dyn.offset + i * entry;
		uint64_t tag = elf_word(e, at), value = elf_word(e, at + entry / 2);
		const unsigned char *s, *nul;

		if (tag == DT_NULL)
			break;
		if (tag != DT_NEEDED && tag != DT_RPATH && tag != DT_RUNPATH)
			continue;
		if (value >= end - start)
			return fail(r, "a library name (at %llu) lies past its string table (%llu bytes)",
				    (unsigned long long)value, (unsigned long long)(end - start));
		s = e->data + start + value;
		nul = memchr(s, '\0', (size_t)(end - start - value));
		if (!nul)
			return fail(r, "a library name (at %llu) runs past its string table",
				    (unsigned long long)value);
		fact_bytes(r, tag == DT_NEEDED ? "needed" : tag == DT_RUNPATH ? "runpath" : "rpath",
			   s, (size_t)(nul - s));
	}
	return 0;
}

/* Class, byte order, machine; then what the program headers say it needs to run. */
static int describe_elf(struct report *r, const unsigned char *data, size_t size)
{
	struct elf e = { .data = data, .size = size };
	uint64_t table, entry_size, count;
	struct segment dyn = { 0 };
	int interp_seen = 0;

	/* e_ident (16 bytes), e_type, e_machine */
	if (size < 20)
		return fail(r, "its ELF header is cut short (%zu bytes)", size);
	/* e_machine is at the same place in both classes: say it even if the class is bad. */
	e.is64 = data[4] == 2;
	if (data[4] == 1 || data[4] == 2)
		fact(r, "class", "%d", e.is64 ? 64 : 32);
	if (data[5] != 1 && data[5] != 2)
		return fail(r, "ELF byte order %u is neither 1 (little-endian) nor 2 (big-endian)",
			    data[5]);
	e.big_endian = data[5] == 2;
	fact(r, "byte-order", "%s", e.big_endian ? "big" : "little");
	fact(r, "machine", "%u", (unsigned)elf_get(&e, 18, 2));
	if (data[4] != 1 && data[4] != 2)
		return fail(r, "ELF class %u is neither 1 (32-bit) nor 2 (64-bit)", data[4]);

	if (size < (e.is64 ? 64u : 52u))
		return fail(r, "its ELF header is cut short (%zu of %u bytes)", size,
			    e.is64 ? 64u : 52u);
	table = elf_word(&e, e.is64 ? 32 : 28);
	entry_size = elf_get(&e, e.is64 ? 54 : 42, 2);
	count = elf_get(&e, e.is64 ? 56 : 44, 2);
	if (count == 0)
		return 0;
	/* The kernel takes program headers of its own size only. */
	if (entry_size != (e.is64 ? 56u : 32u))
		return fail(r, "its program headers are %llu bytes each, not %u",
			    (unsigned long long)entry_size, e.is64 ? 56u : 32u);
	if (!in_file(&e, table, count * entry_size))
		return fail(r, "its program headers (%llu at offset %llu) lie past the end of the file",
			    (unsigned long long)count, (unsigned long long)table);

	for (uint64_t i = 0; i < count; i++) {
		struct segment s = elf_segment(&e, table, i);
		const unsigned char *path, *nul;

		/* The kernel uses the first PT_INTERP, and the loader the first PT_DYNAMIC. */
		if (s.type == PT_DYNAMIC && dyn.type == 0)
			dyn = s;
		if (s.type != PT_INTERP || interp_seen)
			continue;
		interp_seen = 1;
		if (!in_file(&e, s.offset, s.filesz))
			return fail(r, "its loader's path (PT_INTERP) lies past the end of the file");
		path = data + s.offset;
		nul = memchr(path, '\0', (size_t)s.filesz);
		if (!nul)
			return fail(r, "its loader's path (PT_INTERP) does not end in a NUL");
		fact_bytes(r, "interpreter", path, (size_t)(nul - path));
	}
	if (dyn.type == PT_DYNAMIC)
		return describe_dynamic(r, &e, dyn, table, count);
	return 0;
}

/* The #! line: the kernel runs its first word with the rest as one argument. */
static void describe_script(struct report *r, const unsigned char *data, size_t size)
{
	const unsigned char *line = data + 2, *end;
	size_t word = 0;

	end = data + (size < SHEBANG_MAX ? size : SHEBANG_MAX);
	for (const unsigned char *p = line; p < end; p++) {
		if (*p == '\n' || *p == '\0') {
			end = p;
			break;
		}
	}
	while (line < end && (*line == ' ' || *line == '\t'))
		line++;
	while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	fact_bytes(r, "shebang", line, (size_t)(end - line));
	while (line + word < end && line[word] != ' ' && line[word] != '\t')
		word++;
	if (word > 0)
		fact_bytes(r, "interpreter", line, word);
}

static int describe_program(struct report *r, const unsigned char *data, size_t size)
{
	if (size == 0) {
		fact(r, "type", "empty");
		return 0;
	}
	if (size >= 4 && memcmp(data, "\177ELF", 4) == 0) {
		fact(r, "type", "elf");
		fact_head(r, data, size);
		return describe_elf(r, data, size);
	}
	if (size >= 2 && memcmp(data, "#!", 2) == 0) {
		fact(r, "type", "script");
		fact_head(r, data, size);
		describe_script(r, data, size);
		return 0;
	}
	fact(r, "type", "other");
	fact_head(r, data, size);
	return 0;
}

int inspect_elf(FILE *out, const unsigned char *data, size_t size, char *error,
		size_t error_size)
{
	struct report r = { out, "", "", error, error_size };

	if (error_size > 0)
		error[0] = '\0';
	return describe_program(&r, data, size);
}

/* ---- initrds ------------------------------------------------------------------- */

/* What starts data: the formats the kernel's unpacker tells apart by their magic. */
static const char *format_of(const unsigned char *data, size_t size)
{
	static const struct {
		const char *magic;
		size_t size;
		const char *name;
	} formats[] = {
		{ NEWC_MAGIC, NEWC_MAGIC_SIZE, "newc" },
		{ NEWC_CRC_MAGIC, NEWC_MAGIC_SIZE, "newc" },
		{ ODC_MAGIC, NEWC_MAGIC_SIZE, "odc" },
		{ "\x04\x22\x4d\x18", 4, "lz4-frame" },
		/* lib/decompress.c: the kernel looks at two bytes only */
		{ "\x1f\x8b", 2, "gzip" },
		{ "BZ", 2, "bzip2" },
		{ "\x5d\x00", 2, "lzma" },
		{ "\xfd\x37", 2, "xz" },
		{ "\x89\x4c", 2, "lzo" },
		{ "\x02\x21", 2, "lz4" },
		{ "\x28\xb5", 2, "zstd" },
	};

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (size >= formats[i].size &&
		    memcmp(data, formats[i].magic, formats[i].size) == 0)
			return formats[i].name;
	return "unknown";
}

struct unpack {
	struct report *r;
	size_t max_unpacked, unpacked;
	char within[64];		/* where unpacked data came from, for messages */
	unsigned archives;
	int init_found;
	uint32_t init_mode;
	unsigned char *init_data;	/* a copy: the data it came from is freed */
	size_t init_size;
};

/* "init", "./init", "/init", ...: the names that unpack to /init. */
static int is_init(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else
			return strcmp(name, "init") == 0;
	}
}

/* One newc entry at *pos, which is 4-aligned and starts with '0'. */
static int read_entry(struct unpack *u, const unsigned char *data, size_t size, size_t *pos)
{
	const unsigned char *header = data + *pos;
	uint32_t field[NEWC_FIELD_COUNT];
	char quoted[4 * QUOTE_MAX + 4];
	size_t at = *pos, name_end, body, next;
	const char *name;

	if (size - at < NEWC_HEADER_SIZE)
		return fail(u->r, "the cpio header at offset %zu%s is cut short (%zu of %d bytes)",
			    at, u->within, size - at, NEWC_HEADER_SIZE);
	if (memcmp(header, ODC_MAGIC, NEWC_MAGIC_SIZE) == 0)
		return fail(u->r, "an old-format (odc) cpio archive at offset %zu%s: the kernel reads only newc (cpio -H newc)",
			    at, u->within);
	if (memcmp(header, NEWC_MAGIC, NEWC_MAGIC_SIZE) != 0 &&
	    memcmp(header, NEWC_CRC_MAGIC, NEWC_MAGIC_SIZE) != 0)
		return fail(u->r, "no cpio magic at offset %zu%s: \"%s\"", at, u->within,
			    quote(quoted, header, NEWC_MAGIC_SIZE));
	if (newc_parse_fields(header, field) != 0)
		return fail(u->r, "the cpio header at offset %zu%s has a field that is not 8 hex digits",
			    at, u->within);
	if (field[NEWC_NAMESIZE] == 0 || field[NEWC_NAMESIZE] > NEWC_NAME_SIZE_MAX)
		return fail(u->r, "the cpio entry at offset %zu%s has a name of %lu bytes (1 to %d)",
			    at, u->within, (unsigned long)field[NEWC_NAMESIZE], NEWC_NAME_SIZE_MAX);
	if (field[NEWC_NAMESIZE] > size - at - NEWC_HEADER_SIZE)
		return fail(u->r, "the cpio entry at offset %zu%s is cut short in its name",
			    at, u->within);
	name_end = at + NEWC_HEADER_SIZE + field[NEWC_NAMESIZE];
	/* The name is read up to its first NUL, as the kernel does. */
	name = (const char *)header + NEWC_HEADER_SIZE;
	if (!memchr(name, '\0', field[NEWC_NAMESIZE]))
		return fail(u->r, "the name of the cpio entry at offset %zu%s does not end in a NUL",
			    at, u->within);
	body = name_end + newc_padding(name_end);
	if (body > size || field[NEWC_FILESIZE] > size - body)
		return fail(u->r, "the cpio entry \"%s\" at offset %zu%s is cut short (%lu bytes of data)",
			    quote(quoted, (const unsigned char *)name, strlen(name)), at,
			    u->within, (unsigned long)field[NEWC_FILESIZE]);
	next = body + field[NEWC_FILESIZE];
	next += newc_padding(next);
	/* A missing last padding is harmless: the kernel stops at the end. */
	*pos = next < size ? next : size;

	if (strcmp(name, NEWC_TRAILER) == 0) {
		u->archives++;
	} else if (is_init(name)) {
		/* The kernel replaces an earlier /init, even one of another type. */
		unsigned char *copy = malloc((size_t)field[NEWC_FILESIZE] + 1);

		if (!copy)
			return fail(u->r, "out of memory");
		memcpy(copy, data + body, field[NEWC_FILESIZE]);
		free(u->init_data);
		u->init_data = copy;
		u->init_size = field[NEWC_FILESIZE];
		u->init_mode = field[NEWC_MODE];
		u->init_found = 1;
	}
	return 0;
}

/*
 * Entries and NUL padding from *pos on, as the kernel's cpio state machine takes
 * them: stops at the end, or at a byte that starts neither a header ('0') nor padding.
 */
static int read_entries(struct unpack *u, const unsigned char *data, size_t size, size_t *pos)
{
	while (*pos < size) {
		if (data[*pos] == '\0') {
			++*pos;
			continue;
		}
		if (data[*pos] != '0')
			return 0;
		if (*pos % NEWC_ALIGN != 0)
			return fail(u->r, "broken padding: a cpio header at offset %zu%s, not a multiple of %d",
				    *pos, u->within, NEWC_ALIGN);
		if (read_entry(u, data, size, pos) != 0)
			return -1;
	}
	return 0;
}

/* Inflates the gzip member at `at` into *plain; *used: its compressed size. */
static int gunzip(struct unpack *u, const unsigned char *data, size_t size, size_t at,
		  unsigned char **plain, size_t *plain_size, size_t *used)
{
	size_t budget = u->max_unpacked - u->unpacked, input = size - at;
	/* One byte past the budget shows that the data is too large. */
	size_t capacity = budget < 65536 ? budget + 1 : 65536;
	unsigned char *buf = malloc(capacity);
	z_stream z;
	int rc = -1;

	memset(&z, 0, sizeof(z));
	/* 16 + MAX_WBITS: a gzip wrapper, whose CRC and length zlib checks. */
	if (!buf || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return fail(u->r, "out of memory");
	}
	z.next_in = data + at;
	z.next_out = buf;
	z.avail_out = (unsigned)capacity;
	for (;;) {
		int status;

		/* zlib counts in unsigned int: feed it in pieces. */
		if (z.avail_in == 0 && input > 0) {
			z.avail_in = input > UINT_MAX ? UINT_MAX : (unsigned)input;
			input -= z.avail_in;
		}
		if (z.avail_out == 0) {
			size_t bigger = 2 * capacity;
			unsigned char *more;

			if (capacity > budget) {
				fail(u->r, "the gzip data at offset %zu unpacks to more than %zu bytes, the most inspect unpacks",
				     at, u->max_unpacked);
				goto out;
			}
			if (bigger > budget + 1)
				bigger = budget + 1;
			if (bigger - capacity > UINT_MAX)
				bigger = capacity + UINT_MAX;
			more = realloc(buf, bigger);
			if (!more) {
				fail(u->r, "out of memory");
				goto out;
			}
			buf = more;
			z.next_out = buf + capacity;
			z.avail_out = (unsigned)(bigger - capacity);
			capacity = bigger;
		}
		status = inflate(&z, Z_NO_FLUSH);
		if (status == Z_STREAM_END)
			break;
		if (status == Z_OK || (status == Z_BUF_ERROR && (z.avail_in > 0 || input > 0)))
			continue;
		if (status == Z_BUF_ERROR)
			fail(u->r, "the gzip data at offset %zu is cut short", at);
		else if (status == Z_MEM_ERROR)
			fail(u->r, "out of memory");
		else
			fail(u->r, "the gzip data at offset %zu is corrupt (zlib: %s)", at,
			     z.msg ? z.msg : "no reason given");
		goto out;
	}
	*plain_size = capacity - z.avail_out;
	if (*plain_size > budget) {
		fail(u->r, "the gzip data at offset %zu unpacks to more than %zu bytes, the most inspect unpacks",
		     at, u->max_unpacked);
		goto out;
	}
	*used = (size_t)(z.next_in - (data + at));
	*plain = buf;
	buf = NULL;
	rc = 0;
out:
	inflateEnd(&z);
	free(buf);
	return rc;
}

/* The initrd, as the kernel's unpack_to_rootfs() walks it. */
static int unpack(struct unpack *u, const unsigned char *data, size_t size)
{
	char head[4 * HEAD_SIZE + 8];
	size_t pos = 0;

	for (;;) {
		const char *format;
		unsigned char *plain = NULL;
		size_t plain_size = 0, plain_pos = 0, used = 0;
		int rc;

		if (read_entries(u, data, size, &pos) != 0)
			return -1;
		if (pos == size)
			return 0;
		format = format_of(data + pos, size - pos);
		if (strcmp(format, "unknown") == 0)
			return fail(u->r, "at offset %zu, neither a cpio archive nor data compressed in a format the kernel knows: %s",
				    pos, show_head(head, data + pos, size - pos));
		if (strcmp(format, "lz4-frame") == 0)
			return fail(u->r, "at offset %zu, lz4's frame format, which the kernel cannot read (it reads lz4's legacy format, lz4 -l)",
				    pos);
		if (strcmp(format, "gzip") != 0)
			return fail(u->r, "at offset %zu, %s-compressed data: inspect unpacks only gzip",
				    pos, format);
		if (gunzip(u, data, size, pos, &plain, &plain_size, &used) != 0)
			return -1;
		u->unpacked += plain_size;
		/* Unpacked data holds archives and padding only: no compression again. */
		snprintf(u->within, sizeof(u->within), " of the gzip data at offset %zu", pos);
		rc = read_entries(u, plain, plain_size, &plain_pos);
		if (rc == 0 && plain_pos < plain_size)
			rc = fail(u->r, "junk at offset %zu%s, neither a cpio header nor padding: %s",
				  plain_pos, u->within,
				  show_head(head, plain + plain_pos, plain_size - plain_pos));
		u->within[0] = '\0';
		free(plain);
		if (rc != 0)
			return -1;
		pos += used;
	}
}

static int describe_init(struct report *r, const struct unpack *u)
{
	uint32_t type = u->init_mode & S_IFMT;

	r->key_prefix = "init.";
	r->subject = "/init: ";
	fact(r, "mode", "%lo", (unsigned long)u->init_mode);
	fact(r, "size", "%zu", u->init_size);
	if (type == S_IFREG)
		return describe_program(r, u->init_data, u->init_size);
	if (type == S_IFLNK) {
		fact(r, "type", "symlink");
		fact_bytes(r, "target", u->init_data, u->init_size);
	} else {
		fact(r, "type", "%s", type == S_IFDIR ? "directory" : "special");
	}
	return 0;
}

int inspect_initrd(FILE *out, const unsigned char *data, size_t size,
		   size_t max_unpacked, char *error, size_t error_size)
{
	struct report r = { out, "", "", error, error_size };
	struct unpack u = { .r = &r, .max_unpacked = max_unpacked };
	size_t start = 0;
	int rc;

	if (error_size > 0)
		error[0] = '\0';
	while (start < size && data[start] == '\0')
		start++;
	fact(&r, "format", "%s", start == size ? "empty" : format_of(data + start, size - start));
	if (size > 0)
		fact_head(&r, data, size);
	rc = unpack(&u, data, size);
	fact(&r, "archives", "%u", u.archives);
	fact(&r, "init", "%s", u.init_found ? "found" : rc == 0 ? "missing" : "unknown");
	/* Even when the rest could not be read: an /init found is worth describing. */
	if (u.init_found && describe_init(&r, &u) != 0)
		rc = -1;
	free(u.init_data);
	return rc;
}

#ifndef INSPECT_NO_MAIN

static void usage(FILE *f)
{
	fputs("usage: inspect initrd FILE | inspect elf FILE\n"
	      "Print facts about an initrd (its format, its first bytes, its /init) or a\n"
	      "program (ELF class, byte order, machine, loader, libraries; or #! line),\n"
	      "one \"key: value\" a line. See the comment at the top of tools/inspect.c.\n", f);
}

int main(int argc, char **argv)
{
	char error[512];
	unsigned char *data;
	size_t size;
	int rc;

	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc != 3 || (strcmp(argv[1], "initrd") != 0 && strcmp(argv[1], "elf") != 0)) {
		usage(stderr);
		return 2;
	}
	data = read_file("inspect", argv[2], INSPECT_MAX_SIZE, &size);
	if (!data)
		return 1;
	if (strcmp(argv[1], "initrd") == 0)
		rc = inspect_initrd(stdout, data, size, INSPECT_MAX_SIZE, error, sizeof(error));
	else
		rc = inspect_elf(stdout, data, size, error, sizeof(error));
	free(data);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("inspect: writing the facts");
		return 1;
	}
	if (rc != 0) {
		fprintf(stderr, "inspect: %s: %s\n", argv[2], error);
		return 1;
	}
	return 0;
}

#endif /* INSPECT_NO_MAIN */
