/* SPDX-License-Identifier: MIT */
/* aarch64 system call stubs: one tiny function per system call.
 *
 * AAPCS64 passes C arguments in x0..x7, which is exactly where the kernel wants
 * system call arguments; the number goes in x8 and `svc #0` enters the kernel.
 * The kernel preserves every register except x0, which returns a value or
 * -errno (-4095..-1), handed to C unchanged. Each stub has its own section so
 * the linker drops the ones a program never calls; each only sets x8 and
 * branches to the `svc` they all share.
 *
 * docs/abi.md is generated from these lines; each `quoted` part must be code below.
 * @abi System call instruction: `svc #0`
 * @abi Number register: x8 (`mov x8, #\number`)
 * @abi Kernel's argument registers: x0 x1 x2 x3 x4 x5
 * @abi C's argument registers: x0..x7: the same, no moves
 * @abi Result register: x0: a value, or -errno (-4095..-1)
 * @abi Clobbered by the kernel: nothing but x0
 */
#include "syscall_numbers.h"

	.macro	syscall_stub name, number
	.section .text.sys_\name, "ax", %progbits
	.global	sys_\name
	.type	sys_\name, %function
sys_\name:
	mov	x8, #\number
	b	enter_kernel
	.size	sys_\name, . - sys_\name
	.endm

	/* Every program writes, so sys_write holds the part all stubs share and
	 * runs straight into it; the other stubs jump there. */
	.section .text.sys_write, "ax", %progbits
	.global	sys_write
	.type	sys_write, %function
sys_write:
	mov	x8, #NR_write
enter_kernel:
	svc	#0
	ret
	.size	sys_write, . - sys_write

#include "syscalls.inc"

	.section .note.GNU-stack, "", %progbits
