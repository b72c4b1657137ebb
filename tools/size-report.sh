#!/bin/sh
# SPDX-License-Identifier: MIT
# size-report.sh BUILD_DIR...: one table of program sizes for the architectures
# whose build directories ($(O)/$(ARCH)) are given, against the goals in SIZE_GOALS
# ("hello=320 init=75%nolibc other=-", from tests/tests.mk: bytes, or a share of a
# C library's build of the program, which only `make bench` builds and judges), and
# the two properties the linker script promises: no segment both writable and
# executable, and a non-executable stack.
set -eu
: "${SIZE_GOALS:?SIZE_GOALS (program=bytes ...) must be set: make size sets it}"
printf '%-8s %-7s %6s %12s  %-5s %-6s %s\n' arch program bytes target fits "W+X" "stack"
for dir in "$@"; do
	arch=$(basename "$dir")
	for goal in $SIZE_GOALS; do
		program=${goal%%=*} target=${goal#*=}
		file=$dir/$program
		[ -f "$file" ] || { echo "size-report: $file: not built" >&2; exit 1; }
		bytes=$(stat -c %s "$file")
		fits=-
		case $target in
		-|*[!0-9]*) ;;	# none, or relative to a C library: make bench judges it
		*) fits=PASS; [ "$bytes" -le "$target" ] || fits=MISS ;;
		esac
		headers=$(readelf -lW "$file")
		wx=none
		echo "$headers" | awk '$1 == "LOAD" && $7 ~ /W/ && $7 ~ /E/ { found = 1 } END { exit !found }' && wx=FOUND
		stack=$(echo "$headers" | awk '$1 == "GNU_STACK" { print ($7 ~ /E/) ? "exec" : "noexec" }')
		printf '%-8s %-7s %6s %12s  %-5s %-6s %s\n' "$arch" "$program" "$bytes" "<= $target" "$fits" "$wx" "${stack:-missing}"
	done
done
