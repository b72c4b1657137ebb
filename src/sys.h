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

long sys_read(int fd, void *buf, size_t count);
long sys_write(int fd, const void *buf, size_t count);
long sys_openat(int dirfd, const char *path, int flags, int mode);
long sys_close(int fd);
long sys_getpid(void);
long sys_mount(const char *source, const char *target, const char *fstype,
	       unsigned long flags, const void *data);
long sys_reboot(unsigned int magic, unsigned int magic2, unsigned int cmd, void *arg);
long sys_ppoll(void *fds, unsigned long nfds, const void *timeout, const void *sigmask);
_Noreturn void sys_exit_group(int status);

#define AT_FDCWD	(-100)
#define O_RDONLY	0

/* reboot(2) refuses to act unless both magic numbers are passed. */
#define REBOOT_MAGIC1		0xfee1deadu
#define REBOOT_MAGIC2		0x28121969u
#define REBOOT_CMD_POWER_OFF	0x4321fedcu

#define EINTR	4
#define EBUSY	16
#define EINVAL	22

/* The arch/<arch>/start.S entry point hands the initial stack pointer to this:
 * sp[0] is argc, then argv[0..argc-1], NULL, envp[...], NULL. */
_Noreturn void program_start(const long *initial_sp);

#endif
