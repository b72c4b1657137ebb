#!/bin/bash
# make check: every test. The host-side tests (unit tests of src/lib, the cpio writer,
# the inspect tool: each plain and under ASan/UBSan), a short fuzz pass over every
# target, then for every architecture in ARCHES: reproducible builds, the syscall
# numbers, the boot tests and the failure gallery, the image (the init built into
# the kernel: tests/image.sh), the launcher's tests (a program
# hosted by tools/nakedinit-run on the programs' kernel), the bring tests
# (dynamically linked programs, files in, the shell) and files out (-o); last, whether docs/*.md are
# what `make docs` makes of the current sources, and the tutorial
# docs/your-own-init.md, followed word for word in a scratch copy. Each test prints
# one PASS, FAIL or SKIP line (tests/lib.sh); this counts them and ends with
# "N passed, M failed", exiting non-zero if any failed. Logs of each part are under
# $O/tests/. The architectures run side by side (CHECK_JOBS, below).
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

arch_tests() {
	export ARCH=$1
	timed tests/reproducible.sh
	timed tests/boot.sh
	timed tests/image.sh
	timed tests/launch.sh
	timed tests/bring.sh
	timed tests/out.sh
	timed tests/efi.sh
}

# The architectures run side by side, CHECK_JOBS at a time (default: one per CPU):
# a boot under TCG keeps one CPU busy, so one architecture alone leaves the rest idle
# between its kernel builds. Each keeps its output in $logs/ARCH.log, shown when it
# ends; CHECK_JOBS=1 runs them one after another, shown as they go. The host's
# architecture starts first: it has the most tests (the gallery's kernel, the shell).
jobs=${CHECK_JOBS:-$(nproc)}
ordered_arches=$(printf '%s\n' $ARCHES | awk -v host="$(uname -m)" '$0 == host { print; next } { rest = rest $0 "\n" } END { printf "%s", rest }')
all_arch_tests() {
	local arch pid
	declare -A arch_of=()
	if [ "$jobs" -le 1 ]; then
		for arch in $ordered_arches; do arch_tests "$arch"; done
		return
	fi
	# What every architecture's tests share, made once before they start together.
	m host-tools disk > "$logs/shared.log" 2>&1 || cat "$logs/shared.log"
	for arch in $ordered_arches; do
		if [ "${#arch_of[@]}" -ge "$jobs" ]; then
			wait -n -p pid
			cat "$logs/${arch_of[$pid]}.log"
			unset "arch_of[$pid]"
		fi
		echo "check: $arch started (its output follows when it ends: $logs/$arch.log)"
		arch_tests "$arch" > "$logs/$arch.log" 2>&1 &
		arch_of[$!]=$arch
	done
	while [ "${#arch_of[@]}" -gt 0 ]; do
		wait -n -p pid
		cat "$logs/${arch_of[$pid]}.log"
		unset "arch_of[$pid]"
	done
}

{
	timed tests/host.sh
	timed tests/fuzz/run.sh "$O" 10	# a short pass; `make fuzz` runs longer
	all_arch_tests
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
