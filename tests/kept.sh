#!/bin/bash
# SPDX-License-Identifier: MIT
# Kept guests for $ARCH (run by tests/check.sh; tools/run/kept.c, src/launch/kept.c "a
# kept guest"): results and streams as a fresh guest gives them; each run alone
# (nothing one leaves is found by the next); root kept inside its run; a run's
# memory bounded; shares; the guest's copies of host files as the host has them now;
# --no-randomize; -l boots a guest of the run's own; runs at once; a guest killed, a
# client killed; many runs without a leak. The program is mostly the guest's own BusyBox shell (given as
# the host's copy of it for $ARCH) and tests/launch/kept.c. Logs: $O/tests/$ARCH/kept/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
TEST_GROUP="$ARCH: kept"
logs=$O/tests/$ARCH/kept
mkdir -p "$logs/share" "$logs/ro"
logs=$(cd "$logs" && pwd)
run=$top/tools/nakedinit-run

programs_ready procps:pgrep || exit 0
kept=$logs/kept
if ! $(m print-var-CC) -static -O2 -Wall -Wextra -Werror -o "$kept" "$top/tests/launch/kept.c" \
	> "$logs/kept.build.log" 2>&1; then
	fail build "tests/launch/kept.c does not build (see $logs/kept.build.log)"
	exit 0
fi
bb=$(cd "$top" && realpath "$(m print-var-BUILT_BUSYBOX)")
export NAKEDINIT_KEPT=1 NAKEDINIT_KEPT_IDLE=120
runner=$(realpath "$O/host/nakedinit-run")
# servers: this checkout's kept guests' servers for $ARCH, by pid (another checkout's
# may run beside; one that ended may stay a zombie where PID 1 reaps none).
servers() {
	local p
	for p in $(pgrep -r R,S,D -x "kept-$ARCH"); do
		[ "$(readlink "/proc/$p/exe")" = "$runner" ] && echo "$p"
	done
}
# sh NAME SCRIPT [OPTIONS...]: the guest's shell runs SCRIPT; out and err in $logs.
sh() {
	local name=$1 script=$2
	shift 2
	"$run" "$@" "$bb" sh -c "$script" > "$logs/$name.out" 2> "$logs/$name.err" < /dev/null
}

# The result, as a fresh guest gives it.
for want in "exit 7:7" "kill -SEGV \$\$:139" "exec /nonexistent:127"; do
	sh result "${want%:*}"
	expect_status "result: ${want%:*}" "${want##*:}" $? && pass "result: '${want%:*}' gives ${want##*:}"
done
sh timeout "sleep 30" -t 1
expect_status timeout 124 $? && expect_output timeout "$logs/timeout.err" "timeout after 1 s" &&
	pass "-t 1: 124, and the line that says so"

# Streams: bytes exact, stdout and stderr apart, EOF; a run that reads none of its
# stdin leaves none for the next.
head -c 300000 /dev/urandom > "$logs/bytes"
"$run" "$bb" cat < "$logs/bytes" > "$logs/bytes.out" 2> "$logs/bytes.err"
expect_status bytes 0 $? && cmp -s "$logs/bytes" "$logs/bytes.out" &&
	pass "300,000 random bytes through cat, exact" || fail bytes "cat's output differs (see $logs/bytes.out)"
sh apart 'echo out; echo err >&2; exit 3'
expect_status apart 3 $? && [ "$(cat "$logs/apart.out")" = out ] && [ "$(cat "$logs/apart.err")" = err ] &&
	pass "stdout and stderr apart, the status with them" || fail apart "see $logs/apart.out, $logs/apart.err"
head -c 2000000 /dev/zero | "$run" "$bb" sh -c 'exit 4' > /dev/null 2>&1
got=$?
printf xyz | "$run" "$bb" sh -c 'wc -c; [ -t 0 ] || echo not a terminal' > "$logs/eof.out" 2>&1
expect_status unread 4 "$got" && [ "$(tr -d ' ' < "$logs/eof.out" | head -n 2 | tr '\n' /)" = "3/notaterminal/" ] &&
	pass "a run that left 2 MB of stdin unread; the next reads its 3 bytes and EOF, a pipe" ||
	fail eof "see $logs/eof.out"

# Alone: what a run leaves, the next run does not find.
"$run" "$kept" leave > "$logs/leave.out" 2>&1
expect_status leave 0 $? || cat "$logs/leave.out"
sh leave-sh 'echo x > /left; echo x > /tmp/left; echo x > /dev/shm/left; (sleep 1000 &);
	hostname other; mkdir -p /mnt; mount -t tmpfs none /mnt; mkdir /sys/fs/cgroup/left' -e LEFT=1
