#!/bin/bash
# SPDX-License-Identifier: MIT
# suite.sh: a project's test suite through tools/nakedinit-run against the same
# suite under qemu-user, for `make bench` (bench.sh puts its table in the results),
# and how fast a program reads a shared folder (-v, 9p). For each architecture of
# ARCHES: tests/projects/cmake (20 small tests, each reading a file of its build
# folder and linking a library of it), cross-built, timed under `ctest -j2` with
# CMAKE_CROSSCOMPILING_EMULATOR "nakedinit-run -w", the same in a kept guest
# (NAKEDINIT_KEPT=1, the guest started before), again with NAKEDINIT_NO_RANDOMIZE=1
# (--no-randomize), then qemu-user (-L the cross
# sysroot), N times each, alternating; a static true (tests/bench/true.c) in a kept
# guest and under qemu-user, 5 N times each, alternating; tests/bench/share.c reading one 50 MB file and
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

echo "| arch | suite: nakedinit-run, median s | kept guest, s | kept, --no-randomize, s | qemu-user, s | ratios: fresh, kept, --no-randomize | static true: kept, qemu-user, ms | 9p: 50 MB file, MB/s | 9p: 1 KiB files/s | qemu-user on the host: MB/s, files/s |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
for ARCH in ${ARCHES:-$(m list-arches)}; do
	ARCH=$(m print-var-ARCH)
	export ARCH
	cc=$(m print-var-CC) sysroot=$(m print-var-SYSROOT)
	if ! tools/need.sh "for the suite bench" cmake:cmake "$(libc_dev)" "qemu-user:qemu-$ARCH" > "$out/$ARCH-build.log" 2>&1 ||
		! m KERNEL_PROFILE=programs kernel launch-prerequisites >> "$out/$ARCH-build.log" 2>&1 ||
		! "$cc" -O2 -static -o "$out/$ARCH-share" tests/bench/share.c >> "$out/$ARCH-build.log" 2>&1 ||
		! "$cc" -O2 -static -o "$out/$ARCH-true" tests/bench/true.c >> "$out/$ARCH-build.log" 2>&1; then
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
	say "$ARCH: timing $N runs of the suite (ctest -j2) through nakedinit-run, in a kept guest, and qemu-user"
	: > "$out/$ARCH-nakedinit-run.dat"
	: > "$out/$ARCH-kept.dat"
	: > "$out/$ARCH-kept-fixed.dat"
	: > "$out/$ARCH-qemu-user.dat"
	NAKEDINIT_KEPT=1 "$run" "$out/$ARCH-true" > "$out/$ARCH-kept-start.log" 2>&1 || say "$ARCH: no kept guest"
	for ((i = 1; i <= N; i++)); do
		for emulator in nakedinit-run kept kept-fixed qemu-user; do
			dir=$emulator kept='' fixed=''
			case $emulator in kept*) dir=nakedinit-run kept=1 ;; esac
			[ "$emulator" = kept-fixed ] && fixed=1
			if NAKEDINIT_KEPT=$kept NAKEDINIT_NO_RANDOMIZE=$fixed ms ctest --test-dir "$out/$ARCH-$dir" -j2; then
				echo "$ms" >> "$out/$ARCH-$emulator.dat"
			fi
		done
	done
	: > "$out/$ARCH-true-kept.dat"
	: > "$out/$ARCH-true-qemu-user.dat"
	for ((i = 1; i <= 5 * N; i++)); do
		NAKEDINIT_KEPT=1 ms "$run" "$out/$ARCH-true" && echo "$ms" >> "$out/$ARCH-true-kept.dat"
		ms "qemu-$ARCH" "$out/$ARCH-true" && echo "$ms" >> "$out/$ARCH-true-qemu-user.dat"
	done
	"$run" -a "$ARCH" --kept-stop > /dev/null 2>&1
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
	kept=$(median < "$out/$ARCH-kept.dat") fixed=$(median < "$out/$ARCH-kept-fixed.dat")
	big=$(cut -d' ' -f1 "$out/$ARCH-9p.dat" | median) small=$(cut -d' ' -f2 "$out/$ARCH-9p.dat" | median)
	host_big=$(cut -d' ' -f1 "$out/$ARCH-host.dat" | median) host_small=$(cut -d' ' -f2 "$out/$ARCH-host.dat" | median)
	seconds() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (b > 0 ? "%.1f" : "-"), a / b }'; }
	echo "| $ARCH | $(seconds "$ours") | $(seconds "$kept") | $(seconds "$fixed") | $(seconds "$theirs") | $(ratio "$ours" "$theirs"), $(ratio "$kept" "$theirs"), $(ratio "$fixed" "$theirs") | $(median < "$out/$ARCH-true-kept.dat"), $(median < "$out/$ARCH-true-qemu-user.dat") | $(rate 52428800 "$big" 1000000) | $(rate 1000 "$small" 1) | $(rate 52428800 "$host_big" 1000000), $(rate 1000 "$host_small" 1) |"
done
