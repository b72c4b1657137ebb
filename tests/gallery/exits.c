// SPDX-License-Identifier: MIT
/* exits: a PID 1 that does what PID 1 must never do, for the failure gallery
 * (tests/gallery/gallery.sh, case "exits"). It says so, then exits; the kernel
 * then panics with "Attempted to kill init!". */
#include "../../src/sys.h"

#define LINE "nakedinit-gallery: exits: returning from PID 1 on purpose\n"

_Noreturn void program_start(const long *initial_sp)
{
	(void)initial_sp;
	sys_write(1, LINE, sizeof(LINE) - 1);
	sys_exit_group(0);
}
