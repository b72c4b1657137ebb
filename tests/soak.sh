#!/bin/bash
# SPDX-License-Identifier: MIT
# make soak: boot each architecture in ARCHES N times in a row and count the boots
# that did not end as they should: tests/soak.sh N
#
# A boot passes when `make boot` (the harness, tools/boot.exp) exits 0 and the
# console has the line "nakedinit: exit 0". Anything else is a flake, since nothing
# changes between boots: its console log is kept as $O/soak/<arch>/boot-<i>.log.
# Prints one line per failed boot, then per architecture
#   soak <arch>: N boots, K failed (boot time min/median/max ...)
# Then the same for programs hosted by tools/nakedinit-run: N runs of a static
# `true` (tests/bench/true.c) on the programs' kernel, each passing when it exits 0
# and prints nothing; a failed run's output is kept as $O/soak/<arch>/run-<i>.log:
#   soak <arch> hosted: N runs, K failed (round trip min/median/max ...)
# It exits non-zero if any boot or run failed.
#
# The programs, initrd, kernel and test disk are built first, then copied into
# $O/soak/<arch>/, and every boot uses those copies: a build running meanwhile in
# the same $O cannot change what is booted half-way through. Variables `make boot`
# reads (ACCEL, CMDLINE, TIMEOUT, ...) pass through from the environment.
set -uo pipefail
if [ $# -ne 1 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: $0 N  (with ARCHES and O in the environment)" >&2
	exit 2
fi
n=$1
. "$(dirname "$0")/lib.sh"
: "${ARCHES:?}"
status_all=0

for ARCH in $ARCHES; do
	export ARCH
	arch=$ARCH
	dir=$O/soak/$arch
	rm -rf "$dir" && mkdir -p "$dir" || exit 2
	if ! m all kernel disk > "$dir/build.log" 2>&1; then
		echo "soak $arch: build failed (see $dir/build.log)"
		status_all=1
		continue
	fi
	# What `make boot` would boot: KERNEL, INITRD and DISK (the Makefile's defaults).
	read -r kernel initrd disk < <(m soak-inputs 2>/dev/null) || true
	for f in "$kernel" "$initrd" "$disk"; do
		if [ ! -f "$f" ]; then
			echo "soak $arch: $f was not built (see $dir/build.log)"
			status_all=1
			continue 2
		fi
		cp "$f" "$dir/"
	done
	(cd "$dir" && sha256sum "$(basename "$kernel")" "$(basename "$initrd")" "$(basename "$disk")") \
		> "$dir/inputs.sha256"
	boot_args=(KERNEL="$dir/$(basename "$kernel")" INITRD="$dir/$(basename "$initrd")"
		DISK="$dir/$(basename "$disk")")

	failed=0
	: > "$dir/times"
	for ((i = 1; i <= n; i++)); do
		log=$dir/boot-$i.log
		start=$(date +%s%N)
		m boot "${boot_args[@]}" > "$log.raw" 2>&1
		status=$?
		end=$(date +%s%N)
		echo $(((end - start) / 1000000)) >> "$dir/times"
		tr -d '\r' < "$log.raw" > "$log" && rm -f "$log.raw"
		if [ $status -eq 0 ] && grep -q '^nakedinit: exit 0$' "$log"; then
			rm -f "$log"
			continue
		fi
		failed=$((failed + 1))
		verdict=$(grep -m1 '^boot: ' "$log" || tail -n 1 "$log")
		echo "soak $arch: boot $i of $n failed: harness status $status: $verdict (log: $log)"
	done
	times=$(sort -n "$dir/times" | awk '{ t[NR] = $1 } END {
		printf "%.2f/%.2f/%.2f s", t[1] / 1000, t[int((NR + 1) / 2)] / 1000, t[NR] / 1000 }')
	echo "soak $arch: $n boots, $failed failed (boot time min/median/max $times)"
	[ $failed -eq 0 ] || status_all=1

	if ! "$top/tools/need.sh" "for the hosted soak" "$(libc_dev)" >> "$dir/build.log" 2>&1 ||
		! m KERNEL_PROFILE=programs kernel launch-prerequisites >> "$dir/build.log" 2>&1 ||
		! $(m print-var-CC) -O2 -static -o "$dir/true" "$top/tests/bench/true.c" >> "$dir/build.log" 2>&1; then
		echo "soak $arch hosted: build failed (see $dir/build.log)"
		status_all=1
		continue
	fi
	failed=0
	: > "$dir/run-times"
	for ((i = 1; i <= n; i++)); do
		log=$dir/run-$i.log
		start=$(date +%s%N)
		"$top/tools/nakedinit-run" -t 60 "$dir/true" < /dev/null > "$log" 2>&1
		status=$?
		echo $((($(date +%s%N) - start) / 1000000)) >> "$dir/run-times"
		if [ $status -eq 0 ] && [ ! -s "$log" ]; then
			rm -f "$log"
			continue
		fi
		failed=$((failed + 1))
		echo "soak $arch hosted: run $i of $n failed: status $status: $(tail -n 1 "$log") (log: $log)"
	done
	times=$(sort -n "$dir/run-times" | awk '{ t[NR] = $1 } END {
		printf "%.2f/%.2f/%.2f s", t[1] / 1000, t[int((NR + 1) / 2)] / 1000, t[NR] / 1000 }')
	echo "soak $arch hosted: $n runs, $failed failed (round trip min/median/max $times)"
	[ $failed -eq 0 ] || status_all=1
done
exit $status_all