expect_status leave-sh 0 $? || cat "$logs/leave-sh.err"
"$run" "$kept" check > "$logs/check.out" 2>&1
sh check-sh 'ls /left /tmp/left /dev/shm/left 2>&1 | grep -c "No such"; ps -o comm | grep -c sleep;
	hostname; grep -c " /mnt " /proc/mounts; ls -d /sys/fs/cgroup/left 2>/dev/null | wc -l; echo "LEFT=${LEFT:-}"'
printf '%s\n' "shm segment: none" "port 5000: closed" > "$logs/check.want"
printf '%s\n' 3 0 nakedinit 0 0 LEFT= > "$logs/check-sh.want"
if cmp -s "$logs/check.want" "$logs/check.out" && cmp -s "$logs/check-sh.want" "$logs/check-sh.out"; then
	pass "a file left in /, /tmp, /dev/shm; a process; a SysV segment; a listening port; the host name; a mount; a cgroup; -e: none seen by the next run"
else
	fail alone "the next run found what the last left (see $logs/check.out, $logs/check-sh.out)"
fi

# Root, but only within its run.
sh root 'for f in /proc/sys/kernel/printk /sys/fs/cgroup/memory.max /sys/kernel/uevent_seqnum; do
	echo 1 > $f 2>/dev/null && echo "$f: written"; done; mount -t proc proc /proc 2>/dev/null && echo proc mounted;
	kill -9 1; echo alive'
[ "$(cat "$logs/root.out")" = alive ] && pass "root cannot write sysctls, its cgroup's limits, sysfs, nor mount a /proc" ||
	fail root "see $logs/root.out"

# -m: the run's memory, a cgroup's limit; the guest serves on. (Anonymous memory: a
# shell's pipe of 150 MB, whose pages the kernel keeps reclaiming and reading again,
# could take minutes before the limit stops it, on riscv64 most.)
"$run" -m 64 "$kept" hog > "$logs/memory.out" 2> "$logs/memory.err" < /dev/null
got=$?
sh after-memory 'echo ok'
[ "$got" != 0 ] && ! grep -q survived "$logs/memory.out" && [ "$(cat "$logs/after-memory.out")" = ok ] &&
	pass "-m 64: a run that takes 200 MiB is stopped ($got); the next runs" ||
	fail memory "status $got (see $logs/memory.out, $logs/memory.err)"

# Shares: -w and -v, bound for the run; :ro stays read-only.
echo host > "$logs/ro/file"
(cd "$logs/share" && rm -f made && "$run" -w -v "$logs/ro:/data:ro" "$bb" sh -c \
	'echo guest > made; pwd; cat /data/file; (echo x > /data/file) 2>/dev/null || echo read-only' \
	> "$logs/share.out" 2>&1)
[ "$(cat "$logs/share/made" 2>/dev/null)" = guest ] &&
	[ "$(tr '\n' / < "$logs/share.out")" = "$logs/share/host/read-only/" ] &&
	pass "-w: the current folder, written; -v :ro read, not written" ||
	{ fail share "see $logs/share.out"; show_tail "$logs/share.out"; ls -la "$logs/share" | show_tail /dev/stdin; }

