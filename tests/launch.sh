#!/bin/bash
# SPDX-License-Identifier: MIT
# Launcher tests for $ARCH (run by tests/check.sh): tools/nakedinit-run boots the
# launcher (src/launch.c) on the programs' kernel, hosting tests/launch/probe.c, a
# C program linked statically with glibc; each test checks the result (nakedinit-run's
# exit status) and what the guest printed. Logs: $O/tests/$ARCH/launch/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
TEST_GROUP="$ARCH: launch"
logs=$O/tests/$ARCH/launch
mkdir -p "$logs"
run=$top/tools/nakedinit-run

programs_ready || exit 0

for status in 0 1 42 255; do
	launch_ok "exit-$status" "$status" "a program's exit status $status is the result" \
		"^nakedinit: exit $status$" -- "$probe" exit "$status"
done
launch_ok segv 139 "a program killed by SIGSEGV gives 139, naming the signal" \
	"^nakedinit: killed by SIGSEGV$" "^nakedinit: exit 139$" -- "$probe" segv
launch_ok killself 137 "a program that SIGKILLs itself gives 137" \
	"^nakedinit: killed by SIGKILL$" "^nakedinit: exit 137$" -- "$probe" killself
launch_ok missing 127 "a program missing from the guest gives 127 (ENOENT)" \
	"^nakedinit: execve /nonexistent/prog: ENOENT \(-2\)$" "^nakedinit: exit 127$" -- -F -a "$ARCH" /nonexistent/prog
# Its line goes to the program's stderr, and not to its stdout.
"$run" -F -a "$ARCH" /nonexistent/prog > "$logs/missing.stdout" 2> "$logs/missing.stderr" < /dev/null
got=$?
if expect_status missing-streams 127 "$got" "$logs/missing.stderr"; then
	if [ ! -s "$logs/missing.stdout" ] &&
		grep -qxF "nakedinit: execve /nonexistent/prog: ENOENT (-2)" "$logs/missing.stderr"; then
		pass "the launcher's line why it could not run the program: on stderr, not on stdout"
	else
		fail missing-streams "see $logs/missing.stdout, $logs/missing.stderr"
	fi
fi
other=$(other_arch)
if m ARCH="$other" programs > "$logs/other.build.log" 2>&1; then
	launch_ok other-arch 126 "a program for another architecture ($other), packed with -F, gives 126 (ENOEXEC)" \
		"^nakedinit: execve /([^ ]*/)?hello: ENOEXEC \(-8\)$" "^nakedinit: exit 126$" -- -F -a "$ARCH" "$O/$other/hello"
else
	fail other-arch "make ARCH=$other programs failed (see $logs/other.build.log)"
fi

# Arguments that a command line would mangle, then 300 more.
args=("a b" "'single'" '"double"' "" $'line\nbreak' "  lead and trail  " '$HOME;*')
for i in $(seq 1 300); do
	args+=("arg$i")
done
{
	echo "argc: $((${#args[@]} + 2))"
	for i in "${!args[@]}"; do
		printf 'arg %d:%s\n' "$i" "$(printf '%s' "${args[$i]}" | od -An -v -tx1 | tr -s ' \n' '  ' | sed 's/ *$//')"
	done
} > "$logs/args.want"
if launch args 0 "$probe" args "${args[@]}"; then
	if diff "$logs/args.want" <(grep -E '^arg' "$logs/args.log") > "$logs/args.diff"; then
		pass "arguments arrive byte for byte: spaces, quotes, an empty one, a newline, 300 more"
	else
		fail args "the arguments the program saw differ (see $logs/args.diff)"
	fi
fi

# The defaults, HOME replaced, one more; nothing of the launcher's own (its kernel
# command line words).
if launch env 0 -e 'GREETING=hello world' -e HOME=/root "$probe" env; then
	printf 'env: %s\n' PATH=/bin:/sbin:/usr/bin:/usr/sbin TERM=linux 'GREETING=hello world' HOME=/root \
		> "$logs/env.want"
	if diff "$logs/env.want" <(grep '^env: ' "$logs/env.log") > "$logs/env.diff"; then
		pass "the environment is PATH, HOME, TERM and what -e adds, nothing else"
	else
		fail env "the environment differs (see $logs/env.diff)"
	fi
fi

launch_ok system 0 "/proc, /sys, a writable /tmp and /run, a process group of its own (not a session)" \
	"^/proc/self/status: ok" "^/sys/class/tty/console/active: ok" "^writable /tmp: ok" \
	"^a process group of its own: ok" -- "$probe" system
launch_ok ordinary 0 "an ordinary Linux: the host name, /dev/fd and /dev/std* links, a pseudo-terminal, shm_open" \
	"^hostname: nakedinit$" "^/dev/fd: ok" "^/dev/stdin, /dev/stdout, /dev/stderr: ok" \
	"^a pseudo-terminal: ok" "^shm_open: ok" -- "$probe" ordinary
launch_ok threads 0 "threads: pthread_create and pthread_join" "^4 threads started, joined, summed: ok" \
	-- "$probe" threads

# What the program leaves behind sleeps 60 s: the launcher must end well before.
start=$SECONDS
launch orphan 7 "$probe" orphan &&
	expect_output orphan "$logs/orphan.log" "^orphan: left a grandchild" "^nakedinit: exit 7$" &&
	expect_no_output orphan "$logs/orphan.log" "still here" &&
	if [ $((SECONDS - start)) -lt 30 ]; then
		pass "an orphaned grandchild does not hold the launcher: the program's status comes back"
	else
		fail orphan "took $((SECONDS - start)) s: the grandchild held it"
	fi
