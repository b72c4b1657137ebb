/* SPDX-License-Identifier: MIT */
/* x86_64 process entry.
 *
 * The kernel enters _start with %rsp pointing at argc, followed by argv[], NULL,
 * envp[], NULL, auxv. No return address is pushed: there is nothing to return to.
 * SysV ABI: the first integer argument goes in %rdi; %rsp must be 16-byte aligned
 * at a call instruction, so the callee sees it 8 bytes off (the return address).
 * The kernel does align it, but the ABI does not promise that at process entry,
 * so we align it ourselves.
 *
 * program_start never returns, so instead of calling it we push a zero return
 * address: the stack looks exactly as after a call, a return would fault at
 * address 0, and a debugger's backtrace ends here. linker.ld places
 * program_start right after _start, so execution simply runs on into it.
 *
 * docs/abi.md is generated from these lines; each `quoted` part must be code below.
 * @abi Stack at entry: %rsp points at argc
 * @abi Stack alignment at entry: 16 bytes as Linux sets it up; `and $-16, %rsp` makes sure
 * @abi How program_start gets the stack: first argument, %rdi: `mov %rsp, %rdi`
 * @abi End of the frame chain: `xor %ebp, %ebp`, then `push %rbp` as a zero return address
 * @abi Global pointer: none
 */
	.section .text.start, "ax", @progbits
	.global _start
	.type _start, @function
_start:
	xor	%ebp, %ebp		/* outermost frame, for debuggers */
	mov	%rsp, %rdi		/* program_start(initial stack pointer) */
	and	$-16, %rsp
	push	%rbp			/* the zero return address */
	/* program_start follows. No instruction names it, so tell the linker
	 * _start needs it; then --gc-sections and -flto keep it. */
	.reloc	., BFD_RELOC_NONE, program_start
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
