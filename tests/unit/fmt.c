// SPDX-License-Identifier: MIT
/* Host unit tests of src/lib/fmt.c: the very code the programs run. */
#include <string.h>

#include "lib/fmt.h"
#include "lib/options.h"
#include "unit.h"

static const char *errno_text(long err)
{
	static char text[128];

	*put_errno(text, err) = '\0';
	return text;
}

static void test_errno_names(void)
{
	static const char *const required[] = { "EPERM", "ENOENT", "EIO", "ENXIO", "E2BIG",
		"ENOEXEC", "ENOMEM", "EACCES", "ENOTBLK", "EBUSY", "ENODEV", "ENOTDIR", "EISDIR",
		"EINVAL", "ENOTTY", "ETXTBSY", "ELOOP", "ENOMEDIUM" };
	char want[128];

	/* Every name the table gives is the C library's name for that number. */
	for (int n = 1; n < 134; n++) {
		const char *name = strerrorname_np(n);
		const char *got = errno_text(-n);

		snprintf(want, sizeof(want), "%s (-%d)", name ? name : "?", n);
		if (strncmp(got, "errno (", 7) != 0)
			CHECK(strcmp(got, want) == 0, "errno %d: got \"%s\", want \"%s\"", n, got, want);
		else
			CHECK(strcmp(got + 5, want + strlen(name ? name : "?")) == 0,
			      "errno %d: got \"%s\"", n, got);
	}
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		int named = 0;

		for (int n = 1; n < 134; n++)
			if (strncmp(errno_text(-n), required[i], strlen(required[i])) == 0 &&
			    errno_text(-n)[strlen(required[i])] == ' ')
				named = 1;
		CHECK(named, "%s has no name in the table", required[i]);
	}
	CHECK(strcmp(errno_text(-2), "ENOENT (-2)") == 0, "got \"%s\"", errno_text(-2));
	CHECK(strcmp(errno_text(-4095), "errno (-4095)") == 0, "got \"%s\"", errno_text(-4095));
	CHECK(strcmp(errno_text(-200), "errno (-200)") == 0, "got \"%s\"", errno_text(-200));
	end_group("errno names");
}

static void test_hex(void)
{
	unsigned char bytes[64];
	char got[256], want[256];

	for (int i = 0; i < 64; i++)
		bytes[i] = (unsigned char)(i * 37 + 5);
	for (int count = 0; count <= 16; count++) {
		char *w = want;

		*w = '\0';

		for (int i = 0; i < count; i++)
			w += sprintf(w, "%s%02x", i && i % 4 == 0 ? " " : "", bytes[i]);
		memset(got, 'X', sizeof(got));
		char *end = put_hex(got, bytes, count);
		CHECK(end == got + strlen(want), "%d bytes: returned end at %td, want %zu",
		      count, end - got, strlen(want));
		CHECK(strcmp(got, want) == 0, "%d bytes: got \"%s\", want \"%s\"", count, got, want);
	}
	unsigned char edges[] = { 0x00, 0x0f, 0xf0, 0xff, 0x6e, 0x61, 0x6b, 0x65 };
	put_hex(got, edges, 8);
	CHECK(strcmp(got, "000ff0ff 6e616b65") == 0, "got \"%s\"", got);
	end_group("hex words");
}

/* format_line() as the init calls it, into a buffer of exactly LINE_SIZE bytes. */
static const char *line_text(const char *what, const char *detail, long err)
{
	static char line[LINE_SIZE + 1];
	unsigned long length = format_line(line, what, detail, err);

	CHECK(length <= LINE_SIZE, "a %zu-character detail made a %lu-byte line", strlen(detail),
	      length);
	CHECK(length && line[length - 1] == '\n', "the line does not end in a newline");
	line[length < LINE_SIZE ? length : LINE_SIZE] = '\0';
	return line;
}

static void test_lines(void)
{
	static char word[4096], want[4200];
	char clipped[16];

	CHECK(strcmp(line_text("open ", "/dev/vda", -2), "nakedinit: open /dev/vda: ENOENT (-2)\n") == 0,
	      "got \"%s\"", line_text("open ", "/dev/vda", -2));
	CHECK(strcmp(line_text("exit ", "0", 0), "nakedinit: exit 0\n") == 0, "exit line");

	*put_clipped(clipped, "abcdef", 6) = '\0';
	CHECK(strcmp(clipped, "abcdef") == 0, "6 characters in 6: \"%s\"", clipped);
	*put_clipped(clipped, "abcdefg", 6) = '\0';
	CHECK(strcmp(clipped, "abc...") == 0, "7 characters in 6: \"%s\"", clipped);

	/* A valid disk= word is never cut; anything up to the command line's
	 * 2048 bytes is cut to LINE_DETAIL_MAX with a visible marker. */
	for (size_t length = 0; length < 2100; length++) {
		memset(word, 'a', length);
		word[length] = '\0';
		const char *got = line_text("option ", word, -22);

		if (length <= LINE_DETAIL_MAX)
			snprintf(want, sizeof(want), "nakedinit: option %s: EINVAL (-22)\n", word);
		else
			snprintf(want, sizeof(want), "nakedinit: option %.*s...: EINVAL (-22)\n",
				 LINE_DETAIL_MAX - 3, word);
		CHECK(strcmp(got, want) == 0, "%zu characters: got \"%s\"", length, got);
	}
	CHECK(LINE_DETAIL_MAX >= sizeof("disk=") - 1 + DISK_PATH_MAX, "a valid disk= word is cut");
	memset(word, 'w', 100);
	word[100] = '\0';
	CHECK(strlen(line_text(word, word, -4095)) < LINE_SIZE, "long what and errno");
	CHECK(strlen(line_text(word, word, -(long)(~0UL >> 1))) <= LINE_SIZE, "the longest errno");
	end_group("message lines");
}

static void test_signals(void)
{
	char text[SIGNAL_TEXT_MAX + 1];

	/* Every name is the C library's for that number (sigabbrev_np: without "SIG"),
	 * but 29, which the C library calls POLL and most people IO. */
	for (int sig = 1; sig < 32; sig++) {
		const char *want = sig == 29 ? "IO" : sigabbrev_np(sig);

		*put_signal(text, (unsigned long)sig) = '\0';
		CHECK(strncmp(text, "SIG", 3) == 0 && want && strcmp(text + 3, want) == 0,
		      "signal %d: got \"%s\"", sig, text);
	}
	*put_signal(text, 0) = '\0';
	CHECK(strcmp(text, "signal 0") == 0, "signal 0: got \"%s\"", text);
	*put_signal(text, 34) = '\0';
	CHECK(strcmp(text, "signal 34") == 0, "signal 34: got \"%s\"", text);
	CHECK(put_signal(text, ~0ul) - text <= SIGNAL_TEXT_MAX, "the longest text outgrows SIGNAL_TEXT_MAX");
	*put_decimal(text, 255) = '\0';
	CHECK(strcmp(text, "255") == 0, "put_decimal(255): got \"%s\"", text);
	end_group("signal names");
}

int main(void)
{
	test_errno_names();
	test_signals();
	test_hex();
	test_lines();
	return failures != 0;
}