start=$SECONDS
launch stubborn 0 "$probe" stubborn &&
	expect_output stubborn "$logs/stubborn.log" "stubborn: ignoring SIGTERM" "^nakedinit: exit 0$" &&
	if [ $((SECONDS - start)) -lt 30 ]; then
		pass "a child that ignores SIGTERM is killed after the grace period"
	else
		fail stubborn "took $((SECONDS - start)) s: the child held it"
	fi
launch_ok timeout 124 "-t 2 stops a program that runs longer: 124" \
	"^nakedinit: timeout after 2 s" "^nakedinit: exit 124$" -- -t 2 "$probe" sleep 60

# Warm starts (the default): every run restored from the one guest saved, waiting
# for its program. Each must be a fresh guest: random bytes of its own, this host's
# time, nothing another run left in / or /tmp; --cold boots instead.
fresh() { sed -n "s/^$2: //p" "$logs/$1.log"; }
warm_start=$(m print-var-QEMU_WARM_START)
# (-t: a guest whose timers were lost would never end its sleep.)
if launch fresh-1 0 -t 60 "$probe" fresh && launch fresh-2 0 -t 60 "$probe" fresh &&
	launch fresh-cold 0 -t 60 --cold "$probe" fresh; then
	now=$(date +%s) bad=''
	for name in fresh-1 fresh-2 fresh-cold; do
		[ "$(fresh "$name" left)" = no ] || bad+=" $name found what an earlier run left;"
		[ "$(fresh "$name" slept)" = ok ] || bad+=" $name's sleep did not end;"
		[[ $(fresh "$name" random) =~ ^[0-9a-f]{32}$ ]] || bad+=" $name has no random bytes;"
		time=$(fresh "$name" time)
		[[ $time =~ ^[0-9]+$ ]] && [ $((now - time)) -le 10 ] && [ $((time - now)) -le 1 ] ||
			bad+=" $name's clock says $time, this host's $now;"
	done
	[ "$(fresh fresh-1 random)" != "$(fresh fresh-2 random)" ] || bad+=" two warm runs got the same random bytes;"
	[ "$warm_start" != yes ] || ls "$O/$ARCH"/warm/*.state > /dev/null 2>&1 || bad+=" no saved guest in $O/$ARCH/warm;"
	[ -z "$bad" ] && pass "warm starts: each run a fresh guest (its own random bytes, the host's time, timers, nothing of another run); --cold too" ||
		fail fresh "$bad"
fi
# A saved guest older than the launcher is saved anew, then restored; saved by a run
# with a share, it serves the runs without (the tests below) as well.
touch "$O/$ARCH/launch"
if [ "$warm_start" != yes ]; then
	skip warm-stale "$ARCH boots every run (QEMU_WARM_START in arch/$ARCH/qemu.mk)"
elif launch warm-stale 0 -w "$probe" exit 0 && expect_output warm-stale "$logs/warm-stale.log" "^exit 0$"; then
	[ -n "$(find "$O/$ARCH/warm" -name '*.state' -newer "$O/$ARCH/launch")" ] &&
		pass "a saved guest older than the launcher is saved again" ||
		fail warm-stale "no state in $O/$ARCH/warm was saved again"
fi

# The console, as a user types at it.
typed stdin 0 '(^|\n)ready' 'hello, launcher\r' -- "$run" "$probe" read &&
	expect_output stdin "$logs/stdin.log" "^read: hello, launcher$" &&
	pass "a line typed at the terminal reaches the program's stdin"
typed ctrl-c 130 '(^|\n)ready' '\003' -- "$run" "$probe" wait-int &&
	expect_output ctrl-c "$logs/ctrl-c.log" "nakedinit: killed by SIGINT$" &&
	pass "Ctrl-C at the terminal interrupts the program: 130"

# Refused before anything boots: 125 and one line on stderr.
refused missing-file '^nakedinit-run: /nonexistent: no such file$' /nonexistent
refused not-elf '^nakedinit-run: .*probe.c is not an ELF executable$' tests/launch/probe.c
refused wrong-arch "^nakedinit-run: .* is for $other, not $ARCH \(-a\)$" -a "$ARCH" "$O/$other/hello"
refused no-cpus '^nakedinit-run: --cpus 0: expected a number of CPUs, 1 to 64$' --cpus 0 "$probe"
refused many-cpus '^nakedinit-run: --cpus 65: expected a number of CPUs, 1 to 64$' --cpus=65 "$probe"

if m run APP="$probe" APP_ARGS="exit 0" < /dev/null > "$logs/make-run.log" 2>&1 &&
	expect_output make-run "$logs/make-run.log" "^exit 0$"; then
	pass "make run APP=... APP_ARGS=... runs a program too"
fi

# Not PID 1: as tests/boot.sh checks the init.
status=0
unshare --user --map-root-user --mount "qemu-$ARCH" -strace "$O/$ARCH/launch" \
	> "$logs/not-pid1.out" 2> "$logs/not-pid1.err" || status=$?
calls=$(grep -oE '^[0-9]+ [a-z_0-9]+\(' "$logs/not-pid1.err" | sed 's/^[0-9]* //; s/($//' | sort -u | tr '\n' ' ')
if expect_status not-pid1 125 "$status" &&
	expect_output not-pid1 "$logs/not-pid1.err" "refus.*PID 1"; then
	if [ "$calls" = "exit_group getpid write " ]; then
		pass "the launcher refuses to run when not PID 1, touching nothing"
	else
		fail not-pid1 "system calls made: $calls(expected only getpid, write, exit_group)"
	fi
fi
exit 0
