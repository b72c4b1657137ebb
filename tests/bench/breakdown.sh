#!/bin/bash
# SPDX-License-Identifier: MIT
# breakdown.sh: where the time of a tools/nakedinit-run round trip goes, for `make
# bench` (bench.sh puts its table in the results), beside the demo's boot. For each
# architecture of ARCHES, N runs each of the static and the dynamic `true` that
# tests/bench/roundtrip.sh built (run it first), with the kernel's messages shown
# (--append=loglevel=7 -V), each console line stamped with the host's time as it
# arrives: a cold start (--append boots; a warm start has no kernel init to show, and
# docs/benchmarks.md gives its phases). Phases, medians in ms:
#   host, before QEMU   the command's start to QEMU's (the runner says how long QEMU ran)
#   QEMU + firmware     QEMU's start to the kernel's time 0 (the earliest host time
#                       less the kernel's stamp, over every line)
#   kernel init         the kernel's own stamp on "Run /init", of which the initrd's
#                       unpacking ("Unpacking initramfs" to "Freeing initrd memory")
#   launcher + program  "Run /init" to the launcher's "nakedinit: exit"
#   power-off, QEMU exit  that line to QEMU's exit
#   host, after QEMU    QEMU's exit to the command's
# The kernel's messages cost a little themselves: the total is above roundtrip's.
# Output: a Markdown table on stdout; logs in $O/bench/breakdown/.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/lib.sh
. tests/lib.sh
N=${N:-5}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "breakdown: N=$N: expected a number of runs (1 or more)" >&2; exit 2; }
out=$O/bench/breakdown programs=$O/bench/roundtrip
rm -rf "$out"
mkdir -p "$out"

# stamped LOG COMMAND...: COMMAND's stdout and stderr, each line stamped with the
# host time it arrived, in microseconds; "@start" and "@end" lines around it.
stamped() {
	local log=$1
	shift
	{
		echo "@start"
		"$@" 2>&1 < /dev/null || echo "@failed $?"
		echo "@end"
	} | while IFS= read -r line; do
		printf '%s %s\n' "${EPOCHREALTIME/./}" "${line%$'\r'}"
	done > "$log"
}
# phases LOG: the phases of one run, in ms, on one line (see the top); nothing if it
# failed or a line is missing.
phases() {
	awk '
		function ts(   t) { t = $0; sub(/^[0-9]+ \[ */, "", t); sub(/\].*/, "", t); return t * 1e6 }
		$2 == "@start" { start = $1 }
		$2 == "@end" { end = $1 }
		$2 == "@failed" { failed = 1 }
		$2 == "qemu_ms" { qemu_end = $1; qemu_us = $3 * 1000 }
		$2 ~ /^\[/ { z = $1 - ts(); if (zero == "" || z < zero) zero = z }
		/Unpacking initramfs/ { unpack = ts() }
		/Freeing initrd memory/ { unpacked = ts() }
		/Run \/init as init process/ { init = ts() }
		$2 == "nakedinit:" && $3 == "exit" { exited = $1 }
		END {
			if (failed || !end || !init || !exited || !qemu_end || zero == "") exit
			qemu_start = qemu_end - qemu_us
			printf "%d %d %d %d %d %d %d %d\n", (qemu_start - start) / 1000, (zero - qemu_start) / 1000,
				init / 1000, (unpacked - unpack) / 1000, (exited - zero - init) / 1000,
				(qemu_end - exited) / 1000, (end - qemu_end) / 1000, (end - start) / 1000
		}' "$1"
}
median_of() { cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }'; }

echo "| arch | true | host, before QEMU | QEMU + firmware | kernel init | of which the initrd | launcher + program | power-off, QEMU exit | host, after QEMU | total |"
echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|"
for ARCH in ${ARCHES:-$(m list-arches)}; do
	ARCH=$(m print-var-ARCH)
	for kind in static dynamic; do
		program=$programs/$ARCH-$kind
		[ "$kind.$ARCH" != "dynamic.$(m print-var-HOST_ARCH)" ] || program=/bin/true
		[ -x "$program" ] || { echo "bench: $ARCH: no $program (tests/bench/roundtrip.sh builds it)" >&2; continue; }
		: > "$out/$ARCH-$kind.dat"
		for ((i = 1; i <= N; i++)); do
			stamped "$out/$ARCH-$kind.$i.log" env NAKEDINIT_RUN_QEMU_MS=1 \
				tools/nakedinit-run --cold --append=loglevel=7 -V "$program"
			phases "$out/$ARCH-$kind.$i.log" >> "$out/$ARCH-$kind.dat"
		done
		row="| $ARCH | $kind"
		for column in 1 2 3 4 5 6 7 8; do row+=" | $(median_of "$out/$ARCH-$kind.dat" "$column")"; done
		echo "$row |"
	done
done
