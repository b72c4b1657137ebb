#!/bin/bash
# Host unit tests of src/fmt.c, built twice: plainly, and under AddressSanitizer and
# UndefinedBehaviorSanitizer (clang). tests/unit.sh BUILD_DIR
set -uo pipefail
O=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=$O/tests/unit
mkdir -p "$out"
. "$here/lib.sh"
need_sanitizers "for the sanitizer builds of the unit tests"
flags="-std=c11 -O1 -g -Wall -Wextra -Werror"
variants=("gcc $flags" "clang $flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer")
names=(plain asan+ubsan)
for i in "${!variants[@]}"; do
	bin=$out/test_fmt.${names[$i]}
	if ! ${variants[$i]} -o "$bin" "$here/unit/test_fmt.c" "$top/src/fmt.c" 2> "$bin.log"; then
		echo "FAIL: unit (${names[$i]}): does not compile (see $bin.log)"
		continue
	fi
	"$bin" > "$bin.out" 2>&1
	status=$?
	sed -n "s/^\(PASS\|FAIL\): unit: /\1: unit (${names[$i]}): /p" "$bin.out"
	# A sanitizer aborts the run before its group can say FAIL.
	if [ "$status" -ne 0 ] && ! grep -q '^FAIL' "$bin.out"; then
		echo "FAIL: unit (${names[$i]}): exited with status $status (see $bin.out)"
	fi
done
