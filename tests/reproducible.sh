#!/bin/bash
# The same sources give byte-identical programs and initrds: two clean builds in
# different build directories are compared. tests/reproducible.sh ARCH
set -uo pipefail
arch=$1
: "${O:?}" "${MAKE:=make}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
dir=$O/tests/$arch/reproducible
rm -rf "$dir"
mkdir -p "$dir"
for copy in a b; do
	for compress in gzip lz4; do
		if ! "$MAKE" --no-print-directory -s O="$dir/$copy" ARCH="$arch" INITRD_COMPRESS=$compress all \
			> "$dir/$copy.log" 2>&1; then
			fail "$arch: reproducible" "build in $dir/$copy failed (see $dir/$copy.log)"
			exit 0
		fi
	done
done
differ=
for file in hello init hello.cpio init.cpio hello.cpio.gz init.cpio.gz hello.cpio.lz4 init.cpio.lz4; do
	cmp -s "$dir/a/$arch/$file" "$dir/b/$arch/$file" || differ="$differ $file"
done
if [ -z "$differ" ]; then
	pass "$arch: two clean builds give byte-identical programs and initrds"
else
	fail "$arch: reproducible" "these differ between $dir/a and $dir/b:$differ"
fi
