#!/bin/bash
# SPDX-License-Identifier: MIT
# build-kernel.sh: build nakedinit's minimal kernel for one architecture.
#
# Usage: build-kernel.sh SOURCE UNPACKDIR OUTDIR KERNEL_ARCH CROSS_COMPILE FRAGMENT TARGET IMAGE
#   SOURCE   a kernel tree, or a tarball (unpacked once under UNPACKDIR)
#   OUTDIR   kbuild output directory (O=); the image lands at OUTDIR/IMAGE
#   TARGET   the kbuild target that makes IMAGE (vmlinux, Image, ...)
# Configuration is `tinyconfig`, then FRAGMENT merged in, then `olddefconfig`; every
# fragment option must land (kconfig-check.sh). A build whose source, fragment and
# compiler match the last one does nothing. V=1 shows kbuild's own output.
set -euo pipefail

source=$1 unpackdir=$2 outdir=$3 karch=$4 cross=$5 fragment=$6 target=$7 image=$8
here=$(cd "$(dirname "$0")" && pwd)
jobs=$(nproc)

die() { echo "kernel: $*" >&2; exit 1; }

[ -e "$source" ] || die "KERNEL_SRC=$source does not exist (a kernel tree or a linux-source tarball)"
[ -f "$fragment" ] || die "$fragment: no such kernel config fragment"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

# What we change in the kernel's own source, each patch with a comment on why:
# applied to an unpacked tarball, not to a tree given as the source.
patches=("$here"/../kernel/patches/*.patch)
[ -e "${patches[0]}" ] || patches=()
patches_sum=$(cat ${patches[@]+"${patches[@]}"} | sha256sum)

# What the image depends on, beyond kbuild's own tracking of the tree.
key="source=$(realpath "$source") $(stat -c '%s %Y' "$source") patches=$patches_sum
fragment=$(sha256sum < "$fragment")
compiler=$(${cross}gcc --version | head -n 1)
builder=$(sha256sum < "$0")"
# A tarball cannot change unseen; a tree can, so a tree always goes through kbuild,
# which rebuilds only what changed.
if [ -f "$source" ] && [ -f "$outdir/$image" ] && [ -f "$outdir/.nakedinit-key" ] &&
   [ "$(cat "$outdir/.nakedinit-key")" = "$key" ]; then
	echo "kernel: $outdir/$image is up to date"
	exit 0
fi
rm -f "$outdir/.nakedinit-key"

if [ -d "$source" ]; then
	tree=$(realpath "$source")
	[ -f "$tree/Makefile" ] && [ -d "$tree/kernel" ] || die "$source does not look like a kernel source tree"
	[ ${#patches[@]} -eq 0 ] || echo "kernel: $source is a tree: used as it is, without kernel/patches (${patches[*]##*/})"
else
	# One unpacked copy per tarball, shared by every architecture's build.
	name=$(basename "$source"); name=${name%.tar.*}
	tree="$unpackdir/$name"
	# Builds for several architectures at once (make check) share the one copy.
	mkdir -p "$unpackdir"
	exec 8> "$unpackdir/.lock"
	flock 8
	# Unpacked anew when kernel/patches change: the stamp holds their checksum.
	if [ ! -f "$tree/.nakedinit-unpacked" ] || [ "$(cat "$tree/.nakedinit-unpacked")" != "$patches_sum" ]; then
		echo "kernel: unpacking $source into $tree (once, about a minute)"
		rm -rf "$tree.partial"
		mkdir -p "$tree.partial"
		tar -xf "$source" -C "$tree.partial" --strip-components=1
		for patch in "${patches[@]}"; do
			echo "kernel: applying ${patch#"$here/../"}"
			patch -s -p1 -d "$tree.partial" < "$patch" || die "$patch does not apply to $source"
		done
		rm -rf "$tree"
		mv "$tree.partial" "$tree"
		echo "$patches_sum" > "$tree/.nakedinit-unpacked"
	fi
	exec 8>&-
	tree=$(realpath "$tree")
fi

# The kernel stamps its build's date, user, host and count into the image (the banner,
# uname): fixed here, so the same sources give the same bytes on any machine. The date
# is the source's own, that of its top Makefile.
export KBUILD_BUILD_TIMESTAMP KBUILD_BUILD_USER=nakedinit KBUILD_BUILD_HOST=nakedinit KBUILD_BUILD_VERSION=1
KBUILD_BUILD_TIMESTAMP=$(date -u -d "@$(stat -c %Y "$tree/Makefile")" '+%a %b %e %H:%M:%S UTC %Y')
kmake() { make -C "$tree" O="$outdir" ARCH="$karch" CROSS_COMPILE="$cross" "$@"; }

echo "kernel: configuring (tinyconfig + $fragment)"
kmake -s tinyconfig > "$outdir/config.log" 2>&1 || { cat "$outdir/config.log"; die "tinyconfig failed"; }
"$tree/scripts/kconfig/merge_config.sh" -m -O "$outdir" "$outdir/.config" "$fragment" >> "$outdir/config.log" 2>&1 ||
	{ cat "$outdir/config.log"; die "merging $fragment failed"; }
kmake -s olddefconfig >> "$outdir/config.log" 2>&1 || { cat "$outdir/config.log"; die "olddefconfig failed"; }
"$here/kconfig-check.sh" "$fragment" "$outdir/.config" || die "the configuration is not what $fragment asks for"

echo "kernel: building $target for $karch with $jobs jobs (about 2 minutes; log: $outdir/build.log)"
start=$SECONDS
kind=clean
[ -e "$outdir/vmlinux" ] && kind=incremental
if [ "${V:-0}" = 1 ]; then
	kmake -j"$jobs" "$target" 2>&1 | tee "$outdir/build.log"
else
	# kbuild prints one line per step; show a running count instead of a thousand lines.
	kmake -j"$jobs" "$target" 2>&1 | tee "$outdir/build.log" | awk -v start="$start" '
		/^  [A-Z]/ { steps++ }
		steps && steps % 200 == 0 && !shown[steps]++ { printf "kernel: %d steps done\n", steps; fflush() }
		/: error:|^make.*Error/ { print; fflush() }'
fi || { tail -n 30 "$outdir/build.log"; die "build failed; the whole log is $outdir/build.log"; }
[ -f "$outdir/$image" ] || die "the build finished but $outdir/$image is missing"
echo "kernel: built $outdir/$image in $((SECONDS - start)) s ($(stat -c %s "$outdir/$image") bytes)"
# For `make bench`: how long the last build took, and whether it started from nothing.
echo "$((SECONDS - start)) $kind" > "$outdir/build-seconds"
echo "$key" > "$outdir/.nakedinit-key"
