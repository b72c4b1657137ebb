#!/bin/bash
# SPDX-License-Identifier: MIT
# roundtrip.sh: the round trip of tools/nakedinit-run, for `make bench` (bench.sh puts
# its table in the results): for each architecture of ARCHES, the wall time from the
# command to its exit status, builds cached, of a `true` linked statically and one
# linked dynamically (the host's /bin/true on its architecture, tests/bench/true.c
# built by the cross compiler's defaults on another), both warm-started (the
# default: README, "Warm starts"), and the static one booted (--cold); the initrd
# each packs (nakedinit-run -i: a warm start's has no /init); of that, the host side: all but the time QEMU ran (tools/run/loop.c
# says it where NAKEDINIT_RUN_QEMU_MS is set); and the static one under qemu-user,
# for comparison. Runs alone too, e.g. ARCHES=x86_64 N=3 tests/bench/roundtrip.sh.
# Output: a Markdown table on stdout; logs and data in $O/bench/roundtrip/
# (ARCH-KIND.dat: a line per run, "total-ms host-side-ms").
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/lib.sh
. tests/lib.sh
N=${N:-10}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "roundtrip: N=$N: expected a number of runs (1 or more)" >&2; exit 2; }
out=$O/bench/roundtrip
rm -rf "$out"
mkdir -p "$out"
say() { echo "bench: $*" >&2; }
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh

# The floor of any host side: the shell starting a static program of the host's,
# which does nothing (floor.dat).
if gcc -O2 -static -o "$out/floor-true" tests/bench/true.c > "$out/floor.log" 2>&1; then
	for ((i = 1; i <= N; i++)); do
		start=${EPOCHREALTIME/./}
		"$out/floor-true" && echo "$(((${EPOCHREALTIME/./} - start) / 1000))" >> "$out/floor.dat"
	done
fi
echo "| arch | true | initrd bytes | runs | median ms | min ms | host side, median ms | qemu-user, median ms |"
echo "|---|---|--:|--:|--:|--:|--:|--:|"
for ARCH in ${ARCHES:-$(m list-arches)}; do
	ARCH=$(m print-var-ARCH)
	export ARCH
	cc=$(m print-var-CC)
	if ! tools/need.sh "for the round-trip bench" "$(libc_dev)" "qemu-user:qemu-$ARCH" > "$out/$ARCH-build.log" 2>&1 ||
		! m KERNEL_PROFILE=programs kernel launch-prerequisites >> "$out/$ARCH-build.log" 2>&1 ||
		! "$cc" -O2 -static -o "$out/$ARCH-static" tests/bench/true.c >> "$out/$ARCH-build.log" 2>&1; then
		say "$ARCH: NOT MEASURED: the build failed (see $out/$ARCH-build.log)"
		continue
	fi
	dynamic=/bin/true
	if [ "$ARCH" != "$(m print-var-HOST_ARCH)" ]; then
		dynamic=$out/$ARCH-dynamic
		"$cc" -O2 -o "$dynamic" tests/bench/true.c >> "$out/$ARCH-build.log" 2>&1 || continue
	fi
	say "$ARCH: timing $N runs of qemu-$ARCH $out/$ARCH-static"
	: > "$out/$ARCH-qemu-user.dat"
	for ((i = 1; i <= N; i++)); do
		start=${EPOCHREALTIME/./}
		"qemu-$ARCH" "$out/$ARCH-static" && echo "$(((${EPOCHREALTIME/./} - start) / 1000))" >> "$out/$ARCH-qemu-user.dat"
	done
	for kind in static dynamic cold; do
		program=$out/$ARCH-static options=()
		[ "$kind" != dynamic ] || program=$dynamic
		[ "$kind" != cold ] || options=(--cold)
		say "$ARCH: timing $N round trips of tools/nakedinit-run $program"
		: > "$out/$ARCH-$kind.dat"
		# The first run builds what a run needs (make run-env), if anything: not timed.
		# The timed ones run the runner itself, as installed (not tools/nakedinit-run,
		# a checkout's script that makes it the first time, then execs it).
		tools/nakedinit-run "${options[@]}" "$program" < /dev/null > "$out/$ARCH-$kind.0.log" 2>&1 || true
		runner=$O/host/nakedinit-run
		for ((i = 1; i <= N; i++)); do
			log=$out/$ARCH-$kind.$i.log
			start=${EPOCHREALTIME/./}
			if NAKEDINIT_RUN_QEMU_MS=1 "$runner" "${options[@]}" -i "$out/$ARCH-$kind.cpio" "$program" \
				< /dev/null > "$log" 2>&1; then
				total=$(((${EPOCHREALTIME/./} - start) / 1000))
				qemu=$(sed -n 's/^qemu_ms //p' "$log")
				echo "$total $((total - ${qemu:-$total}))" >> "$out/$ARCH-$kind.dat"
			else
				say "$ARCH: $kind: run $i FAILED (see $log)"
			fi
		done
		bytes=-
		[ ! -f "$out/$ARCH-$kind.cpio" ] || bytes=$(stat -c %s "$out/$ARCH-$kind.cpio")
		user=-
		[ "$kind" != static ] || user=$(stat_of "$ARCH-qemu-user" 1 median)
		echo "| $ARCH | $kind (\`${options[*]}${options[*]:+ }${program#"$out/"}\`) | $bytes | $(runs_of "$ARCH-$kind")/$N |" \
			"$(stat_of "$ARCH-$kind" 1 median) | $(stat_of "$ARCH-$kind" 1 min) | $(stat_of "$ARCH-$kind" 2 median) | $user |"
	done
done
