// SPDX-License-Identifier: MIT
/* launch: a PID 1 that hosts one program, as `docker run` hosts one in a container.
 *
 * It mounts /dev, /proc and /sys (and what a distribution mounts besides: cgroup
 * v2 with its controllers enabled, mqueue, hugetlbfs), brings the loopback network
 * up, takes the host's time and random bytes, sets the host name, reads what to
 * run from the argument file the kernel command line names after "--"
 * (src/lib/argfile.h; written by tools/nakedinit-run), mounts the folders the host
 * shares, and starts the program in its folder, as a shell starts a command: in a
 * process group of its own, in the session the launcher leads. The word after the
 * argument file's path says what the program's stdin, stdout and stderr are, one
 * letter each: 'p' a pipe, whose bytes the launcher carries to or from the
 * stream's own virtio-serial port (nakedinit.stdin, nakedinit.stdout,
 * nakedinit.stderr: raw bytes, carried to the host's fd as they are), 't' the
 * terminal on hvc0 (a virtconsole), the launcher's controlling terminal, whose
 * foreground process group the program's is. The kernel's console is neither: it
 * is the host's log.
 * That word is "warm" for a warm start (tools/nakedinit-run, README "Warm
 * starts"): the launcher, booted once, says so and waits on the port
 * nakedinit.load, where the host saves the machine; restored for each run, it
 * gets the run's files there instead of in the initrd, and the streams' letters.
 * It reaps every process that ends, orphans included. When the program ends, or
 * its time is up, it runs src/copyout.c where the initrd holds it (-o: /out to
 * the host), then stops whatever is left (SIGTERM, a grace period, SIGKILL),
 * syncs, carries what the pipes still hold, says how the program ended where it
 * must (killed by a signal, out of time), "nakedinit: exit N" on the console, writes N to the port
 * nakedinit.result, which it alone holds (a port opens once at a time), and
 * powers off. The host takes the result from that port only: nothing the
 * program prints can forge it. N follows docker run: the
 * program's exit status; 128 + N when signal N killed it; 127 when it was not
 * found, 126 when it could not be executed; 125 when the launcher itself failed;
 * 124 when its time ran out (README, "Run your own program").
 *
 * Its parts, each a file of src/launch/ (launch.h what they share): ports.c its
 * talk with the host and power-off, mounts.c the filesystems, archive.c a warm
 * start's files, streams.c the streams, run.c the program's run, kept.c a kept
 * guest's runs. This file is the start of it all.
 *
 * PID 1 must never exit (the kernel panics when it does), so every path ends in
 * power_off(). It blocks every signal and learns of ended children from a
 * signalfd: no handlers, no races between a signal and a wait. All state lives on
 * the stack: the linker script allows no writable globals.
 */
#include "launch/launch.h"

_Noreturn void program_start(const long *initial_sp)
{
	/* The kernel's initial stack: argc, argv[argc], NULL, envp[], NULL. */
	const char *const *argv = (const char *const *)initial_sp + 1;
	const char *vector[ARGFILE_VECTOR_SIZE], *kinds;
	/* cppcheck-suppress variableScope ; kinds points into it from the warm start on */
	char warm_kinds[STREAMS + 1];
	char file[ARGFILE_SIZE_MAX + 1];
	struct argfile args;

	if (sys_getpid() != 1) {
		sys_write(2, NOT_PID1, sizeof(NOT_PID1) - 1);
		sys_exit_group(RESULT_LAUNCH_FAILED);
	}
	/* PID 1 leads no process group yet, so it may start a session: it leads
	 * the program's, and the program, a process group in it (run_program). */
	sys_setsid();
	if (initial_sp[0] == 3 && same_text(argv[2], SERVE, sizeof(SERVE)))
		serve_runs(argv[1]);
	mount_filesystems(MOUNTS, 1);
	mount_filesystems(ORDINARY_MOUNTS, 0);
	enable_controllers();
	make_dev_links();
	bring_up_loopback();
	open_stream("result", O_RDWR, RESULT_FD);

	if (initial_sp[0] != 3)
		fail("expected the argument file and the streams after --", "", 0);
	kinds = argv[2];
	if (same_text(kinds, WARM, sizeof(WARM)))
		kinds = load_run(warm_kinds);
	take_time_and_seed();
	set_hostname();
	read_argfile(argv[1], file, vector, &args);
	host_program(kinds, &args, 0);
}
