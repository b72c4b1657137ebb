#!/bin/bash
# SPDX-License-Identifier: MIT
# Boot tests for $ARCH (run by tests/check.sh), then its failure gallery. Each boots
# a real kernel under QEMU as `make boot` does, and checks both what the guest
# printed and the harness's exit status.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
logs=$O/tests/$ARCH
mkdir -p "$logs"

m tests-prerequisites > "$logs/build.log" 2>&1 || {
	fail "$ARCH: build" "make tests-prerequisites failed (see $logs/build.log)"
	exit 0
}
m check-syscall-numbers

# boot NAME WANT-STATUS MAKE-ARGS...: boot_log, and the status it must end with.
boot() {
	local name=$1 want=$2 status
	shift 2
	boot_log "$name" "$@"
	status=$?
	expect_status "$ARCH: $name" "$want" "$status"
}

# The hex lines the init prints for the first N bytes of FILE.
hex_lines() {
	od -An -v -tx1 -N"$2" "$1" | tr -s ' \n' '  ' | awk '{
		for (i = 1; i <= NF; i += 16) {
			line = "nakedinit: Read"
			for (j = i; j < i + 16 && j <= NF; j++)
				line = line ((j - i) % 4 ? "" : " ") $j
			print line
		}
	}'
}

# expect_hex NAME COUNT: the hex the init printed equals the disk's first COUNT bytes.
expect_hex() {
	if ! diff <(hex_lines "$O/disk.img" "$2") <(grep '^nakedinit: Read' "$logs/$1.log") > "$logs/$1.diff"; then
		fail "$ARCH: $1" "printed hex differs from the disk's first $2 bytes (see $logs/$1.diff)"
		return 1
	fi
}

boot hello 0 PROGRAM=hello &&
	expect_output "$ARCH: hello" "$logs/hello.log" "^nakedinit: hello from $ARCH" "reboot: Power down" &&
	pass "$ARCH: hello greets and powers off"

boot init 0 &&
	expect_output "$ARCH: init" "$logs/init.log" "Run /init as init process" \
		"^nakedinit: hello from $ARCH" "^nakedinit: exit 0$" "^boot: passed" &&
	expect_hex init 8 &&
	pass "$ARCH: init prints the disk's first 8 bytes and exits 0"

boot init-36-bytes 0 CMDLINE="bytes=36" &&
	expect_hex init-36-bytes 36 &&
	pass "$ARCH: init prints 36 bytes given on the kernel command line, 16 a line"

boot init-512-bytes 0 CMDLINE="bytes=512" &&
	expect_hex init-512-bytes 512 &&
	pass "$ARCH: init prints the most it may read, 512 bytes"

boot disk-option 4 CMDLINE="disk=/dev/vdz" &&
	expect_output "$ARCH: disk-option" "$logs/disk-option.log" "^nakedinit: open /dev/vdz: ENOENT \(-2\)$" &&
	pass "$ARCH: init opens the disk named on the command line"

for compress in none lz4; do
	m INITRD_COMPRESS=$compress initrd > "$logs/initrd-$compress.build.log" 2>&1 &&
		boot "initrd-$compress" 0 INITRD_COMPRESS=$compress &&
		expect_hex "initrd-$compress" 8 &&
		pass "$ARCH: init boots from an initrd compressed with INITRD_COMPRESS=$compress"
done

# Not PID 1: run as an ordinary process under user-mode QEMU, in a user namespace
# where mount and reboot could only fail. -strace lists every system call it made.
status=0
unshare --user --map-root-user --mount "qemu-$ARCH" -strace "$O/$ARCH/init" \
	> "$logs/not-pid1.out" 2> "$logs/not-pid1.err" || status=$?
calls=$(grep -oE '^[0-9]+ [a-z_0-9]+\(' "$logs/not-pid1.err" | sed 's/^[0-9]* //; s/($//' | sort -u | tr '\n' ' ')
if expect_status "$ARCH: not-pid1" 1 "$status" &&
	expect_output "$ARCH: not-pid1" "$logs/not-pid1.err" "refus.*PID 1|PID 1.*refus"; then
	if [ "$calls" = "exit_group getpid write " ]; then
		pass "$ARCH: init refuses to run when not PID 1, touching nothing"
	else
		fail "$ARCH: not-pid1" "system calls made: $calls(expected only getpid, write, exit_group)"
	fi
fi

"$top/tests/gallery/gallery.sh" check
