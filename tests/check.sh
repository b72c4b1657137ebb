#!/bin/bash
# SPDX-License-Identifier: MIT
# make check: the tests. The host-side tests (unit tests of src/lib, the cpio writer,
# the inspect tool: each plain and under ASan/UBSan) and a short fuzz pass over every
# target; for every architecture in ARCHES: reproducible builds, the syscall
# numbers, the boot tests and the failure gallery, and the image (the init built
# into the kernel: tests/image.sh); for the architectures tested in full
# (tested_in_full, tests/lib.sh: the host's, or every one under make check-all)
# also what needs a kernel profile of its own: the launcher's tests (a program
# hosted by tools/nakedinit-run on the programs' kernel: its streams, shared
# folders and network; what a program finds around it, tests/around.sh; kept guests, tests/kept.sh), the programs' kernel's features (tests/kernel.sh) and the
# kernel's own selftests (tests/selftests.sh: a quick part under make check, all of
# them under make check-all), the bring tests (dynamically linked programs, files in,
# the shell), files out (-o), build systems' test runners (tests/recipes.sh),
# make install (tests/install.sh) and the UEFI image. The host's part also checks
# nakedinit-run's --help against its manual page (tests/help.sh); make check-all,
# once every kernel is there, the Debian package (tests/deb.sh). Last, whether docs/*.md are what `make docs` makes of the current sources,
# and the tutorial docs/your-own-init.md, followed word for word in a scratch copy.
# Each test prints one PASS, FAIL or SKIP line (tests/lib.sh); this counts them and
# ends with "N passed, M failed", exiting non-zero if any failed. Logs of each part
# are under $O/tests/. The parts run side by side (CHECK_JOBS, below).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCHES:?}"
logs=$O/tests
mkdir -p "$logs"

# timed COMMAND...: runs it, then says how long it took (for the CI time budget).
timed() {
	local start=$SECONDS
	"$@"
	echo "time: ${ARCH:+$ARCH: }$* took $((SECONDS - start)) s"
}

# part NAME: the host-side tests (NAME host), or an architecture's.
part() {
	if [ "$1" = host ]; then
		timed tests/host.sh
		timed tests/help.sh
		timed tests/fuzz/run.sh "$O" 10	# a short pass; `make fuzz` runs longer
		return
	fi
	export ARCH=$1
	timed tests/reproducible.sh
	timed tests/boot.sh
	timed tests/image.sh
	if tested_in_full && [ "$jobs" -gt 1 ]; then
		# The programs' kernel and the efi one, each with its tests, side by side:
		# one's boots leave a CPU idle that the other's build takes.
		{ timed tests/launch.sh; timed tests/around.sh; timed tests/kept.sh; timed tests/kernel.sh; timed tests/selftests.sh; timed tests/streams.sh; timed tests/shares.sh; timed tests/bring.sh; timed tests/out.sh; timed tests/recipes.sh; timed tests/install.sh; } > "$logs/$ARCH.programs.log" 2>&1 &
		timed tests/efi.sh > "$logs/$ARCH.efi.log" 2>&1
		wait "$!"
		cat "$logs/$ARCH.programs.log" "$logs/$ARCH.efi.log"
	elif tested_in_full; then
		timed tests/launch.sh
		timed tests/around.sh
		timed tests/kept.sh
		timed tests/kernel.sh
		timed tests/selftests.sh
		timed tests/streams.sh
		timed tests/shares.sh
		timed tests/bring.sh
		timed tests/out.sh
		timed tests/recipes.sh
		timed tests/install.sh
		timed tests/efi.sh
	else
		skip "$ARCH: launch, around, kept, kernel, selftests, streams, shares, bring, out, recipes, install, efi" "each needs a kernel of its own: make check runs them on the host's architecture, make check-all on every one"
	fi
}

# The parts run side by side, CHECK_JOBS at a time (default: one per CPU): a boot
# under TCG keeps one CPU busy, and the host's tests and package installs leave
# CPUs idle, between which kernel builds fit. Each keeps its output in
# $logs/PART.log, shown when it ends; CHECK_JOBS=1 runs them one after another,
# shown as they go. The host's architecture starts first, as it has the most work,
# then the host-side tests.
jobs=${CHECK_JOBS:-$(nproc)}
host_arch=$(uname -m)
ordered_parts=$(
	for a in $ARCHES; do [ "$a" != "$host_arch" ] || echo "$a"; done
	echo host
	for a in $ARCHES; do [ "$a" = "$host_arch" ] || echo "$a"; done
)
all_parts() {
	local name pid
	declare -A part_of=()
	if [ "$jobs" -le 1 ]; then
		for name in $ordered_parts; do part "$name"; done
		return
	fi
	# What every architecture's tests share, made once before they start together.
	m host-tools disk > "$logs/shared.log" 2>&1 || cat "$logs/shared.log"
	for name in $ordered_parts; do
		if [ "${#part_of[@]}" -ge "$jobs" ]; then
			wait -n -p pid
			cat "$logs/${part_of[$pid]}.log"
			unset "part_of[$pid]"
		fi
		echo "check: $name started (its output follows when it ends: $logs/$name.log)"
		part "$name" > "$logs/$name.log" 2>&1 &
		part_of[$!]=$name
	done
	while [ "${#part_of[@]}" -gt 0 ]; do
		wait -n -p pid
		cat "$logs/${part_of[$pid]}.log"
		unset "part_of[$pid]"
	done
}

{
	all_parts
	# The package holds every architecture's programs' kernel: make check-all's parts
	# built them all.
	if [ "${CHECK_ALL:-0}" = 1 ]; then
		timed tests/deb.sh
	else
		skip "deb" "make deb builds every architecture's programs' kernel: make check-all runs it"
	fi
	# These two boot the kernels the tests above built.
	timed tests/docs.sh
	timed tests/tutorial.sh
} 2>&1 | tee "$logs/check.log"
# The parts' own failures are counted below; a status here means this script itself
# stopped before running every part, which counts must not hide.
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
	echo "FAIL: check: tests/check.sh stopped before running every part (see above)" | tee -a "$logs/check.log"
fi

passed=$(grep -c '^PASS' "$logs/check.log")
failed=$(grep -c '^FAIL' "$logs/check.log")
echo "check took $SECONDS s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
