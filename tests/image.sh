#!/bin/bash
# SPDX-License-Identifier: MIT
# make image for $ARCH (run by tests/check.sh): the kernel with the init built in
# boots with -kernel alone and does what `make run` does; `make run IMAGE=1` adds
# CMDLINE to its built-in command line; a second build elsewhere gives the same
# bytes; and an image with another init only relinks the kernel.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
logs=$O/tests/$ARCH
dir=$logs/image
mkdir -p "$logs"

m tests-prerequisites image > "$logs/image.build.log" 2>&1 || {
	fail "$ARCH: image" "make image failed (see $logs/image.build.log)"
	exit 0
}
image=$O/$ARCH/init.image

# Nothing but -kernel: no -initrd, no -append (not even the host's TSC rate).
command=$(m print-qemu-cmd IMAGE=1 KERNEL_CMDLINE_HOST=)
case " $command " in
*" -initrd "* | *" -append "*) fail "$ARCH: image alone" "the QEMU command has -initrd or -append: $command" ;;
*)
	boot_log image-alone IMAGE=1 KERNEL_CMDLINE_HOST=
	expect_status "$ARCH: image alone" 0 $? &&
		expect_output "$ARCH: image alone" "$logs/image-alone.log" "Run /init as init process" \
			"^nakedinit: hello from $ARCH" "^nakedinit: Read [0-9a-f]{8} [0-9a-f]{8}$" \
			"^nakedinit: exit 0$" "reboot: Power down" "^boot: passed" &&
		pass "$ARCH: the image boots with -kernel alone, runs the init and exits 0"
	;;
esac

boot_log image-cmdline IMAGE=1 CMDLINE="bytes=16"
expect_status "$ARCH: image with CMDLINE" 0 $? &&
	expect_output "$ARCH: image with CMDLINE" "$logs/image-cmdline.log" "^nakedinit: hello from $ARCH" \
		"^nakedinit: Read( [0-9a-f]{8}){4}$" "^nakedinit: exit 0$" &&
	pass "$ARCH: make run IMAGE=1 CMDLINE=... adds to the image's own command line"

# What follows builds the image twice more, for kbuild's sake more than the
# architecture's: where the run tests in full (tests/lib.sh).
if ! tested_in_full; then
	skip "$ARCH: image rebuilt elsewhere, and with another init" "make check runs these on the host's architecture, make check-all on every one"
	exit 0
fi

# Again in a scratch build directory holding a copy of the demo's kernel tree, as
# a new machine would have built it: the same bytes.
# The kernel source is shared, as the kbuild tree recorded its path (a tarball is
# unpacked under $O/src).
rm -rf "$dir"
mkdir -p "$dir/$ARCH"
cp -a "$O/$ARCH/kernel-demo" "$dir/$ARCH/"
[ ! -d "$O/src" ] || ln -s "$(cd "$O/src" && pwd -P)" "$dir/src"
if ! O=$dir m image > "$dir/init.log" 2>&1; then
	fail "$ARCH: image reproducible" "make image in $dir failed (see $dir/init.log)"
elif cmp -s "$image" "$dir/$ARCH/init.image"; then
	pass "$ARCH: a second image, built in another directory, is byte-identical"
else
	fail "$ARCH: image reproducible" "$image and $dir/$ARCH/init.image differ"
fi

# Another init: kbuild compiles next to nothing (its CC lines, in the build's log)
# and relinks; the image greets as that init.
most=5
if ! O=$dir m image PROGRAM=hello > "$dir/hello.log" 2>&1; then
	fail "$ARCH: image relink" "make image PROGRAM=hello in $dir failed (see $dir/hello.log)"
else
	compiled=$(grep -c '^  CC ' "$dir/$ARCH/kernel-image/build.log")
	boot_log image-hello IMAGE=1 PROGRAM=hello KERNEL="$dir/$ARCH/hello.image" DISK=none
	status=$?
	if [ "$compiled" -gt "$most" ]; then
		fail "$ARCH: image relink" "another init compiled $compiled kernel files, more than $most (see $dir/$ARCH/kernel-image/build.log)"
	elif expect_status "$ARCH: image relink" 0 "$status" &&
		expect_output "$ARCH: image relink" "$logs/image-hello.log" "^nakedinit: hello from $ARCH"; then
		pass "$ARCH: an image with another init compiles $compiled kernel files, relinks and boots it"
	fi
fi
rm -rf "$dir"
