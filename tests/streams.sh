#!/bin/bash
# SPDX-License-Identifier: MIT
# Stream tests for $ARCH (run by tests/check.sh beside tests/launch.sh): the hosted
# program's stdin, stdout and stderr through tools/nakedinit-run, as a pipeline or
# a script sees them, compared with the input or with the same program under
# qemu-user; the result, whatever the program prints; terminals; runs side by side;
# signals. The program is tests/launch/probe.c. Logs: $O/tests/$ARCH/streams/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
TEST_GROUP="$ARCH: streams"
logs=$O/tests/$ARCH/streams
mkdir -p "$logs"
run=$top/tools/nakedinit-run
# Every run has a limit: a run that hangs fails as 124 instead of holding the tests.
limit=(-t 120)

programs_ready "qemu-user:qemu-$ARCH" expect:expect procps:pgrep || exit 0

# same NAME WANT-STATUS INPUT PROBE-ARGS...: the probe through nakedinit-run and under
# qemu-user, stdin from INPUT: the same stdout and stderr, byte for byte, and the
# same status, which must be WANT-STATUS.
same() {
	local name=$1 want=$2 input=$3 status reference
	shift 3
	"qemu-$ARCH" "$probe" "$@" < "$input" > "$logs/$name.want.out" 2> "$logs/$name.want.err"
	reference=$?
	"$run" "${limit[@]}" -l "$logs/$name.console" "$probe" "$@" < "$input" > "$logs/$name.out" 2> "$logs/$name.err"
	status=$?
	expect_status "$name" "$want" "$status" && expect_status "$name (qemu-user)" "$want" "$reference" || return 1
	cmp -s "$logs/$name.want.out" "$logs/$name.out" ||
		{ fail "$name" "stdout differs from qemu-user's (see $logs/$name.out)"; return 1; }
	cmp -s "$logs/$name.want.err" "$logs/$name.err" ||
		{ fail "$name" "stderr differs from qemu-user's (see $logs/$name.err)"; return 1; }
}

same split 0 /dev/null split &&
	pass "stdout and stderr apart, each byte for byte as under qemu-user"
same binary 0 /dev/null bytes 4096 &&
	pass "4096 binary bytes out, no carriage return added, as under qemu-user"
head -c 300000 /dev/urandom > "$logs/random.in"
same copy 0 "$logs/random.in" cat &&
	pass "300 KB of random bytes in and out again, byte for byte"
same forged 4 /dev/null forge 4 &&
	pass "a program that prints the launcher's, the kernel's and the harness's last lines and exits 4 gives 4, its lines as they are"
same null 0 /dev/null cat && [ ! -s "$logs/null.out" ] &&
	pass "stdin from /dev/null is EOF at once"

status=0
"$run" "${limit[@]}" "$probe" cat <&- > "$logs/closed.out" 2> "$logs/closed.err" || status=$?
expect_status closed 0 "$status" && [ ! -s "$logs/closed.out" ] &&
	pass "a closed stdin is EOF at once"
printf 'through a pipe\n' | "$run" "${limit[@]}" "$probe" cat > "$logs/pipe.out" 2> "$logs/pipe.err"
status=${PIPESTATUS[1]}
expect_status pipe 0 "$status" && [ "$(cat "$logs/pipe.out")" = "through a pipe" ] &&
	pass "a pipe's bytes, then its EOF, reach the program"

# 100 MB through stdin and stdout, read by a reader that starts late.
want=$(head -c 100000000 /dev/zero | tr '\0' 'x' | tee "$logs/big.in" | sha256sum)
got=$("$run" "${limit[@]}" "$probe" cat < "$logs/big.in" 2> "$logs/big.err" | { sleep 2; sha256sum; })
if [ "$got" = "$want" ]; then
	pass "100 MB in and out, with a slow reader: the same checksum"
else
	fail big "the 100 MB came back different (see $logs/big.err)"
fi
rm -f "$logs/big.in"

# start_live NAME [ENV...]: the probe's "live" through nakedinit-run in the background
# (its pid in $pid), stdin a FIFO this script holds open as $feed, stdout in
# $logs/NAME.out; returns once the program has said "live" (1 if it never does).
start_live() {
	local name=$1
	shift
	rm -f "$logs/$name.in" "$logs/$name.out"
	mkfifo "$logs/$name.in"
	exec {feed}<> "$logs/$name.in"
	# (without $feed: EOF comes when the last writer closes the FIFO)
	env "$@" "$run" "${limit[@]}" "$probe" live < "$logs/$name.in" > "$logs/$name.out" 2> "$logs/$name.err" {feed}>&- &
	pid=$!
	for _ in $(seq 1200); do
		[ "$(cat "$logs/$name.out")" != live ] || return 0
		kill -0 "$pid" 2> /dev/null || return 1
		sleep 0.1
	done
	return 1
}

