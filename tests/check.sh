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
# $O/tests/.
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

{
	timed tests/host.sh
	timed tests/fuzz/run.sh "$O" 10	# a short pass; `make fuzz` runs longer
	for ARCH in $ARCHES; do
		export ARCH
		timed tests/reproducible.sh
		timed tests/boot.sh
		timed tests/image.sh
		timed tests/launch.sh
		timed tests/bring.sh
		timed tests/out.sh
	done
	unset ARCH
	# These two boot the kernels the tests above built.
	timed tests/docs.sh
	timed tests/tutorial.sh
} 2>&1 | tee "$logs/check.log"

passed=$(grep -c '^PASS' "$logs/check.log")
failed=$(grep -c '^FAIL' "$logs/check.log")
echo "check took $SECONDS s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
