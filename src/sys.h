/* SPDX-License-Identifier: MIT */
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
 * between them). Only the fields nakedinit reads are named here. */
struct statx {
	unsigned int stx_mask, stx_blksize;
	unsigned long long stx_attributes;
	unsigned int stx_nlink, stx_uid, stx_gid;
	unsigned short stx_mode, stx_spare;
	unsigned long long stx_ino, stx_size;
	unsigned char stx_blocks_to_rdev[88];	/* blocks, attributes mask, times, rdev */
	unsigned int stx_dev_major, stx_dev_minor;
	unsigned char stx_rest[112];
};
_Static_assert(sizeof(struct statx) == 256, "the kernel's struct statx is 256 bytes");
_Static_assert(offsetof(struct statx, stx_dev_major) == 136, "as the kernel lays it out");

/* long is 64 bits on every supported architecture, as the kernel's timespec is. */
struct timespec {
	long tv_sec, tv_nsec;
};

struct pollfd {
	int fd;
	short events, revents;
};
#define POLLIN	1
#define POLLOUT	4
#define POLLERR	8
#define POLLHUP	16

/* What read(2) of a signalfd gives per signal; only the number is read here. */
struct signalfd_siginfo {
	unsigned int ssi_signo;
	unsigned char ssi_rest[124];
};
_Static_assert(sizeof(struct signalfd_siginfo) == 128, "the kernel's is 128 bytes");

long sys_read(int fd, void *buf, size_t count);
long sys_write(int fd, const void *buf, size_t count);
long sys_openat(int dirfd, const char *path, int flags, int mode);
long sys_getpid(void);
long sys_mount(const char *source, const char *target, const char *fstype,
	       unsigned long flags, const void *data);
long sys_reboot(unsigned int magic, unsigned int magic2, unsigned int cmd, void *arg);
long sys_statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf);
/* The raw ppoll(2) writes the time left back into *timeout (the C library's
 * wrapper hides that): a loop passing the same timespec counts down one deadline. */
long sys_ppoll(struct pollfd *fds, unsigned long nfds, struct timespec *timeout,
	       const void *sigmask);
_Noreturn void sys_exit_group(int status);
long sys_close(int fd);
long sys_ioctl(int fd, unsigned long request, unsigned long arg);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_pipe2(int fds[2], int flags);
/* clone(2)'s fourth and fifth arguments are the TLS and child TID pointers in an
 * order that differs between architectures; a fork passes 0 for both. */
long sys_clone(unsigned long flags, void *stack, int *parent_tid, void *arg4, void *arg5);
long sys_execve(const char *path, const char *const argv[], const char *const envp[]);
long sys_wait4(int pid, int *status, int options, void *rusage);
long sys_kill(int pid, int sig);
long sys_setsid(void);
long sys_sync(void);
long sys_rt_sigprocmask(int how, const unsigned long *set, unsigned long *old,
			size_t sigset_size);
long sys_signalfd4(int fd, const unsigned long *mask, size_t sigset_size, int flags);
/* Fills buf with struct linux_dirent64 records; returns their total size, 0 at the end. */
long sys_getdents64(int fd, void *buf, size_t size);
/* Returns the target's length; no NUL is added. */
long sys_readlinkat(int dirfd, const char *path, char *buf, size_t size);
long sys_fsync(int fd);
long sys_socket(int domain, int type, int protocol);
long sys_mkdirat(int dirfd, const char *path, int mode);
long sys_symlinkat(const char *target, int dirfd, const char *path);
long sys_chdir(const char *path);
long sys_sethostname(const char *name, size_t length);
long sys_mknodat(int dirfd, const char *path, unsigned int mode, unsigned int dev);
long sys_fchownat(int dirfd, const char *path, unsigned int uid, unsigned int gid, int flags);
long sys_fchmodat(int dirfd, const char *path, unsigned int mode);
long sys_utimensat(int dirfd, const char *path, const struct timespec times[2], int flags);
long sys_clock_settime(int clock, const struct timespec *time);
long sys_setpgid(int pid, int pgid);
long sys_fcntl(int fd, unsigned int cmd, unsigned long arg);
long sys_unlinkat(int dirfd, const char *path, int flags);
long sys_splice(int fd_in, long long *off_in, int fd_out, long long *off_out, size_t length,
		unsigned int flags);
#define SPLICE_F_NONBLOCK	2
long sys_unshare(unsigned long flags);
long sys_pivot_root(const char *new_root, const char *put_old);
long sys_umount2(const char *target, int flags);
long sys_chroot(const char *path);
/* The process's execution domain and its flags, inherited through fork and execve. */
long sys_personality(unsigned long persona);
#define ADDR_NO_RANDOMIZE	0x0040000	/* setarch -R: no address randomization */
/* Namespaces (clone(2), unshare(2)): a kept guest's run gets one of each. */
#define CLONE_NEWNS	0x00020000
#define CLONE_NEWCGROUP	0x02000000
#define CLONE_NEWUTS	0x04000000
#define CLONE_NEWIPC	0x08000000
#define CLONE_NEWUSER	0x10000000
#define CLONE_NEWPID	0x20000000
#define CLONE_NEWNET	0x40000000
#define MNT_DETACH	2
#define F_GETFD		1
#define F_GETFL		3
#define F_SETFL		4
#define AT_REMOVEDIR	0x200	/* unlinkat() of a folder */
/* The kernel's dev_t for mknodat: 12 bits of major, 20 of minor, in the
 * encoding of its new_decode_dev(). */
