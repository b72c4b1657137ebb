# SPDX-License-Identifier: MIT
# shellcheck shell=bash disable=SC2154 # out is the caller's
# Boot timing for tests/bench/bench.sh and compare.sh. The caller sets $out (where
# logs and data go) and defines say (one progress line on stderr). A boot is given
# TIMEOUT seconds (the Makefile exports it; default 60).

# boot_once QEMU-COMMAND LOG: one boot, its console in LOG, each line prefixed with
# the host time it arrived (microseconds). Prints "total_us run_host_us status cpu_us"
# (cpu: QEMU's user + system time).
boot_once() {
	local cmd=$1 log=$2
	{
		echo "@start $EPOCHREALTIME"
		status=0
		eval "timeout ${TIMEOUT:-60} $cmd" < /dev/null 2>&1 || status=$?
		echo "@end $EPOCHREALTIME $status"
		echo "@cpu"; times	# this shell's times, then its children's: QEMU's
	} | while IFS= read -r line; do
		printf '%s %s\n' "${EPOCHREALTIME/./}" "${line%$'\r'}"
	done > "$log"
	awk '
		$2 == "@start" { sub(/\./, "", $3); start = $3 }
		$2 == "@end" { sub(/\./, "", $3); end = $3; status = $4 }
		/Run \/init as init process/ && !run { run = $1 }
		$2 == "@cpu" { cpu_line = 1; next }
		cpu_line == 1 { cpu_line = 2; next }
		cpu_line == 2 { cpu = seconds($2) + seconds($3); cpu_line = 0 }
		function seconds(t,   m) {	# "0m0.123s"
			m = t; sub(/m.*/, "", m); sub(/^[0-9]*m/, "", t); sub(/s$/, "", t)
			return m * 60 + t
		}
		END { printf "%d %d %d %d\n", end - start, run ? run - start : -1, status, cpu * 1e6 }' "$log"
}

# kernel_ts LOG TEXT: the kernel's timestamp on the first line holding TEXT, in
# microseconds ("[    0.179676] Run /init as init process" gives 179676).
kernel_ts() {
	awk -v text="$2" 'index($0, text) && match($0, /\[ *[0-9]+\.[0-9]+\]/) {
		ts = substr($0, RSTART + 1, RLENGTH - 2); sub(/^ */, "", ts)
		split(ts, part, "."); printf "%d\n", part[1] * 1000000 + part[2]; exit }' "$1"
}

# timed_run NAME I EXPECT QEMU-COMMAND: run I of NAME, its console in NAME.I.log.
# It counts only if QEMU exited 0 and the console has a line matching EXPECT (an
# extended regex, anchored at the line's start), the kernel's `Run /init` and its
# power-off line; then it is added to NAME.dat, one line per counted run,
# "total_ms firmware_ms kernel_ms init_ms kernel_run_init_s cpu_ms", and the status
# is 0. An empty EXPECT times a guest without a kernel (a floor guest): the run
# counts if QEMU exited 0 within the timeout, and only the total and the CPU time
# are known (the other columns are "-").
timed_run() {
	local name=$1 i=$2 expect=$3 cmd=$4 total run status cpu kts log=$out/$1.$2.log
	read -r total run status cpu < <(boot_once "$cmd" "$log")
	if [ "$status" != 0 ]; then
		say "$name: run $i FAILED (QEMU status $status; console: $log)"
		return 1
	fi
	if [ -z "$expect" ]; then
		awk -v t="$total" -v c="$cpu" 'BEGIN { printf "%.1f - - - - %.1f\n", t / 1000, c / 1000 }' >> "$out/$name.dat"
		return 0
	fi
	# QEMU exits 0 on a panic too (panic=-1, -no-reboot): want the power-off line.
	if ! grep -qE -- "^[0-9]+ $expect" "$log" || ! grep -q 'reboot: Power down' "$log"; then
		say "$name: run $i FAILED (no line matching /$expect/ or no power-off; console: $log)"
		return 1
	fi
	kts=$(kernel_ts "$log" 'Run /init as init process')
	if [ "$run" -lt 0 ] || [ -z "$kts" ]; then
		say "$name: run $i: no 'Run /init' line (console: $log)"
		return 1
	fi
	awk -v t="$total" -v r="$run" -v k="$kts" -v c="$cpu" 'BEGIN {
		printf "%.1f %.1f %.1f %.1f %.3f %.1f\n", t / 1000, (r - k) / 1000, k / 1000, (t - r) / 1000, k / 1e6, c / 1000 }' \
		>> "$out/$name.dat"
}

# timed NAME RUNS EXPECT QEMU-COMMAND: RUNS runs of NAME (timed_run), in a fresh
# NAME.dat.
timed() {
	local i ok=0
	: > "$out/$1.dat"
	for ((i = 1; i <= $2; i++)); do
		timed_run "$1" "$i" "$3" "$4" && ok=$((ok + 1))
	done
	say "$1: $ok of $2 runs passed"
}

# stat_of NAME COLUMN median|min: over NAME.dat's runs that have the column; "-" if
# none has it (or there is no NAME.dat).
stat_of() {
	[ -f "$out/$1.dat" ] || { echo -; return; }
	awk -v c="$2" '$c != "-"' "$out/$1.dat" | sort -n -k"$2" | awk -v c="$2" -v what="$3" '
		{ v[NR] = $c }
		END {
			if (!NR) { print "-"; exit }
			if (what == "min") x = v[1]
			else x = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf(c == 5 ? "%.3f\n" : "%.0f\n", x)
		}'
}
runs_of() { if [ -f "$out/$1.dat" ]; then wc -l < "$out/$1.dat"; else echo 0; fi; }
