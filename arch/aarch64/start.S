/* SPDX-License-Identifier: MIT */
/* aarch64 process entry.
 *
 * The kernel enters _start with sp pointing at argc, followed by argv[], NULL,
 * envp[], NULL, auxv. AAPCS64: the first argument goes in x0, x29 is the frame
 * pointer and x30 the link register; sp must be 16-byte aligned whenever it is
 * used to access memory, or the CPU may fault. The kernel hands it over aligned,
 * but we align it before any C runs rather than rely on that.
 *
 * Linux starts a new program with every general register zero (start_thread()
 * clears them), so x29 and x30 already hold 0: the frame chain ends here, and
 * if program_start ever returned it would jump to address 0 and fault. So no
 * `bl` is needed: linker.ld places program_start right after _start, and
 * execution simply runs on into it.
 *
 * docs/abi.md is generated from these lines; each `quoted` part must be code below.
 * @abi Stack at entry: sp points at argc
 * @abi Stack alignment at entry: 16 bytes as Linux sets it up; `and sp, x0, #~15` makes sure
 * @abi How program_start gets the stack: first argument, x0: `mov x0, sp`
 * @abi End of the frame chain: x29 = x30 = 0, as Linux starts every register at zero
 * @abi Global pointer: none
 */
	.section .text.start, "ax", %progbits
	.global _start
	.type _start, %function
_start:
	mov	x0, sp			/* program_start(initial stack pointer) */
	and	sp, x0, #~15
	/* program_start follows. No instruction names it, so tell the linker
	 * _start needs it; then --gc-sections and -flto keep it. */
	.reloc	., BFD_RELOC_NONE, program_start
	.size _start, . - _start

	.section .note.GNU-stack, "", %progbits