# The guest's copies of the host's files (the program, its loader, libraries): a
# program changed in place, then replaced, runs as the host has it now; the run sees
# the mode the archive gives the program.
prog=$logs/prog
for word in one two three; do
	printf '#include <unistd.h>\nint main(void) { return write(1, "%s\\n", %d) < 0; }\n' \
		"$word" $((${#word} + 1)) > "$logs/$word.c"
	$(m print-var-CC) -static -O2 -o "$logs/$word" "$logs/$word.c" >> "$logs/kept.build.log" 2>&1
done
cp "$logs/one" "$prog" && "$run" "$prog" > "$logs/copies.out" 2>&1
cat "$logs/two" > "$prog" && "$run" "$prog" >> "$logs/copies.out" 2>&1
cp "$logs/three" "$prog.new" && mv "$prog.new" "$prog" && "$run" "$prog" >> "$logs/copies.out" 2>&1
"$run" "$bb" stat -c %a "$bb" >> "$logs/copies.out" 2>&1
[ "$(tr '\n' / < "$logs/copies.out")" = "one/two/three/755/" ] &&
	pass "a program the host changed in place, then replaced: each run runs it as it is now; its mode 755" ||
	fail copies "see $logs/copies.out"

# --no-randomize (and NAKEDINIT_NO_RANDOMIZE): the personality setarch -R gives, the
# same addresses from run to run; none by default.
for i in 1 2; do
	sh "fixed-$i" 'cat /proc/self/personality; grep -F "[stack]" /proc/self/maps' --no-randomize
done
NAKEDINIT_NO_RANDOMIZE=1 sh fixed-3 'cat /proc/self/personality; grep -F "[stack]" /proc/self/maps'
sh random 'cat /proc/self/personality'
[ "$(head -n 1 "$logs/fixed-1.out")" = 00040000 ] && cmp -s "$logs/fixed-1.out" "$logs/fixed-2.out" &&
	cmp -s "$logs/fixed-1.out" "$logs/fixed-3.out" && [ "$(cat "$logs/random.out")" = 00000000 ] &&
	pass "--no-randomize, NAKEDINIT_NO_RANDOMIZE=1: ADDR_NO_RANDOMIZE, the same stack in every run; by default neither" ||
	fail fixed "see $logs/fixed-1.out, $logs/fixed-2.out, $logs/fixed-3.out, $logs/random.out"

# -l: the run's own console, so a guest of its own, whose console LOG holds.
rm -f "$logs/console.log"
sh console 'echo hi' -l "$logs/console.log"
expect_status console 0 $? "$logs/console.err" &&
	expect_output console "$logs/console.log" '^nakedinit: exit 0' &&
	pass "-l LOG: a guest of the run's own, its console in LOG"

# Runs at once, more than the guest's CPUs: each its own result and output.
for i in 1 2 3 4 5; do
	"$run" "$bb" sh -c "echo run $i; exit $i" > "$logs/many.$i.out" 2>&1 &
done
ok=1
for i in 1 2 3 4 5; do
	wait -n || true
done
for i in 1 2 3 4 5; do
	[ "$(cat "$logs/many.$i.out")" = "run $i" ] || ok=0
done
sh statuses 'exit 0'
[ "$ok" = 1 ] && pass "5 runs at once: each its own output" || fail many "see $logs/many.*.out"

# A guest killed mid-run fails that run (125, one line why); the next starts another.
"$run" "$bb" sh -c 'echo started; sleep 30' > "$logs/killed.out" 2> "$logs/killed.err" &
client=$!
for _ in $(seq 100); do [ -s "$logs/killed.out" ] && break; sleep 0.1; done
for server in $(servers); do pkill -KILL -P "$server"; done	# their QEMU
wait "$client"
got=$?
sh after-kill 'echo ok'
expect_status guest-killed 125 "$got" && expect_output guest-killed "$logs/killed.err" "kept guest ended" &&
	[ "$(cat "$logs/after-kill.out")" = ok ] && pass "QEMU killed mid-run: 125 and why; the next run gets a new guest"

# A client killed by SIGKILL: its guest retires; the next run gets another.
"$run" "$bb" sh -c 'echo started; sleep 30' > "$logs/client.out" 2>&1 &
client=$!
for _ in $(seq 100); do [ -s "$logs/client.out" ] && break; sleep 0.1; done
kill -KILL "$client"
wait "$client" 2> /dev/null
sh after-client 'echo ok'
[ "$(cat "$logs/after-client.out")" = ok ] && pass "a client killed by SIGKILL mid-run: the next run runs" ||
	fail client-killed "see $logs/after-client.out, $logs/after-client.err"

# SIGTERM to nakedinit-run: 143, as with a fresh guest (the slot, left unknown,
# retires its guest); the next run runs. (A script's background job ignores SIGINT.)
"$run" "$bb" sh -c 'echo started; sleep 30' > "$logs/term.out" 2>&1 &
client=$!
for _ in $(seq 100); do [ -s "$logs/term.out" ] && break; sleep 0.1; done
kill -TERM "$client"
wait "$client"
got=$?
sh after-term 'echo ok'
expect_status sigterm 143 "$got" && [ "$(cat "$logs/after-term.out")" = ok ] &&
	pass "SIGTERM to nakedinit-run mid-run: 143; the next run runs"

# Many runs in a row: no process, descriptor or guest memory left behind.
available() { "$run" "$bb" sh -c 'grep MemAvailable /proc/meminfo' | tr -dc 0-9; }
sh warm 'true'
before=$(available) server=$(servers | sort -n | tail -n 1)
fds=$(ls "/proc/$server/fd" | wc -l)
failed=0
for _ in $(seq 200); do "$run" "$bb" true < /dev/null || failed=$((failed + 1)); done
after=$(available)
fds_after=$(ls "/proc/$server/fd" 2> /dev/null | wc -l)
if [ "$failed" = 0 ] && [ "$fds" = "$fds_after" ] && [ $((before - after)) -lt 32768 ]; then
	pass "200 runs in a row: all 0; the server's descriptors $fds -> $fds_after; the guest's memory available ${before} -> ${after} kB"
else
	fail leak "$failed failed; server fds $fds -> $fds_after; MemAvailable $before -> $after kB"
fi

"$run" -a "$ARCH" --kept-stop > /dev/null 2>&1
for _ in $(seq 50); do [ -z "$(servers)" ] && break; sleep 0.1; done
[ -z "$(servers)" ] && pass "--kept-stop: no server left" || fail stop "servers left: $(servers | tr '\n' ' ')"
