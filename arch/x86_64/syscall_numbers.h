/* SPDX-License-Identifier: MIT */
/* x86_64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl).
 * tests/syscall-numbers.sh checks each against the toolchain's <asm/unistd.h>. */
#define NR_read              0
#define NR_write             1
#define NR_close             3
#define NR_rt_sigprocmask   14
#define NR_ioctl            16
#define NR_getpid           39
#define NR_socket           41
#define NR_clone            56
#define NR_execve           59
#define NR_wait4            61
#define NR_kill             62
#define NR_fsync            74
#define NR_chdir            80
#define NR_setsid          112
#define NR_sync            162
#define NR_mount           165
#define NR_reboot          169
#define NR_sethostname     170
#define NR_getdents64      217
#define NR_clock_settime   227
#define NR_exit_group      231
#define NR_openat          257
#define NR_mkdirat         258
#define NR_mknodat         259
#define NR_fchownat        260
#define NR_symlinkat       266
#define NR_readlinkat      267
#define NR_fchmodat        268
#define NR_ppoll           271
#define NR_utimensat       280
#define NR_signalfd4       289
#define NR_dup3            292
#define NR_pipe2           293
#define NR_statx           332
