#!/bin/bash
# SPDX-License-Identifier: MIT
# suite.sh: a project's test suite through tools/nakedinit-run against the same
# suite under qemu-user, for `make bench` (bench.sh puts its table in the results),
# and how fast a program reads a shared folder (-v, 9p). For each architecture of
# ARCHES: tests/projects/cmake (20 small tests, each reading a file of its build
# folder and linking a library of it), cross-built, timed under `ctest -j2` with
# CMAKE_CROSSCOMPILING_EMULATOR "nakedinit-run -w", then qemu-user (-L the cross
# sysroot), N times each, alternating; tests/bench/share.c reading one 50 MB file and
# 1,000 files of 1 KiB from a read-only share, and the same program under qemu-user
# reading them on the host. Runs alone too: ARCHES=riscv64 N=1 tests/bench/suite.sh.
# Output: a Markdown table on stdout; logs in $O/bench/suite/.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/lib.sh
. tests/lib.sh
N=${N:-3}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "suite: N=$N: expected a number of runs (1 or more)" >&2; exit 2; }
out=$(mkdir -p "$O/bench/suite" && cd "$O/bench/suite" && pwd)
say() { echo "bench: $*" >&2; }
run=$PWD/tools/nakedinit-run

# The shared folder's files, once: random bytes, so nothing compresses them.
data=$out/data
if [ ! -f "$data/big" ]; then
	mkdir -p "$data/small"
	head -c 50M /dev/urandom > "$data/big"
	for i in $(seq 1000); do head -c 1024 /dev/urandom > "$data/small/$i"; done
fi
# ms COMMAND...: how long it took, in milliseconds, in $ms; its output in $out/last.log.
ms() {
	local start=${EPOCHREALTIME/./}
	"$@" > "$out/last.log" 2>&1 || { say "failed: $* (see $out/last.log)"; return 1; }
	ms=$(((${EPOCHREALTIME/./} - start) / 1000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }'; }
# rate BYTES-OR-COUNT MS SCALE: per second, over SCALE (1000000: MB/s).
rate() { awk -v n="$1" -v ms="$2" -v scale="$3" 'BEGIN { printf (ms > 0 ? "%.0f" : "-"), n / scale * 1000 / ms }'; }

echo "| arch | suite: nakedinit-run, median s | qemu-user, median s | ratio | 9p: 50 MB file, MB/s | 9p: 1 KiB files/s | qemu-user on the host: MB/s, files/s |"
echo "|---|--:|--:|--:|--:|--:|--:|"
for ARCH in ${ARCHES:-$(m list-arches)}; do
	ARCH=$(m print-var-ARCH)
	export ARCH
	cc=$(m print-var-CC) sysroot=$(m print-var-SYSROOT)
	if ! tools/need.sh "for the suite bench" cmake:cmake "$(libc_dev)" "qemu-user:qemu-$ARCH" > "$out/$ARCH-build.log" 2>&1 ||
		! m KERNEL_PROFILE=programs kernel launch-prerequisites >> "$out/$ARCH-build.log" 2>&1 ||
		! "$cc" -O2 -static -o "$out/$ARCH-share" tests/bench/share.c >> "$out/$ARCH-build.log" 2>&1; then
		say "$ARCH: NOT MEASURED: the build failed (see $out/$ARCH-build.log)"
		continue
	fi
	# One build folder per emulator: CMake writes the emulator into the tests.
	for emulator in nakedinit-run qemu-user; do
		words="$run;-w"
		[ "$emulator" = nakedinit-run ] || words="qemu-$ARCH;-L;${sysroot:-/}"
		rm -rf "$out/$ARCH-$emulator"
		cmake -S tests/projects/cmake -B "$out/$ARCH-$emulator" -DCMAKE_SYSTEM_NAME=Linux \
			-DCMAKE_SYSTEM_PROCESSOR="$ARCH" -DCMAKE_C_COMPILER="$cc" \
			-DCMAKE_CROSSCOMPILING_EMULATOR="$words" >> "$out/$ARCH-build.log" 2>&1 &&
			cmake --build "$out/$ARCH-$emulator" -j2 >> "$out/$ARCH-build.log" 2>&1 ||
			{ say "$ARCH: NOT MEASURED: the CMake project does not build (see $out/$ARCH-build.log)"; continue 2; }
	done
	say "$ARCH: timing $N runs of the suite (ctest -j2) through nakedinit-run and qemu-user"
	: > "$out/$ARCH-nakedinit-run.dat"
	: > "$out/$ARCH-qemu-user.dat"
	for ((i = 1; i <= N; i++)); do
		for emulator in nakedinit-run qemu-user; do
			if ms ctest --test-dir "$out/$ARCH-$emulator" -j2; then
				echo "$ms" >> "$out/$ARCH-$emulator.dat"
			fi
		done
	done
	say "$ARCH: reading a shared folder, $N times"
	: > "$out/$ARCH-9p.dat"
	: > "$out/$ARCH-host.dat"
	for ((i = 1; i <= N; i++)); do
		"$run" -v "$data:/data:ro" "$out/$ARCH-share" /data > "$out/$ARCH-9p.$i.log" 2>&1 &&
			awk '{ printf "%s ", $(NF - 1) } END { print "" }' "$out/$ARCH-9p.$i.log" >> "$out/$ARCH-9p.dat"
		"qemu-$ARCH" "$out/$ARCH-share" "$data" > "$out/$ARCH-host.$i.log" 2>&1 &&
			awk '{ printf "%s ", $(NF - 1) } END { print "" }' "$out/$ARCH-host.$i.log" >> "$out/$ARCH-host.dat"
	done
	ours=$(median < "$out/$ARCH-nakedinit-run.dat") theirs=$(median < "$out/$ARCH-qemu-user.dat")
	big=$(cut -d' ' -f1 "$out/$ARCH-9p.dat" | median) small=$(cut -d' ' -f2 "$out/$ARCH-9p.dat" | median)
	host_big=$(cut -d' ' -f1 "$out/$ARCH-host.dat" | median) host_small=$(cut -d' ' -f2 "$out/$ARCH-host.dat" | median)
	echo "| $ARCH | $(awk -v v="$ours" 'BEGIN { printf "%.1f", v / 1000 }') | $(awk -v v="$theirs" 'BEGIN { printf "%.1f", v / 1000 }') | $(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf (b > 0 ? "%.1f" : "-"), a / b }') | $(rate 52428800 "$big" 1000000) | $(rate 1000 "$small" 1) | $(rate 52428800 "$host_big" 1000000), $(rate 1000 "$host_small" 1) |"
done
