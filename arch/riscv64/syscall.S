/* SPDX-License-Identifier: MIT */
/* riscv64 system call stubs: one tiny function per system call.
 *
 * The psABI passes C arguments in a0..a7, which is exactly where the kernel wants
 * system call arguments (a0..a5); the number goes in a7 and `ecall` enters the
 * kernel. The kernel preserves every register except a0, which returns a value
 * or -errno (-4095..-1), handed to C unchanged. Each stub has its own section
 * so the linker drops the ones a program never calls; each only sets a7 and
 * jumps to the `ecall` they all share (`tail` is a jump the linker relaxes to
 * a 2-byte c.j, since the target is near).
 *
 * docs/abi.md is generated from these lines; each `quoted` part must be code below.
 * @abi System call instruction: `ecall`
 * @abi Number register: a7 (`li a7, \number`)
 * @abi Kernel's argument registers: a0 a1 a2 a3 a4 a5
 * @abi C's argument registers: a0..a7: the same, no moves
 * @abi Result register: a0: a value, or -errno (-4095..-1)
 * @abi Clobbered by the kernel: nothing but a0
 */
#include "syscall_numbers.h"

	.macro	syscall_stub name, number
	.section .text.sys_\name, "ax", %progbits
	.global	sys_\name
	.type	sys_\name, %function
sys_\name:
	li	a7, \number
	tail	enter_kernel
	.size	sys_\name, . - sys_\name
	.endm

	/* Every program writes, so sys_write holds the part all stubs share and
	 * runs straight into it; the other stubs jump there. */
	.section .text.sys_write, "ax", %progbits
	.global	sys_write
	.type	sys_write, %function
sys_write:
	li	a7, NR_write
enter_kernel:
	ecall
	ret
	.size	sys_write, . - sys_write

#include "syscalls.inc"

	.section .note.GNU-stack, "", %progbits
