/* aarch64 system call numbers: the kernel's generic table (include/uapi/asm-generic/unistd.h),
 * which has no open(), only openat(). tests/syscall-numbers.sh checks each against the
 * toolchain's <asm/unistd.h>. */
#define NR_mount       40
#define NR_openat      56
#define NR_read        63
#define NR_write       64
#define NR_ppoll       73
#define NR_exit_group  94
#define NR_reboot     142
#define NR_getpid     172
#define NR_statx      291
