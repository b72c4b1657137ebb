// SPDX-License-Identifier: MIT
/* unpack: brings back what a guest left in /out (tools/nakedinit-run -o), trusting
 * none of it.
 *
 *   unpack ARCHIVE DIR     unpack the newc archive at the start of ARCHIVE into DIR
 *   unpack --check DIR     only say whether DIR may receive one
 *
 * ARCHIVE is the out disk src/copyout.c wrote: the archive, then zeros up to the
 * disk's end; only what comes before the TRAILER!!! entry is read, and each size the
 * archive claims must fit in what ARCHIVE holds. DIR must not exist or be an empty
 * directory. Everything is unpacked into a new directory beside DIR first, which is
 * renamed to DIR at the end: DIR gets all the files, each complete, or nothing. An
 * archive cut short (no trailer), or malformed, gives nothing.
 *
 * What a hostile guest could use to reach outside DIR is refused and named, and the
 * rest unpacked: names that are absolute or hold "." or ".." components; symbolic
 * links that are absolute, go up more directories than they are deep, or hold ".."
 * after a name (through another link it could climb out); entries whose directory
 * is not a directory unpacked before them, which covers a file written through a
 * symbolic link (no path is ever followed through one); device nodes, FIFOs and
 * sockets, which are not created. Files and directories get the archive's
 * permission bits, less set-user-ID, set-group-ID and sticky; owners and times are
 * not restored (they become the caller's, and now).
 *
 * With UNPACK_NO_MAIN, main() is left out: tests/fuzz/fuzz_unpack.c calls unpack().
 */
#include "unpack.h"
#include "hostlib.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TOOL "unpack"
#define LINK_TARGET_MAX (NEWC_NAME_SIZE_MAX - 1)
#define COPY_CHUNK 65536

struct directory {
	char *name;
	mode_t mode;
};

struct unpacker {
	FILE *in;
	uint64_t offset, size;		/* bytes read so far; the most there are */
	uint64_t entry;			/* entries read so far */
	int root;			/* the new directory */
	struct directory *dirs;		/* made, for their modes at the end */
	size_t dir_count, dir_capacity;
};

/* Reads n bytes of the archive into buf (NULL: skips them); -1 past its end. */
static int take(struct unpacker *u, void *buf, uint64_t n)
{
	if (n > u->size - u->offset) {
		fprintf(stderr, "%s: entry %llu claims %llu bytes at byte %llu, past the archive's end: it is cut short or malformed\n",
			TOOL, (unsigned long long)u->entry, (unsigned long long)n,
			(unsigned long long)u->offset);
		return -1;
	}
	if (buf ? fread(buf, 1, n, u->in) != n : fseeko(u->in, (off_t)n, SEEK_CUR) != 0) {
		fprintf(stderr, "%s: cannot read the archive at byte %llu: %s\n", TOOL,
			(unsigned long long)u->offset, ferror(u->in) ? strerror(errno) : "it ends early");
		return -1;
	}
	u->offset += n;
	return 0;
}

static int skip_padding(struct unpacker *u)
{
	return take(u, NULL, newc_padding(u->offset));
}

/* Why an entry's name is unsafe, or NULL. "." (the archive's root) is handled before. */
static const char *unsafe_name(const char *name)
{
	if (name[0] == '/')
		return "an absolute name";
	for (const char *c = name;; c++) {
		size_t length = strcspn(c, "/");

		if (length == 0)
			return "an empty component (// or a trailing /)";
		if ((length == 1 && c[0] == '.') || (length == 2 && c[0] == '.' && c[1] == '.'))
			return "a . or .. component";
		c += length;
		if (!*c)
			return NULL;
	}
}

/* Why a symbolic link named `name` to `target` could lead outside the root, or
 * NULL: it may climb as many directories as it is deep, then only go down. */
static const char *unsafe_link(const char *name, const char *target)
{
	size_t depth = 0, up = 0;
	int named = 0;

	for (const char *c = name; *c; c++)
		depth += *c == '/';
	if (target[0] == '/')
		return "an absolute symbolic link";
	for (const char *c = target;; c++) {
		size_t length = strcspn(c, "/");

		if (length == 0 || (length == 1 && c[0] == '.'))
			return "a symbolic link with an empty or . component";
		if (length == 2 && c[0] == '.' && c[1] == '.') {
			if (named)
				return "a symbolic link with .. after a name";
			if (++up > depth)
				return "a symbolic link to outside the directory";
		} else {
			named = 1;
		}
		c += length;
		if (!*c)
			return NULL;
	}
}

/* Opens the directory that is to hold name's last component, which *leaf is set
 * to, without following any symbolic link: -1 (errno set) if a component is
 * missing or not a directory. name is modified and restored. */
static int open_parent(int root, char *name, const char **leaf)
{
	int fd = dup(root);
	char *c = name, *slash;

	while (fd >= 0 && (slash = strchr(c, '/'))) {
		int next;

		*slash = '\0';
		next = openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		*slash = '/';
		close(fd);
		fd = next;
		c = slash + 1;
	}
	*leaf = c;
	return fd;
}

