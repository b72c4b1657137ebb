// SPDX-License-Identifier: MIT
/* hostlib: what the host tools share (see hostlib.h). */
#include "hostlib.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void newc_format_header(char header[NEWC_HEADER_SIZE + 1],
			const uint32_t field[NEWC_FIELD_COUNT])
{
	char *p = header + NEWC_MAGIC_SIZE;

	/* Each snprintf() ends in a NUL, which the next overwrites. */
	snprintf(header, NEWC_MAGIC_SIZE + 1, "%s", NEWC_MAGIC);
	for (int i = 0; i < NEWC_FIELD_COUNT; i++, p += NEWC_FIELD_SIZE)
		snprintf(p, NEWC_FIELD_SIZE + 1, "%08" PRIX32, field[i]);
}

int newc_parse_fields(const unsigned char *header, uint32_t field[NEWC_FIELD_COUNT])
{
	const unsigned char *p = header + NEWC_MAGIC_SIZE;

	for (int i = 0; i < NEWC_FIELD_COUNT; i++) {
		uint32_t value = 0;

		/* Strictly 8 hex digits: no sign, no spaces, no "0x" as strtoul takes. */
		for (int j = 0; j < NEWC_FIELD_SIZE; j++, p++) {
			unsigned digit;

			if (*p >= '0' && *p <= '9')
				digit = *p - '0';
			else if (*p >= 'a' && *p <= 'f')
				digit = *p - 'a' + 10;
			else if (*p >= 'A' && *p <= 'F')
				digit = *p - 'A' + 10;
			else
				return -1;
			value = value << 4 | digit;
		}
		field[i] = value;
	}
	return 0;
}

unsigned char *read_fd(const char *tool, int fd, const char *name, size_t max,
		       size_t *size)
{
	struct stat st;
	size_t capacity = 4096, length = 0;
	unsigned char *data;

	/* A regular file says its size: refuse a huge one before reading it. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uint64_t)st.st_size > max)
			goto too_large;
		/* Room for the file, its NUL, and the read that finds the end. */
		capacity = (size_t)st.st_size + 2;
	}
	data = malloc(capacity);
	if (!data)
		goto no_memory;
	for (;;) {
		ssize_t got;

		/* Room for at least one byte and the NUL; at most max + 2, so that
		 * one byte past `max` shows that the input is too large. */
		if (capacity - length < 2) {
			size_t bigger = capacity > max / 2 ? max + 2 : 2 * capacity;
			unsigned char *more = realloc(data, bigger);

			if (!more) {
				free(data);
				goto no_memory;
			}
			data = more;
			capacity = bigger;
		}
		got = read(fd, data + length, capacity - 1 - length);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			fprintf(stderr, "%s: cannot read '%s': %s\n", tool, name,
				strerror(errno));
			free(data);
			return NULL;
		}
		if (got == 0)
			break;
		length += (size_t)got;
		if (length > max) {
			free(data);
			goto too_large;
		}
	}
	data[length] = '\0';
	*size = length;
	return data;

too_large:
	fprintf(stderr, "%s: '%s' is larger than %zu bytes, the most %s reads\n",
		tool, name, max, tool);
	return NULL;
no_memory:
	fprintf(stderr, "%s: cannot read '%s': out of memory\n", tool, name);
	return NULL;
}

unsigned char *read_file(const char *tool, const char *path, size_t max,
			 size_t *size)
{
	/* Blocking, so that a pipe (bash's <(...)) is read as it fills. */
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	unsigned char *data;

	if (fd < 0) {
		fprintf(stderr, "%s: cannot open '%s': %s\n", tool, path,
			strerror(errno));
		return NULL;
	}
	data = read_fd(tool, fd, path, max, size);
	close(fd);
	return data;
}

int write_atomically(const char *tool, const char *path, mode_t mode,
		     output_writer *writer, void *arg)
{
	char *tmp;
	FILE *out;
	mode_t mask;
	int fd, failed;

	if (asprintf(&tmp, "%s.tmp.XXXXXX", path) < 0) {
		fprintf(stderr, "%s: out of memory\n", tool);
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot create '%s': %s\n", tool, tmp,
			strerror(errno));
		free(tmp);
		return -1;
	}
	/* umask() is the only way to read the umask: set it and put it back. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, mode & ~mask) != 0) {
		fprintf(stderr, "%s: cannot set the mode of '%s': %s\n", tool, tmp,
			strerror(errno));
		close(fd);
		goto fail;
	}
	out = fdopen(fd, "wb");
	if (!out) {
		fprintf(stderr, "%s: cannot write '%s': %s\n", tool, tmp,
			strerror(errno));
		close(fd);
		goto fail;
	}
	if (writer(out, arg) != 0) {
		fclose(out);
		goto fail;
	}
	/* A full disk shows in the stream's error flag, or when fclose() flushes. */
	failed = ferror(out);
	if (fclose(out) != 0 || failed) {
		fprintf(stderr, "%s: error writing '%s': %s\n", tool, tmp,
			strerror(errno));
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		fprintf(stderr, "%s: cannot rename '%s' to '%s': %s\n", tool, tmp,
			path, strerror(errno));
		goto fail;
	}
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	return -1;
}
