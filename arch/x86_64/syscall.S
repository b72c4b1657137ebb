/* SPDX-License-Identifier: MIT */
/* x86_64 system call stubs: one tiny function per system call.
 *
 * C calls them with the SysV ABI: arguments in %rdi %rsi %rdx %rcx %r8 %r9.
 * The kernel wants the number in %rax and arguments in %rdi %rsi %rdx %r10 %r8 %r9:
 * the fourth moves from %rcx to %r10 because the `syscall` instruction itself
 * overwrites %rcx (return address) and %r11 (saved flags). Both are
 * caller-saved in the ABI, so nothing else needs saving. The result comes back
 * in %rax: a value, or -errno (-4095..-1) on failure, returned to C unchanged.
 * Each stub has its own section so the linker drops the ones a program never calls.
 *
 * docs/abi.md is generated from these lines; each `quoted` part must be code below.
 * @abi System call instruction: `syscall`
 * @abi Number register: %rax (`mov $\number, %eax`, which also zeroes the upper half)
 * @abi Kernel's argument registers: %rdi %rsi %rdx %r10 %r8 %r9
 * @abi C's argument registers: %rdi %rsi %rdx %rcx %r8 %r9: one move, `mov %rcx, %r10`
 * @abi Result register: %rax: a value, or -errno (-4095..-1)
 * @abi Clobbered by the kernel: %rcx (the return address) and %r11 (the flags)
 */
#include "syscall_numbers.h"

	.macro	syscall_stub name, number
	.section .text.sys_\name, "ax", @progbits
	.global	sys_\name
	.type	sys_\name, @function
sys_\name:
	mov	$\number, %eax
	jmp	enter_kernel
	.size	sys_\name, . - sys_\name
	.endm

	/* Every program writes, so sys_write holds the part all stubs share and
	 * runs straight into it; the other stubs jump there. */
	.section .text.sys_write, "ax", @progbits
	.global	sys_write
	.type	sys_write, @function
sys_write:
	mov	$NR_write, %eax
enter_kernel:
	mov	%rcx, %r10
	syscall
	ret
	.size	sys_write, . - sys_write

#include "syscalls.inc"

	.section .note.GNU-stack, "", @progbits
