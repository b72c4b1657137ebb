// SPDX-License-Identifier: MIT
/* hello: the smallest useful PID 1. Say one line, then power the machine off. */
#include "sys.h"

#define GREETING "nakedinit: hello from " NAKEDINIT_ARCH "\n"

_Noreturn void program_start(const long *initial_sp)
{
	(void)initial_sp;
	sys_write(1, GREETING, sizeof(GREETING) - 1);
	sys_reboot(REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_POWER_OFF, NULL);
	/* PID 1 must never exit: the kernel panics if it does. */
	for (;;)
		sys_ppoll(NULL, 0, NULL, NULL);
}
