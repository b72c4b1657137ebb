#!/bin/bash
# make check: every test. The host-side tests (unit tests of src/lib, the cpio writer,
# the inspect and unpack tools: each plain and under ASan/UBSan), a short fuzz pass
# over every target, then for every architecture in ARCHES: reproducible builds, the
# syscall numbers, the boot tests and the failure gallery, the launcher's tests (a
# program hosted by tools/nakedinit-run on the programs' kernel) and its files out
# (-o). Each test prints one PASS, FAIL or SKIP line (tests/lib.sh); this counts
# them and ends with "N passed, M failed", exiting non-zero if any failed. Logs of
# each part are under $O/tests/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCHES:?}"
logs=$O/tests
mkdir -p "$logs"

{
	tests/host.sh
	tests/fuzz/run.sh "$O" 10	# a short pass; `make fuzz` runs longer
	for ARCH in $ARCHES; do
		export ARCH
		tests/reproducible.sh
		tests/boot.sh
		tests/launch.sh
		tests/out.sh
	done
} 2>&1 | tee "$logs/check.log"

passed=$(grep -c '^PASS' "$logs/check.log")
failed=$(grep -c '^FAIL' "$logs/check.log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
