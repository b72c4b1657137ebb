/* SPDX-License-Identifier: MIT */
/* riscv64 process entry.
 *
 * The kernel enters _start with sp pointing at argc, followed by argv[], NULL,
 * envp[], NULL, auxv. LP64 psABI: the first argument goes in a0, the return
 * address in ra, and sp is 16-byte aligned on entry to every function; Linux
 * starts a process with sp aligned that way too. Unlike on x86_64 and aarch64
 * we rely on that guarantee rather than spend an instruction on it.
 *
 * gp, the global pointer, is the program's to set: the linker may relax
 * accesses near __global_pointer$ into one gp-relative instruction, so gp must
 * hold that address before any C runs. Loading gp itself must not be relaxed
 * (it would become "gp = gp + offset"), hence norelax around it.
 *
 * program_start never returns. linker.ld places it right after _start, so
 * execution simply runs on into it, with ra = 0: a return would fault at
 * address 0, and a debugger's backtrace ends here.
 *
 * docs/abi.md is generated from these lines; each `quoted` part must be code below.
 * @abi Stack at entry: sp points at argc
 * @abi Stack alignment at entry: 16 bytes, which the psABI promises: _start relies on it
 * @abi How program_start gets the stack: first argument, a0: `mv a0, sp`
 * @abi End of the frame chain: `li ra, 0`
 * @abi Global pointer: gp, set before any C runs: `lla gp, __global_pointer$`
 */
	.section .text.start, "ax", %progbits
	.global _start
	.type _start, %function
_start:
	.option push
	.option norelax
	lla	gp, __global_pointer$
	.option pop
	mv	a0, sp			/* program_start(initial stack pointer) */
	li	ra, 0
	/* program_start follows. No instruction names it, so tell the linker
	 * _start needs it; then --gc-sections and -flto keep it. */
	.reloc	., BFD_RELOC_NONE, program_start
	.size _start, . - _start

	.section .note.GNU-stack, "", %progbits
