// SPDX-License-Identifier: MIT
#include <stddef.h>

#include "fmt.h"

char *put_str(char *out, const char *s)
{
	while (*s)
		*out++ = *s++;
	return out;
}

char *put_clipped(char *out, const char *s, unsigned long max)
{
	unsigned long n = 0;

	while (n < max && s[n])
		n++;
	if (s[n])	/* longer than max: keep room for the marker */
		n = max - 3;
	for (unsigned long i = 0; i < n; i++)
		*out++ = s[i];
	return s[n] ? put_str(out, "...") : out;
}

/* Most significant digit first: the recursion reaches it before any is written. */
char *put_decimal(char *out, unsigned long number)
{
	if (number >= 10)
		out = put_decimal(out, number / 10);
	*out++ = (char)('0' + number % 10);
	return out;
}

/* The errors the programs' system calls can meet, execve's among them. Each name
 * follows one byte that holds 0200 + its number (all numbers here are below 128),
 * so a single string is the whole table. The NUL that ends the table is followed by the name used
 * for every other number. (A string literal rather than an array variable,
 * which some ABIs would align to 16 bytes.) */
#define ERRNO_NAMES \
	"\201EPERM" "\202ENOENT" "\205EIO" "\206ENXIO" "\207E2BIG" "\210ENOEXEC" \
	"\214ENOMEM" "\215EACCES" "\217ENOTBLK" "\220EBUSY" "\223ENODEV" "\224ENOTDIR" \
	"\225EISDIR" "\226EINVAL" "\231ENOTTY" "\232ETXTBSY" "\250ELOOP" "\373ENOMEDIUM" \
	"\0errno"

char *put_errno(char *out, long err)
{
	unsigned long number = -(unsigned long)err;
	const char *name = ERRNO_NAMES;

	/* Find the marker byte, or the NUL that ends the table. */
	while (*name && (unsigned char)*name != 0200 + number)
		name++;
	/* The name runs up to the next marker or NUL: bytes that, taken as
	 * signed, are not positive. */
	while ((signed char)*++name > 0)
		*out++ = *name;
	out = put_decimal(put_str(out, " (-"), number);
	*out++ = ')';
	return out;
}

unsigned long format_line(char *line, const char *what, const char *detail, long err)
{
	char *end = put_clipped(put_clipped(put_str(line, LINE_PREFIX), what, LINE_WHAT_MAX),
				detail, LINE_DETAIL_MAX);

	if (err < 0)
		end = put_errno(put_str(end, ": "), err);
	*end++ = '\n';
	return (unsigned long)(end - line);
}

char *put_hex(char *out, const unsigned char *bytes, long count)
{
	for (long i = 0; i < count && i < HEX_LINE_BYTES; i++) {
		if (i && i % 4 == 0)
			*out++ = ' ';
		*out++ = "0123456789abcdef"[bytes[i] >> 4];
		*out++ = "0123456789abcdef"[bytes[i] & 15];
	}
	*out = '\0';
	return out;
}

/* Signal numbers 1..31, in order: the numbering shared by the supported
 * architectures (as sys.h's constants are). */
#define SIGNAL_NAMES "HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM " \
	"TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS"

char *put_signal(char *out, unsigned long sig)
{
	const char *name = SIGNAL_NAMES;

	/* Skip the names of signals 1..sig-1; past the last name, name is "". */
	for (unsigned long n = 1; n < sig && *name; n++) {
		while (*name && *name != ' ')
			name++;
		if (*name)
			name++;
	}
	if (sig == 0 || !*name)
		return put_decimal(put_str(out, "signal "), sig);
	out = put_str(out, "SIG");
	while (*name && *name != ' ')
		*out++ = *name++;
	return out;
}
