#!/bin/bash
# make check: host unit tests, the cpio writer's tests, then the boot tests of every
# architecture in ARCHES. Ends with one line "N passed, M failed"; exits non-zero
# if any test failed. Logs of each part are under $O/tests/.
set -uo pipefail
: "${ARCHES:?}" "${O:?}" "${MAKE:=make}"
here=$(cd "$(dirname "$0")" && pwd)
logs=$O/tests
mkdir -p "$logs"

{
	"$here/unit.sh" "$O"
	"$here/fuzz/run.sh" "$O" 10	# a short pass; `make fuzz` runs longer
	"$here/../tools/need.sh" "to check the cpio writer's archives" cpio:cpio
	if "$MAKE" --no-print-directory -s O="$O" "$O/host/mkcpio"; then
		"$here/cpio/run.sh" "$O/host/mkcpio" "$logs/cpio" | grep -E '^(PASS|FAIL|SKIP)' |
			sed -E 's/^(PASS|FAIL|SKIP): /\1: cpio: /'
	else
		echo "FAIL: cpio: building mkcpio failed"
	fi
	"$here/cpio/sanitized.sh" "$O"
	for arch in $ARCHES; do
		"$here/reproducible.sh" "$arch"
		"$here/boot.sh" "$arch"
	done
} 2>&1 | tee "$logs/check.log"

passed=$(grep -c '^PASS' "$logs/check.log")
failed=$(grep -c '^FAIL' "$logs/check.log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
