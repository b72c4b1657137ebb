/* SPDX-License-Identifier: MIT */
/* aarch64 floor guest for `make bench`: the machine powers off at its first
 * instructions.
 *
 * Booted exactly as our kernel is (virt, no firmware, `make print-qemu-cmd`), it
 * measures what no kernel can save: QEMU's start-up, its loading of the image and
 * its exit. It is a raw image with the arm64 Image header (the kernel's
 * Documentation/arm64/booting.rst), so QEMU loads it as it loads our kernel's Image
 * and enters it at its first byte, at EL1. There, PSCI SYSTEM_OFF (function
 * 0x84000008 in w0) through `hvc #0`, the conduit QEMU's virt machine gives a guest
 * without EL2, powers the machine off: QEMU exits with status 0.
 */
	.text
	.global _start
_start:
	b	power_off		/* code0: the entry */
	.long	0			/* code1 */
	.quad	0			/* text_offset from a 2 MiB boundary */
	.quad	image_end - _start	/* image_size: non-zero, so text_offset counts */
	.quad	0			/* flags: little-endian */
	.quad	0, 0, 0			/* reserved */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* reserved (PE header offset) */
power_off:
	mov	w0, #0x0008
	movk	w0, #0x8400, lsl #16	/* PSCI_0_2_FN_SYSTEM_OFF */
	hvc	#0
	b	.			/* not reached */
image_end:

	.section .note.GNU-stack, "", %progbits
