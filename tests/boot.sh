#!/bin/bash
# Boot tests for one architecture: tests/boot.sh ARCH (run by tests/check.sh).
# Each boots a real kernel under QEMU through `make boot`, as a user would, and
# checks both what the guest printed and the harness's exit status.
set -uo pipefail
arch=$1
: "${O:?}" "${MAKE:=make}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
m() { "$MAKE" --no-print-directory -s O="$O" ARCH="$arch" "$@"; }
B=$O/$arch
logs=$O/tests/$arch
mkdir -p "$logs"

m tests-prerequisites > "$logs/build.log" 2>&1 || {
	fail "$arch: build" "make tests-prerequisites failed (see $logs/build.log)"
	exit 0
}
m check-syscall-numbers

# boot NAME WANT-STATUS MAKE-ARGS...: boots, keeps the console in $logs/NAME.log.
boot() {
	local name=$1 want=$2 status
	shift 2
	# The harness itself, not `make boot`, whose status would be make's own 2.
	local command
	command=$(m print-boot-cmd "$@") || { fail "$arch: $name" "make print-boot-cmd failed"; return 1; }
	eval "$command" > "$logs/$name.raw" 2>&1
	status=$?
	tr -d '\r' < "$logs/$name.raw" > "$logs/$name.log"
	expect_status "$arch: $name" "$want" "$status"
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
		fail "$arch: $1" "printed hex differs from the disk's first $2 bytes (see $logs/$1.diff)"
		return 1
	fi
}

boot hello 0 PROGRAM=hello &&
	expect_output "$arch: hello" "$logs/hello.log" "^nakedinit: hello from $arch" "reboot: Power down" &&
	pass "$arch: hello greets and powers off"

boot init 0 &&
	expect_output "$arch: init" "$logs/init.log" "Run /init as init process" \
		"^nakedinit: hello from $arch" "^nakedinit: exit 0$" "^boot: passed" &&
	expect_hex init 8 &&
	pass "$arch: init prints the disk's first 8 bytes and exits 0"

boot init-36-bytes 0 CMDLINE="bytes=36" &&
	expect_hex init-36-bytes 36 &&
	pass "$arch: init prints 36 bytes given on the kernel command line, 16 a line"

boot init-512-bytes 0 CMDLINE="bytes=512" &&
	expect_hex init-512-bytes 512 &&
	pass "$arch: init prints the most it may read, 512 bytes"

boot disk-option 4 CMDLINE="disk=/dev/vdz" &&
	expect_output "$arch: disk-option" "$logs/disk-option.log" "^nakedinit: open /dev/vdz: ENOENT \(-2\)$" &&
	pass "$arch: init opens the disk named on the command line"

# An option word as long as the kernel's command line allows: the init reports it,
# cut short, and powers off; its line buffer is sized for valid words only.
cmdline=$(m print-var-KERNEL_CMDLINE) max=$(m print-var-KERNEL_CMDLINE_MAX)
long_word=disk=/$(head -c $((max - 1 - ${#cmdline} - 1 - 6)) /dev/zero | tr '\0' a)
boot long-option 2 CMDLINE="$long_word" &&
	expect_output "$arch: long-option" "$logs/long-option.log" \
		"^nakedinit: option disk=/a+\.\.\.: EINVAL \(-22\)$" "^nakedinit: exit 2$" "reboot: Power down" &&
	! grep -q 'Kernel panic' "$logs/long-option.log" &&
	pass "$arch: a ${#long_word}-character option word, the most the command line holds, is refused"

for compress in none lz4; do
	m INITRD_COMPRESS=$compress initrd > "$logs/initrd-$compress.build.log" 2>&1 &&
		boot "initrd-$compress" 0 INITRD_COMPRESS=$compress &&
		expect_hex "initrd-$compress" 8 &&
		pass "$arch: init boots from an initrd compressed with INITRD_COMPRESS=$compress"
done

boot no-disk 4 DISK=none &&
	expect_output "$arch: no-disk" "$logs/no-disk.log" "^nakedinit: open /dev/vda: ENOENT \(-2\)$" \
		"^nakedinit: exit 4$" "reboot: Power down" &&
	pass "$arch: init without a disk reports ENOENT and powers off with exit 4"

# An initrd whose /init was built for another architecture.
other=$(m list-arches | tr ' ' '\n' | grep -vx "$arch" | head -n 1)
if m ARCH="$other" programs > "$logs/other-arch-build.log" 2>&1 &&
	printf '%s\n' 'dir /dev 0755 0 0' 'nod /dev/console 0600 0 0 c 5 1' \
		"file /init $O/$other/init 0755 0 0" > "$logs/wrong-arch.spec" &&
	"$O/host/mkcpio" -o "$logs/wrong-arch.cpio" "$logs/wrong-arch.spec"; then
	boot wrong-arch 100 INITRD="$logs/wrong-arch.cpio" &&
		expect_output "$arch: wrong-arch" "$logs/wrong-arch.log" "Failed to execute /init \(error -8\)" \
			"^boot: failed: /init is not an executable for this architecture" &&
		pass "$arch: an $other /init is diagnosed as the wrong architecture"
else
	fail "$arch: wrong-arch" "could not build the $other init or its initrd (see $logs/other-arch-build.log)"
fi

# Not PID 1: run as an ordinary process under user-mode QEMU, in a user namespace
# where mount and reboot could only fail. -strace lists every system call it made.
status=0
unshare --user --map-root-user --mount "qemu-$arch" -strace "$B/init" \
	> "$logs/not-pid1.out" 2> "$logs/not-pid1.err" || status=$?
calls=$(grep -oE '^[0-9]+ [a-z_0-9]+\(' "$logs/not-pid1.err" | sed 's/^[0-9]* //; s/($//' | sort -u | tr '\n' ' ')
if expect_status "$arch: not-pid1" 1 "$status" &&
	expect_output "$arch: not-pid1" "$logs/not-pid1.err" "refus.*PID 1|PID 1.*refus"; then
	if [ "$calls" = "exit_group getpid write " ]; then
		pass "$arch: init refuses to run when not PID 1, touching nothing"
	else
		fail "$arch: not-pid1" "system calls made: $calls(expected only getpid, write, exit_group)"
	fi
fi

# The failure gallery (tests/gallery/gallery.sh): every broken initrd, /init, disk,
# command line and kernel it holds, each booted and checked, one line each.
ARCH=$arch O=$O MAKE=$MAKE "$here/gallery/gallery.sh" check
