/* SPDX-License-Identifier: MIT */
/* The C library layer the baselines are written against: glibc or musl (POSIX
 * headers), or the kernel's nolibc (tools/include/nolibc, built with
 * -DBASELINE_NOLIBC -I<that directory>, as the kernel's own selftests do).
 * Everything else in the baselines is plain C shared by all three. */
#ifndef BASELINE_LIBC_H
#define BASELINE_LIBC_H

#ifdef BASELINE_NOLIBC
#include <nolibc.h>		/* one header: syscalls, errno, startup code */
#define POWER_OFF LINUX_REBOOT_CMD_POWER_OFF
#else
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>
#define POWER_OFF RB_POWER_OFF
#endif

#endif