# Live: the line comes while the program still runs, waiting for its stdin.
if start_live live; then
	exec {feed}>&-
	wait "$pid"
	expect_status live 0 $? && pass "output is live: a line arrives before the program ends; closing stdin ends it"
else
	fail live "no line while the program ran (see $logs/live.err)"
	exec {feed}>&-
fi

# Quiet: nothing but the program's own bytes on stdout and stderr.
status=0
"$run" "${limit[@]}" "$probe" exit 3 < /dev/null > "$logs/quiet.out" 2> "$logs/quiet.err" || status=$?
expect_status quiet 3 "$status" && [ "$(cat "$logs/quiet.out")" = "exit 3" ] && [ ! -s "$logs/quiet.err" ] &&
	pass "stdout has the program's line only, stderr nothing: the kernel's console is elsewhere"

# Terminals: isatty as the host gives it.
"$run" "${limit[@]}" "$probe" tty < /dev/null 2>&1 | cat > "$logs/tty-pipes.out"
grep -qx 'isatty: 0 0 0' "$logs/tty-pipes.out" &&
	pass "under pipes, fds 0, 1 and 2 are not terminals" ||
	fail tty-pipes "the program saw: $(head -n 1 "$logs/tty-pipes.out")"
typed tty 0 'isatty: ' '' -- "$run" "${limit[@]}" "$probe" tty &&
	expect_output tty "$logs/tty.log" '^isatty: 1 1 1$' "^stdin's terminal controls this process: ok$" &&
	pass "at a terminal, fds 0, 1 and 2 are a terminal, the controlling one"
typed tty-mixed 0 '' '' -- bash -c '"$0" "${@:1:2}" "$3" tty > "$4"' "$run" "${limit[@]}" "$probe" "$logs/tty-mixed.out" &&
	grep -qx 'isatty: 1 0 1' "$logs/tty-mixed.out" &&
	pass "at a terminal with stdout to a file: only stdout is not a terminal" ||
	fail tty-mixed "the program saw: $(head -n 1 "$logs/tty-mixed.out" 2> /dev/null)"

# Four at once, each with its own output and result.
for i in 1 2 3 4; do
	"$run" "${limit[@]}" "$probe" exit $((40 + i)) < /dev/null > "$logs/many$i.out" 2>&1 &
	pids[i]=$!
done
bad=''
for i in 1 2 3 4; do
	wait "${pids[i]}"
	status=$?
	[ "$status" = $((40 + i)) ] && [ "$(cat "$logs/many$i.out")" = "exit $((40 + i))" ] ||
		bad+=" run $i: status $status, output '$(head -c 80 "$logs/many$i.out")';"
done
[ -z "$bad" ] && pass "4 runs at once: each its own output and result" || fail many "$bad"

# Signals stop the guest: 128 + the signal, no QEMU left, no file left in TMPDIR
# (the runner keeps the run's files in memory).
# (--default-signal: a script's background command comes with SIGINT ignored,
# which no trap can undo.)
for signal in INT:130 TERM:143 HUP:129; do
	name=sig${signal%:*}
	rm -rf "$logs/$name.tmp" && mkdir "$logs/$name.tmp"
	if ! start_live "$name" --default-signal=INT TMPDIR="$logs/$name.tmp"; then
		fail "$name" "the program did not start (see $logs/$name.err)"
		exec {feed}>&-
		continue
	fi
	qemu=$(pgrep -P "$pid")
	kill -s "${signal%:*}" "$pid"
	wait "$pid"
	status=$?
	exec {feed}>&-
	if [ -z "$qemu" ] || kill -0 "$qemu" 2> /dev/null; then
		fail "$name" "QEMU (${qemu:-not found}) still runs after SIG${signal%:*}"
	elif [ -n "$(ls -A "$logs/$name.tmp")" ]; then
		fail "$name" "files left in TMPDIR: $(ls -A "$logs/$name.tmp" | head -n 3 | xargs)"
	elif expect_status "$name" "${signal#*:}" "$status"; then
		pass "SIG${signal%:*} to nakedinit-run stops QEMU, leaves no file: ${signal#*:}"
	fi
done

# A guest that ends without a result: 125 and one line saying why.
if start_live killed; then
	pkill -KILL -P "$pid"
	wait "$pid"
	expect_status killed 125 $? &&
		expect_output killed "$logs/killed.err" '^nakedinit-run: no result: QEMU was killed by signal Killed$' &&
		pass "QEMU killed: 125, and a line saying so"
else
	fail killed "the program did not start (see $logs/killed.err)"
fi
exec {feed}>&-
status=0
"$run" "${limit[@]}" -m 32 "$probe" exit 0 < /dev/null > "$logs/panic.out" 2> "$logs/panic.err" || status=$?
expect_status panic 125 "$status" &&
	expect_output panic "$logs/panic.err" '^nakedinit-run: no result: the guest.s kernel panicked \(Kernel panic - not syncing: ' &&
	pass "a guest whose kernel panics (-m 32: no memory left): 125, the panic named"
exit 0
