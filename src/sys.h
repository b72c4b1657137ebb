/* The kernel interface, as nakedinit uses it.
 *
 * Each sys_* function is a few instructions of assembly in arch/<arch>/syscall.S.
 * It returns what the kernel returned: a result, or a negative errno (-ENOENT...),
 * because there is no C library to turn it into -1 and a global errno.
 *
 * The constants below have the same values in every supported architecture's
 * uapi headers (the generic errno, fcntl, reboot and mount numbering).
 */
#ifndef NAKEDINIT_SYS_H
#define NAKEDINIT_SYS_H

#include <stddef.h>

/* statx(2) fills one layout on every architecture (fstat's struct stat differs
 * between them). Only the fields up to the mode are named here. */
struct statx {
	unsigned int stx_mask, stx_blksize;
	unsigned long long stx_attributes;
	unsigned int stx_nlink, stx_uid, stx_gid;
	unsigned short stx_mode;
	unsigned char stx_rest[226];
};
_Static_assert(sizeof(struct statx) == 256, "the kernel's struct statx is 256 bytes");

long sys_read(int fd, void *buf, size_t count);
long sys_write(int fd, const void *buf, size_t count);
long sys_openat(int dirfd, const char *path, int flags, int mode);
long sys_getpid(void);
long sys_mount(const char *source, const char *target, const char *fstype,
	       unsigned long flags, const void *data);
long sys_reboot(unsigned int magic, unsigned int magic2, unsigned int cmd, void *arg);
long sys_statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf);
long sys_ppoll(void *fds, unsigned long nfds, const void *timeout, const void *sigmask);
_Noreturn void sys_exit_group(int status);

#define AT_FDCWD	(-100)
#define O_RDONLY	0
#define O_NOCTTY	0400	/* a terminal opened by PID 1 stays nobody's controlling tty */
#define O_NONBLOCK	04000	/* open() of a FIFO or terminal returns at once */
#define AT_EMPTY_PATH	0x1000	/* statx() of dirfd itself */
#define STATX_TYPE	1
#define S_IFMT		0170000
#define S_IFBLK		0060000

/* reboot(2) refuses to act unless both magic numbers are passed. */
#define REBOOT_MAGIC1		0xfee1deadu
#define REBOOT_MAGIC2		0x28121969u
#define REBOOT_CMD_POWER_OFF	0x4321fedcu

#define ENOTBLK	15
#define EBUSY	16
#define EINVAL	22

/* The arch/<arch>/start.S entry point hands the initial stack pointer to this:
 * sp[0] is argc, then argv[0..argc-1], NULL, envp[...], NULL. */
_Noreturn void program_start(const long *initial_sp);

#endif
