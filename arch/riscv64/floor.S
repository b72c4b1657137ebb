/* SPDX-License-Identifier: MIT */
/* riscv64 floor guest for `make bench`: the machine powers off at its first
 * instructions.
 *
 * Booted exactly as our kernel is (virt with OpenSBI, `make print-qemu-cmd`), it
 * measures what no kernel can save: QEMU's start-up, OpenSBI's and QEMU's exit.
 * QEMU loads the raw image where it loads our kernel's Image, 0x80200000, and
 * OpenSBI enters it there in S-mode. The SBI system reset extension (SRST: a7 =
 * 0x53525354, function a6 = 0) with a0 = 0 (shutdown) and a1 = 0 (no reason) powers
 * the machine off: QEMU exits with status 0.
 */
	.text
	.global _start
_start:
	li	a7, 0x53525354		/* extension "SRST" */
	li	a6, 0			/* sbi_system_reset */
	li	a0, 0			/* shutdown */
	li	a1, 0			/* no reason */
	ecall
1:	wfi				/* not reached */
	j	1b

	.section .note.GNU-stack, "", %progbits
