/* SPDX-License-Identifier: MIT */
/* Text helpers for a program without printf. They are plain functions of their
 * arguments, so the host unit tests and fuzzers run the very code the init runs.
 *
 * Each put_* appends to a buffer and returns the new end; no NUL is added unless
 * said. The caller sizes the buffer: nothing here is bounded or allocates.
 */
#ifndef NAKEDINIT_FMT_H
#define NAKEDINIT_FMT_H

char *put_str(char *out, const char *s);

/* s, but at most max characters of it (max >= 3): a longer s is cut to max - 3
 * characters followed by "...", so a reader can see that it was cut. */
char *put_clipped(char *out, const char *s, unsigned long max);

/* number in decimal, without leading zeros. At most 20 characters. */
char *put_decimal(char *out, unsigned long number);

/* A signal's name, "SIGSEGV", or "signal 42" for a number without a name here
 * (real-time signals among them). At most 27 characters. */
#define SIGNAL_TEXT_MAX	27
char *put_signal(char *out, unsigned long sig);

/* err is a negative errno: "ENOENT (-2)"; a number without a name here: "errno (-N)". */
char *put_errno(char *out, long err);

/* One line of a hex dump: the first count bytes, but at most HEX_LINE_BYTES, as
 * 32-bit big-endian words, "01234567 89abcdef 0123", then a NUL. A caller
 * dumping more steps through the bytes HEX_LINE_BYTES at a time; the clamp
 * lives here so each caller needs no arithmetic of its own. out needs room
 * for HEX_LINE_SIZE bytes. */
#define HEX_LINE_BYTES	16
#define HEX_LINE_SIZE	(HEX_LINE_BYTES * 2 + HEX_LINE_BYTES / 4)	/* digits, spaces, NUL */
char *put_hex(char *out, const unsigned char *bytes, long count);

/* One message line, as the init writes it: "nakedinit: <what><detail>\n", with
 * ": ENOENT (-2)" before the newline when err is a negative errno. what and detail
 * are clipped, so the line fits in LINE_SIZE bytes whatever they hold: a detail
 * may be a kernel command-line word, which can be 2047 characters long. Returns
 * the line's length; no NUL is added. */
#define LINE_PREFIX	"nakedinit: "
#define LINE_WHAT_MAX	32
#define LINE_DETAIL_MAX	263	/* a valid "disk=/..." word is never cut (tests/unit checks) */
#define ERRNO_NAME_MAX	10			/* the longest name put_errno knows */
#define ERRNO_TEXT_MAX	(ERRNO_NAME_MAX + 24)	/* name, " (-", 20 digits, ")" */
#define LINE_SIZE	(sizeof(LINE_PREFIX) - 1 + LINE_WHAT_MAX + LINE_DETAIL_MAX + \
			 2 + ERRNO_TEXT_MAX + 1)
unsigned long format_line(char *line, const char *what, const char *detail, long err);

#endif
