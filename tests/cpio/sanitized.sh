#!/bin/bash
# The cpio writer's tests (tests/cpio/run.sh) again, against mkcpio built with clang
# under AddressSanitizer and UndefinedBehaviorSanitizer: tests/cpio/sanitized.sh BUILD_DIR
# Prints run.sh's lines as "PASS: cpio (asan+ubsan): ..." (tests/check.sh counts them).
# A sanitizer report is printed on stderr, which run.sh's cases check to be exactly
# the expected message, and -fno-sanitize-recover makes it exit non-zero: either
# way the case fails.
set -uo pipefail
O=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=$O/host/mkcpio-sanitized
mkdir -p "$O/host"
. "$top/tests/lib.sh"
need_sanitizers "for the sanitizer build of mkcpio"
if ! clang -std=c11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-o "$bin" "$top/tools/mkcpio.c" > "$bin.log" 2>&1; then
	echo "FAIL: cpio (asan+ubsan): mkcpio does not compile (see $bin.log)"
	exit 1
fi
# (The work directory's name has no "+": run.sh puts its path in a regex.)
"$here/run.sh" "$bin" "$O/tests/cpio-sanitized" | grep -E '^(PASS|FAIL|SKIP)' |
	sed -E 's/^(PASS|FAIL|SKIP): /\1: cpio (asan+ubsan): /'