#define MAKE_DEV(major, minor)	(((minor) & 0xff) | ((major) << 8) | (((minor) & ~0xffu) << 12))
#define CLOCK_REALTIME	0
/* /dev/urandom's ioctls (linux/random.h): RNDADDENTROPY mixes in bytes and counts
 * their bits as entropy; RNDRESEEDCRNG makes the generator take them now. */
struct rand_pool_info {
	int entropy_count;	/* bits */
	int buf_size;		/* bytes */
	unsigned int buf[8];
};
#define RNDADDENTROPY	0x40085203	/* _IOW('R', 3, int[2]) */
#define RNDRESEEDCRNG	0x5207		/* _IO('R', 7) */

/* What the SIOCGIFFLAGS and SIOCSIFFLAGS ioctls read and write: a network device's
 * name and flags, in the kernel's 40-byte struct ifreq. */
struct ifreq {
	char ifr_name[16];
	short ifr_flags;
	unsigned char ifr_rest[22];
};
_Static_assert(sizeof(struct ifreq) == 40, "the kernel's struct ifreq is 40 bytes");
#define AF_UNIX		1
#define SOCK_DGRAM	2
#define SIOCGIFFLAGS	0x8913
#define SIOCSIFFLAGS	0x8914
#define IFF_UP		1

/* What getdents64(2) gives per entry: d_reclen bytes, the name NUL-ended. */
struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define AT_FDCWD	(-100)
#define NAME_MAX	255	/* a file name's bytes, without the NUL */
#define O_RDONLY	0
#define O_WRONLY	1
#define O_RDWR		2
#define O_CLOEXEC	02000000
#define O_NOCTTY	0400	/* a terminal opened by PID 1 stays nobody's controlling tty */
#define O_NONBLOCK	04000	/* open() of a FIFO or terminal returns at once */
#define O_CREAT		0100
#define O_EXCL		0200	/* with O_CREAT: fail if it exists, a symbolic link included */
#define AT_EMPTY_PATH	0x1000	/* statx() of dirfd itself */
#define AT_SYMLINK_NOFOLLOW	0x100
#define STATX_TYPE	1
#define STATX_MODE	2
#define STATX_BASIC_STATS	0x7ff
#define S_IFMT		0170000
#define S_IFBLK		0060000
#define S_IFCHR		0020000
#define S_IFREG		0100000
#define S_IFDIR		0040000
#define S_IFLNK		0120000
#define S_IWUSR		0200
#define PATH_MAX	4096	/* a path's bytes, with the NUL */
/* mount(2) flags */
#define MS_RDONLY	1
#define MS_NOSUID	2
#define MS_NODEV	4
#define MS_NOEXEC	8
#define MS_REMOUNT	32
#define MS_BIND		4096
#define MS_MOVE		8192
#define MS_REC		16384
#define MS_PRIVATE	(1 << 18)

/* reboot(2) refuses to act unless both magic numbers are passed. */
#define REBOOT_MAGIC1		0xfee1deadu
#define REBOOT_MAGIC2		0x28121969u
#define REBOOT_CMD_POWER_OFF	0x4321fedcu

#define ENOENT	2
#define EINTR	4
#define EIO	5
#define ENXIO	6
#define ECHILD	10
#define EAGAIN	11
#define ENOTBLK	15
#define EBUSY	16
#define EEXIST	17
#define ENODEV	19
#define ENOTDIR	20
#define EINVAL	22
#define ENOSPC	28
#define EPIPE	32
#define ENAMETOOLONG	36
#define ENODATA	61

/* Signals, and the calls that block and wait for them. The kernel's sigset is
 * 64 bits (_NSIG / 8 bytes) on these architectures: one unsigned long. */
#define SIGKILL		9
#define SIGTERM		15
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIG_SETMASK	2
#define SIGSET_SIZE	sizeof(unsigned long)
#define SIGNAL_BIT(sig)	(1ul << ((sig) - 1))
#define SFD_NONBLOCK	O_NONBLOCK
#define SFD_CLOEXEC	O_CLOEXEC

#define WNOHANG		1
/* ioctl: make this terminal the caller's controlling terminal (the caller must
 * lead a session without one); 0: do not steal it from another session. */
#define TIOCSCTTY	0x540e
/* ioctl: make this process group the terminal's foreground one, which its Ctrl-C
 * reaches (the caller must be in the terminal's session). */
#define TIOCSPGRP	0x5410

/* The arch/<arch>/start.S entry point hands the initial stack pointer to this:
 * sp[0] is argc, then argv[0..argc-1], NULL, envp[...], NULL. */
_Noreturn void program_start(const long *initial_sp);

#endif
