// SPDX-License-Identifier: MIT
/* A trace of the system calls the init makes, for docs/boot.md only.
 *
 * docs/docs.mk links a copy of the init with this file and ld's --wrap=sys_NAME for
 * each call below: the init's calls to sys_NAME then reach __wrap_sys_NAME, which
 * makes the call (__real_sys_NAME, the arch/<arch>/syscall.S stub) and prints it
 * on the console, strace-style, after the call's own output:
 *   trace: openat(-100, "/dev/vda", 0x900, 0) = 3
 * Numbers are as the kernel sees them (flags in hex, modes in octal), a negative
 * result is named as the init names it. reboot is printed before it is made, since
 * for PID 1 it does not return. ld reserves the __wrap_ and __real_ names for this.
 */
#include "lib/fmt.h"
#include "sys.h"

#define TRACE_LINE_SIZE	160
#define TRACE_STRING_MAX 48

long __real_sys_getpid(void);
long __real_sys_write(int fd, const void *buf, size_t count);
long __real_sys_mount(const char *source, const char *target, const char *fstype,
		      unsigned long flags, const void *data);
long __real_sys_openat(int dirfd, const char *path, int flags, int mode);
long __real_sys_statx(int dirfd, const char *path, int flags, unsigned int mask,
		      struct statx *buf);
long __real_sys_read(int fd, void *buf, size_t count);
long __real_sys_reboot(unsigned int magic, unsigned int magic2, unsigned int cmd, void *arg);

static char *put_number(char *out, unsigned long value, unsigned int base, const char *prefix)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value);
	out = put_str(out, prefix);
	while (n)
		*out++ = digits[--n];
	return out;
}

static char *put_signed(char *out, long value)
{
	if (value < 0) {
		*out++ = '-';
		return put_decimal(out, 0ul - (unsigned long)value);
	}
	return put_decimal(out, (unsigned long)value);
}

/* At most count bytes of s (up to a NUL when count is -1), quoted, a newline as \n,
 * other bytes outside printable ASCII as ".", clipped with "..." after
 * TRACE_STRING_MAX of them. */
static char *put_quoted(char *out, const char *s, long count)
{
	long i;

	*out++ = '"';
	for (i = 0; (count < 0 ? s[i] != '\0' : i < count) && i < TRACE_STRING_MAX; i++) {
		if (s[i] == '\n')
			out = put_str(out, "\\n");
		else if (s[i] >= ' ' && s[i] <= '~')
			*out++ = s[i];
		else
			*out++ = '.';
	}
	*out++ = '"';
	return (count < 0 ? s[i] != '\0' : i < count) ? put_str(out, "...") : out;
}

static char *put_args_end(char *out, long result)
{
	out = put_str(out, ") = ");
	return result < 0 ? put_errno(out, result) : put_signed(out, result);
}

static void emit(char *line, char *end)
{
	*end++ = '\n';
	__real_sys_write(1, line, (size_t)(end - line));
}

long __wrap_sys_getpid(void)
{
	char line[TRACE_LINE_SIZE];
	long result = __real_sys_getpid();

	emit(line, put_args_end(put_str(line, "trace: getpid("), result));
	return result;
}

long __wrap_sys_write(int fd, const void *buf, size_t count)
{
	char line[TRACE_LINE_SIZE], *end;
	long result = __real_sys_write(fd, buf, count);

	end = put_str(put_signed(put_str(line, "trace: write("), fd), ", ");
	end = put_str(put_quoted(end, buf, (long)count), ", ");
	emit(line, put_args_end(put_decimal(end, count), result));
	return result;
}

long __wrap_sys_mount(const char *source, const char *target, const char *fstype,
		      unsigned long flags, const void *data)
{
	char line[TRACE_LINE_SIZE], *end;
	long result = __real_sys_mount(source, target, fstype, flags, data);

	end = put_str(put_quoted(put_str(line, "trace: mount("), source, -1), ", ");
	end = put_str(put_quoted(end, target, -1), ", ");
	end = put_str(put_quoted(end, fstype, -1), ", ");
	end = put_str(put_number(end, flags, 16, "0x"), data ? ", data" : ", NULL");
	emit(line, put_args_end(end, result));
	return result;
}

long __wrap_sys_openat(int dirfd, const char *path, int flags, int mode)
{
	char line[TRACE_LINE_SIZE], *end;
	long result = __real_sys_openat(dirfd, path, flags, mode);

	end = put_str(put_signed(put_str(line, "trace: openat("), dirfd), ", ");
	end = put_str(put_quoted(end, path, -1), ", ");
	end = put_str(put_number(end, (unsigned int)flags, 16, "0x"), ", ");
	emit(line, put_args_end(put_number(end, (unsigned int)mode, 8, mode ? "0" : ""), result));
	return result;
}

long __wrap_sys_statx(int dirfd, const char *path, int flags, unsigned int mask,
		      struct statx *buf)
{
	char line[TRACE_LINE_SIZE], *end;
	long result = __real_sys_statx(dirfd, path, flags, mask, buf);

	end = put_str(put_signed(put_str(line, "trace: statx("), dirfd), ", ");
	end = put_str(put_quoted(end, path, -1), ", ");
	end = put_str(put_number(end, (unsigned int)flags, 16, "0x"), ", ");
	end = put_str(put_number(end, mask, 16, "0x"), ", {stx_mode=");
	end = put_str(put_number(end, result < 0 ? 0 : buf->stx_mode, 8, "0"), "}");
	emit(line, put_args_end(end, result));
	return result;
}

long __wrap_sys_read(int fd, void *buf, size_t count)
{
	char line[TRACE_LINE_SIZE], *end;
	long result = __real_sys_read(fd, buf, count);

	end = put_str(put_signed(put_str(line, "trace: read("), fd), ", ");
	end = put_str(put_quoted(end, buf, result < 0 ? 0 : result), ", ");
	emit(line, put_args_end(put_decimal(end, count), result));
	return result;
}

long __wrap_sys_reboot(unsigned int magic, unsigned int magic2, unsigned int cmd, void *arg)
{
	char line[TRACE_LINE_SIZE], *end;

	end = put_str(put_number(put_str(line, "trace: reboot("), magic, 16, "0x"), ", ");
	end = put_str(put_number(end, magic2, 16, "0x"), ", ");
	end = put_str(put_number(end, cmd, 16, "0x"), arg ? ", arg)" : ", NULL)");
	emit(line, put_str(end, " ... (the machine powers off)"));
	return __real_sys_reboot(magic, magic2, cmd, arg);
}
