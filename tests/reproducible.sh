#!/bin/bash
# SPDX-License-Identifier: MIT
# The same sources give byte-identical programs and initrds for $ARCH: two clean
# builds in different build directories are compared.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
dir=$O/tests/$ARCH/reproducible
rm -rf "$dir"
mkdir -p "$dir"
for copy in a b; do
	for compress in gzip lz4; do
		if ! O="$dir/$copy" m INITRD_COMPRESS=$compress all > "$dir/$copy.log" 2>&1; then
			fail "$ARCH: reproducible" "build in $dir/$copy failed (see $dir/$copy.log)"
			exit 0
		fi
	done
done
differ=
for file in "$dir/a/$ARCH"/*; do
	file=${file##*/}
	case $file in *.elf | *.spec) continue ;; esac	# symbols and paths of the build
	cmp -s "$dir/a/$ARCH/$file" "$dir/b/$ARCH/$file" || differ="$differ $file"
done
if [ -z "$differ" ]; then
	pass "$ARCH: two clean builds give byte-identical programs and initrds"
else
	fail "$ARCH: reproducible" "these differ between $dir/a and $dir/b:$differ"
fi
