/* x86_64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl).
 * tests/syscall-numbers.sh checks each against the toolchain's <asm/unistd.h>. */
#define NR_read        0
#define NR_write       1
#define NR_getpid     39
#define NR_mount     165
#define NR_reboot    169
#define NR_exit_group 231
#define NR_openat    257
#define NR_ppoll     271
#define NR_statx     332
