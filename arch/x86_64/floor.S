/* SPDX-License-Identifier: MIT */
/* x86_64 floor guest for `make bench`: the machine ends at its first instructions.
 *
 * Booted exactly as our kernel is (microvm + qboot, `make print-qemu-cmd`), it
 * measures what no kernel can save: QEMU's start-up, the firmware and QEMU's exit.
 * qboot starts an ELF that carries a PVH note (type 18, XEN_ELFNOTE_PHYS32_ENTRY,
 * owner "Xen": the 32-bit physical entry address, a .quad as vmlinux has it) in
 * 32-bit protected mode, paging off. There we load an IDT of limit 0 and raise an
 * exception: its vector lies beyond the limit, so does the double fault's: a triple
 * fault, which resets the machine, and QEMU's -no-reboot makes that reset an exit
 * (status 0).
 */
	.section .note.Xen, "a", @note
	.balign 4
	.long	4, 8, 18		/* name size, descriptor size, type */
	.asciz	"Xen"
	.quad	_start
	.balign 4

	.text
	.code32
	.global _start
_start:
	lidt	empty_idt
	ud2
empty_idt:
	.word	0			/* limit */
	.long	0			/* base */

	.section .note.GNU-stack, "", @progbits
