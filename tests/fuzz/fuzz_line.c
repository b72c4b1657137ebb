// SPDX-License-Identifier: MIT
/* libFuzzer target: format_line() of src/lib/fmt.c, the one place the init builds the
 * lines it prints, with the same bounds the init is built with.
 *
 * The input is an errno (its first 8 bytes), then `what` and `detail` separated by
 * a NUL; each gets its own heap block, and the line goes into a heap block of
 * exactly LINE_SIZE bytes, so ASan sees any write past it. The line is checked
 * against the rule in fmt.h, written out again independently below:
 *   "nakedinit: " + clip(what, LINE_WHAT_MAX) + clip(detail, LINE_DETAIL_MAX)
 *   + (err < 0 ? ": NAME (-N)" : "") + "\n",
 * where clip() keeps a string of up to max characters whole and cuts a longer one
 * to max - 3 characters followed by "...".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strndup */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/fmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why, const char *line, size_t length)
{
	fprintf(stderr, "fuzz_line: %s: \"%.*s\"\n", why, (int)length, line);
	abort();
}

/* Appends clip(s, max) to out; returns the new end. */
static char *model_clip(char *out, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return out + sprintf(out, "%s", s);
	return out + sprintf(out, "%.*s...", (int)(max - 3), s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long err = 0;
	size_t split;
	char *what, *detail, *line, *want, *end;
	unsigned long length;

	if (size < sizeof(err))
		return 0;
	memcpy(&err, data, sizeof(err));
	data += sizeof(err);
	size -= sizeof(err);
	for (split = 0; split < size && data[split]; split++)
		;
	what = strndup((const char *)data, split);
	detail = strndup(split < size ? (const char *)data + split + 1 : "",
			 split < size ? size - split - 1 : 0);
	if (!what || !detail)
		abort();
	line = malloc(LINE_SIZE);
	want = malloc(strlen(what) + strlen(detail) + 128);
	if (!line || !want)
		abort();

	length = format_line(line, what, detail, err);
	if (length > LINE_SIZE)
		fail("longer than LINE_SIZE", line, LINE_SIZE);

	end = model_clip(model_clip(stpcpy(want, "nakedinit: "), what, LINE_WHAT_MAX), detail,
			 LINE_DETAIL_MAX);
	if (length < (size_t)(end - want) + 1 || memcmp(line, want, (size_t)(end - want)) != 0)
		fail("the text before the errno is not the clipped what and detail", line, length);
	if (err < 0) {
		/* ": NAME (-N)": the number as the kernel would give it. */
		char number[32];
		size_t tail = (size_t)snprintf(number, sizeof(number), " (-%lu)\n",
					       -(unsigned long)err);
		const char *name = line + (end - want) + 2;

		if (memcmp(line + (end - want), ": ", 2) != 0 || length < tail ||
		    memcmp(line + length - tail, number, tail) != 0)
			fail("no \": NAME (-N)\" after the detail", line, length);
		if (line + length - tail - name > ERRNO_NAME_MAX)
			fail("an errno name longer than ERRNO_NAME_MAX", line, length);
	} else if (length != (size_t)(end - want) + 1 || line[length - 1] != '\n') {
		fail("not just the text and a newline", line, length);
	}

	free(what);
	free(detail);
	free(line);
	free(want);
	return 0;
}