static void skipped(const char *name, const char *why)
{
	fprintf(stderr, "%s: skipped '%s': %s\n", TOOL, name, why);
}

static int copy_data(struct unpacker *u, int fd, uint64_t size, const char *name)
{
	char buf[COPY_CHUNK];

	while (size) {
		size_t n = size < sizeof(buf) ? (size_t)size : sizeof(buf);

		if (take(u, buf, n) < 0)
			return -1;
		for (size_t done = 0; done < n;) {
			ssize_t w = write(fd, buf + done, n - done);

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				fprintf(stderr, "%s: cannot write '%s': %s\n", TOOL, name, strerror(errno));
				return -1;
			}
			done += (size_t)w;
		}
		size -= n;
	}
	return 0;
}

/* One entry whose name is safe, its data next in the archive. Returns 0 (also
 * after naming an entry it skips), or -1 after a message. */
static int unpack_entry(struct unpacker *u, char *name, mode_t mode, uint64_t size)
{
	const char *leaf, *why;
	char target[LINK_TARGET_MAX + 1];
	int parent = open_parent(u->root, name, &leaf), fd, failed = 0;

	if (parent < 0) {
		skipped(name, "its directory is not a directory unpacked before it (a symbolic link?)");
		return take(u, NULL, size);
	}
	switch (mode & S_IFMT) {
	case S_IFDIR:
		if (mkdirat(parent, leaf, 0700) != 0) {
			skipped(name, errno == EEXIST ? "already unpacked" : strerror(errno));
			break;
		}
		if (u->dir_count == u->dir_capacity) {
			size_t more = u->dir_capacity ? 2 * u->dir_capacity : 64;
			struct directory *dirs = realloc(u->dirs, more * sizeof(*dirs));

			if (!dirs) {
				fprintf(stderr, "%s: out of memory\n", TOOL);
				failed = 1;
				break;
			}
			u->dirs = dirs;
			u->dir_capacity = more;
		}
		u->dirs[u->dir_count].mode = mode & 0777;
		u->dirs[u->dir_count].name = strdup(name);
		if (!u->dirs[u->dir_count++].name) {
			fprintf(stderr, "%s: out of memory\n", TOOL);
			failed = 1;
		}
		break;
	case S_IFREG:
		fd = openat(parent, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) {
			skipped(name, errno == EEXIST ? "already unpacked" : strerror(errno));
			break;
		}
		failed = copy_data(u, fd, size, name) < 0 || fchmod(fd, mode & 0777) != 0;
		if (close(fd) != 0 || failed) {
			fprintf(stderr, "%s: cannot write '%s'\n", TOOL, name);
			failed = 1;
		}
		size = 0;
		break;
	case S_IFLNK:
		if (size == 0 || size > LINK_TARGET_MAX) {
			skipped(name, "a symbolic link without a target, or with one too long");
			break;
		}
		if (take(u, target, size) < 0) {
			failed = 1;
			break;
		}
		target[size] = '\0';
		why = strlen(target) != size ? "a symbolic link with a NUL in its target" :
		      unsafe_link(name, target);
		size = 0;
		if (why)
			skipped(name, why);
		else if (symlinkat(target, parent, leaf) != 0)
			skipped(name, errno == EEXIST ? "already unpacked" : strerror(errno));
		break;
	case S_IFCHR:
	case S_IFBLK:
		skipped(name, "a device node: not created");
		break;
	case S_IFIFO:
		skipped(name, "a FIFO: not created");
		break;
	default:
		skipped(name, "neither a file, a directory nor a symbolic link: not created");
		break;
	}
	close(parent);
	return failed ? -1 : take(u, NULL, size);
}

