#!/bin/sh
# syscall-numbers.sh CC NUMBERS_H: checks each "#define NR_name N" of an architecture's
# syscall_numbers.h against __NR_name in the <asm/unistd.h> that CC (the cross
# compiler) was built with: the kernel's own uapi numbers for that architecture.
set -u
cc=$1 numbers=$2
failed=0 checked=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while read -r define name number rest; do
	[ "$define" = "#define" ] || continue
	syscall=${name#NR_}
	checked=$((checked + 1))
	printf '#include <asm/unistd.h>\n_Static_assert(__NR_%s == %s, "mismatch");\n' "$syscall" "$number" > "$tmp/check.c"
	if ! $cc -fsyntax-only "$tmp/check.c" 2> "$tmp/err"; then
		real=$(printf '#include <asm/unistd.h>\n__NR_%s\n' "$syscall" | $cc -E -P - 2>/dev/null | tail -n 1)
		echo "FAIL: $numbers: $syscall is $number here, but $real in $cc's <asm/unistd.h>"
		failed=1
	fi
done < "$numbers"
if [ "$checked" -eq 0 ]; then
	echo "FAIL: $numbers: no #define NR_ lines found"
elif [ "$failed" -eq 0 ]; then
	echo "PASS: $numbers: $checked syscall numbers match $cc's <asm/unistd.h>"
fi
