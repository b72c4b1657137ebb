#!/bin/sh
# SPDX-License-Identifier: MIT
# syscall-numbers.sh CC NUMBERS_H: checks each "#define NR_name N" of an architecture's
# syscall_numbers.h against __NR_name in the <asm/unistd.h> that CC (the cross
# compiler) finds: the kernel's own uapi numbers for that architecture.
set -u
cc=$1 numbers=$2
failed=0 checked=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# What CC's preprocessor makes of TEXT, after including <asm/unistd.h>.
expand() { printf '#include <asm/unistd.h>\n%s\n' "$1" > "$tmp/in.c" && $cc -E -P "$tmp/in.c" 2> "$tmp/err" | tail -n 1; }
if ! expand "" > /dev/null || [ -s "$tmp/err" ]; then
	echo "FAIL: $numbers: $cc cannot find <asm/unistd.h>: $(head -n 1 "$tmp/err")"
	exit 0
fi
while read -r define name number rest; do
	[ "$define" = "#define" ] || continue
	syscall=${name#NR_}
	checked=$((checked + 1))
	real=$(expand "__NR_$syscall")
	if [ "$real" = "__NR_$syscall" ]; then
		echo "FAIL: $numbers: $syscall is $number here, but $cc's <asm/unistd.h> has no __NR_$syscall"
		failed=1
	elif case $real in *[!0-9\ \(\)+]*) true ;; *) [ "$(($real))" != "$number" ] ;; esac; then
		echo "FAIL: $numbers: $syscall is $number here, but $real in $cc's <asm/unistd.h>"
		failed=1
	fi
done < "$numbers"
if [ "$checked" -eq 0 ]; then
	echo "FAIL: $numbers: no #define NR_ lines found"
elif [ "$failed" -eq 0 ]; then
	echo "PASS: $numbers: $checked syscall numbers match $cc's <asm/unistd.h>"
fi