/* Every entry up to the trailer; then the directories' modes, deepest first. */
static int unpack_entries(struct unpacker *u)
{
	static const unsigned char zeros[NEWC_HEADER_SIZE];
	unsigned char header[NEWC_HEADER_SIZE];
	uint32_t field[NEWC_FIELD_COUNT];
	char name[NEWC_NAME_SIZE_MAX];

	for (;; u->entry++) {
		uint64_t at = u->offset;
		const char *why;

		if (take(u, header, sizeof(header)) < 0)
			return -1;
		if (u->entry == 0 && memcmp(header, zeros, sizeof(header)) == 0) {
			fprintf(stderr, "%s: no archive, only zeros: the guest wrote none\n", TOOL);
			return -1;
		}
		if ((memcmp(header, NEWC_MAGIC, NEWC_MAGIC_SIZE) != 0 &&
		     memcmp(header, NEWC_CRC_MAGIC, NEWC_MAGIC_SIZE) != 0) ||
		    newc_parse_fields(header, field) != 0 || field[NEWC_NAMESIZE] == 0 ||
		    field[NEWC_NAMESIZE] > sizeof(name)) {
			fprintf(stderr, "%s: entry %llu at byte %llu: not a newc header, or a name size out of bounds\n",
				TOOL, (unsigned long long)u->entry, (unsigned long long)at);
			return -1;
		}
		if (take(u, name, field[NEWC_NAMESIZE]) < 0 || skip_padding(u) < 0)
			return -1;
		if (strnlen(name, field[NEWC_NAMESIZE]) != field[NEWC_NAMESIZE] - 1) {
			fprintf(stderr, "%s: entry %llu at byte %llu: its name has no NUL at its end, or one before\n",
				TOOL, (unsigned long long)u->entry, (unsigned long long)at);
			return -1;
		}
		if (strcmp(name, NEWC_TRAILER) == 0)
			break;
		why = strcmp(name, ".") == 0 ? "" : unsafe_name(name);
		if (why) {
			if (*why)
				skipped(name, why);
			if (take(u, NULL, field[NEWC_FILESIZE]) < 0)
				return -1;
		} else if (unpack_entry(u, name, field[NEWC_MODE], field[NEWC_FILESIZE]) < 0) {
			return -1;
		}
		if (skip_padding(u) < 0)
			return -1;
	}
	for (size_t i = u->dir_count; i-- > 0;) {
		const char *leaf;
		int parent = open_parent(u->root, u->dirs[i].name, &leaf), fd = -1;

		if (parent >= 0)
			fd = openat(parent, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || fchmod(fd, u->dirs[i].mode) != 0) {
			fprintf(stderr, "%s: cannot set the mode of '%s': %s\n", TOOL,
				u->dirs[i].name, strerror(errno));
			if (fd >= 0)
				close(fd);
			if (parent >= 0)
				close(parent);
			return -1;
		}
		close(fd);
		close(parent);
	}
	return 0;
}

int unpack_remove(int dirfd, const char *name)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int fd, status = 0;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0);
	if (fchmodat(dirfd, name, 0700, 0) != 0)
		return -1;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	/* cppcheck-suppress readdirCalled ; readdir_r is deprecated, one stream per call */
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			status |= unpack_remove(fd, e->d_name);
	closedir(d);
	return status | unlinkat(dirfd, name, AT_REMOVEDIR);
}

int unpack_check_dir(const char *dir)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int empty = 1;

	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "%s: %s: %s\n", TOOL, dir, strerror(errno));
		return -1;
	}
	d = S_ISDIR(st.st_mode) ? opendir(dir) : NULL;
	/* cppcheck-suppress readdirCalled ; readdir_r is deprecated, one stream per call */
	while (d && (e = readdir(d)))
		empty &= strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	if (d)
		closedir(d);
	if (d && empty)
		return 0;
	fprintf(stderr, "%s: %s exists and is not an empty directory: give a new or empty one\n",
		TOOL, dir);
	return -1;
}

int unpack(FILE *archive, uint64_t size, const char *dir)
{
	struct unpacker u = { .in = archive, .size = size, .root = -1 };
	char *tmp = NULL;
	size_t length = strlen(dir);
	mode_t mask = umask(0);
	int status = -1;

	/* umask() is the only way to read the umask: set it and put it back. */
	umask(mask);
	if (unpack_check_dir(dir) != 0)
		return -1;
	/* Beside DIR, not inside it: "out/" is "out". */
	while (length > 1 && dir[length - 1] == '/')
		length--;
	if (asprintf(&tmp, "%.*s.unpack-XXXXXX", (int)length, dir) < 0) {
		fprintf(stderr, "%s: out of memory\n", TOOL);
		return -1;
	}
	if (!mkdtemp(tmp)) {
		fprintf(stderr, "%s: cannot make '%s': %s\n", TOOL, tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	u.root = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (u.root < 0)
		fprintf(stderr, "%s: cannot open '%s': %s\n", TOOL, tmp, strerror(errno));
	else if (unpack_entries(&u) == 0 && fchmod(u.root, 0777 & ~mask) == 0) {
		/* rename(2) replaces an empty directory, and nothing else. */
		if (rename(tmp, dir) == 0)
			status = 0;
		else
			fprintf(stderr, "%s: cannot rename '%s' to '%s': %s\n", TOOL, tmp, dir,
				strerror(errno));
	}
	if (u.root >= 0)
		close(u.root);
	if (status != 0)
		unpack_remove(AT_FDCWD, tmp);
	for (size_t i = 0; i < u.dir_count; i++)
		free(u.dirs[i].name);
	free(u.dirs);
	free(tmp);
	return status;
}

#ifndef UNPACK_NO_MAIN
int main(int argc, char **argv)
{
	struct stat st;
	FILE *archive;
	int status;

	if (argc == 3 && strcmp(argv[1], "--check") == 0)
		return unpack_check_dir(argv[2]) == 0 ? 0 : 1;
	if (argc != 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: %s ARCHIVE DIR | --check DIR\n", TOOL);
		return 2;
	}
	archive = fopen(argv[1], "rb");
	if (!archive || fstat(fileno(archive), &st) != 0) {
		fprintf(stderr, "%s: cannot read '%s': %s\n", TOOL, argv[1], strerror(errno));
		return 1;
	}
	status = unpack(archive, (uint64_t)st.st_size, argv[2]);
	fclose(archive);
	return status == 0 ? 0 : 1;
}
#endif /* UNPACK_NO_MAIN */
