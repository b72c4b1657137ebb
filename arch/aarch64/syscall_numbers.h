/* SPDX-License-Identifier: MIT */
/* aarch64 system call numbers: the kernel's generic table (include/uapi/asm-generic/unistd.h),
 * which has no open(), only openat(). tests/syscall-numbers.sh checks each against the
 * toolchain's <asm/unistd.h>. */
#define NR_dup3             24
#define NR_fcntl           25
#define NR_ioctl            29
#define NR_mknodat          33
#define NR_mkdirat          34
#define NR_unlinkat        35
#define NR_symlinkat        36
#define NR_mount            40
#define NR_chdir            49
#define NR_fchmodat         53
#define NR_fchownat         54
#define NR_openat           56
#define NR_close            57
#define NR_pipe2            59
#define NR_getdents64       61
#define NR_read             63
#define NR_write            64
#define NR_ppoll            73
#define NR_signalfd4        74
#define NR_splice          76
#define NR_readlinkat       78
#define NR_sync             81
#define NR_fsync            82
#define NR_utimensat        88
#define NR_exit_group       94
#define NR_clock_settime   112
#define NR_kill            129
#define NR_rt_sigprocmask  135
#define NR_reboot          142
#define NR_setpgid        154
#define NR_unshare        97
#define NR_pivot_root     41
#define NR_umount2        39
#define NR_chroot         51
#define NR_personality    92
#define NR_setsid          157
#define NR_sethostname     161
#define NR_getpid          172
#define NR_socket          198
#define NR_clone           220
#define NR_execve          221
#define NR_wait4           260
#define NR_statx           291
