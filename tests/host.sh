#!/bin/bash
# SPDX-License-Identifier: MIT
# The host-side tests (run by tests/check.sh), each twice: built plainly, and under
# AddressSanitizer and UndefinedBehaviorSanitizer (tests/tests.mk builds both).
#   unit      every tests/unit/*.c, a C program printing PASS/FAIL lines itself
#   cpio      tools/mkcpio against tests/cpio/run.sh
#   inspect   tools/inspect against tests/inspect/run.sh
#   unpack    tools/unpack against tests/unpack/run.sh
set -uo pipefail
. "$(dirname "$0")/lib.sh"
mkdir -p "$O/tests"
"$top/tools/need.sh" "to check the cpio writer's archives" cpio:cpio

for variant in plain sanitized; do
	dir=$O/host$([ $variant = plain ] || echo /sanitized)
	label=$([ $variant = plain ] || echo ' (asan+ubsan)')
	for source in tests/unit/*.c; do
		test=$(basename "$source" .c) bin=$dir/unit/$(basename "$source" .c)
		if ! m "$bin" > "$O/tests/$test.$variant.build.log" 2>&1; then
			TEST_GROUP="unit$label" fail "$test" "does not build (see $O/tests/$test.$variant.build.log)"
			continue
		fi
		TEST_GROUP="unit$label" "$bin" > "$bin.out" 2>&1
		status=$?
		cat "$bin.out"
		# A sanitizer aborts the run before the test can say FAIL.
		if [ "$status" -ne 0 ] && ! grep -q '^FAIL' "$bin.out"; then
			TEST_GROUP="unit$label" fail "$test" "exited with status $status (see $bin.out)"
		fi
	done
	for tool in cpio inspect unpack; do
		bin=$dir/$([ $tool = cpio ] && echo mkcpio || echo $tool)
		if m "$bin" "$dir/mkcpio" > "$O/tests/$tool.$variant.build.log" 2>&1; then
			TEST_GROUP="$tool$label" MKCPIO=$dir/mkcpio "tests/$tool/run.sh" "$bin" "$O/tests/$tool.$variant"
		else
			TEST_GROUP="$tool$label" fail build "does not build (see $O/tests/$tool.$variant.build.log)"
		fi
	done
done
