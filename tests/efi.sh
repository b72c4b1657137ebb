#!/bin/bash
# SPDX-License-Identifier: MIT
# UEFI tests for $ARCH (run by tests/check.sh): `make efi-image`, rebuilt to the same
# bytes, then the image booted under Debian's UEFI firmware (kernel/efi.mk) as a
# real machine boots it: the firmware finds EFI/BOOT/BOOT<machine>.EFI on the disk,
# and the init reads that very disk. Each boot goes through the harness, which
# judges the serial console; where the firmware gives the kernel a screen
# (EFI_TEST_SCREEN, arch/<arch>/efi.mk: x86_64's VGA card, aarch64's ramfb), a boot
# also checks what the screen shows.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
logs=$O/tests/$ARCH
mkdir -p "$logs"
# Firmware boots under emulation take tens of seconds before the kernel starts.
export TIMEOUT=${EFI_TIMEOUT:-300}

if [[ " $(m print-var-EFI_ARCHES) " != *" $ARCH "* ]]; then
	skip "$ARCH: efi" "make efi-image does not support $ARCH: there is no arch/$ARCH/efi.mk"
	exit 0
fi
if ! m efi-image efi-boot-prerequisites > "$logs/efi-build.log" 2>&1; then
	fail "$ARCH: efi-image" "make efi-image failed (see $logs/efi-build.log)"
	exit 0
fi
image=$O/$ARCH/nakedinit-efi.img
{ read -r kernel; read -r name; read -r disks; read -r screen; } < \
	<(m print-var-EFI_KERNEL print-var-EFI_BOOT_NAME print-var-EFI_TEST_DISKS print-var-EFI_TEST_SCREEN)

again=$logs/efi-again.img
if tools/make-efi-image.sh "$kernel" "$name" "$again" > "$logs/efi-again.log" 2>&1 &&
	cmp "$image" "$again" > "$logs/efi-again.cmp" 2>&1; then
	pass "$ARCH: the EFI disk image is byte-reproducible ($name)"
else
	fail "$ARCH: efi-image reproducible" "a second image from $kernel differs (see $logs/efi-again.cmp)"
fi
rm -f "$again"

# What the init prints of the disk's first 8 bytes (the default bytes=).
want_read=$(od -An -v -tx1 -N8 "$image" | tr -d ' \n' | sed -E 's/(.{8})(.{8})/\1 \2/')

# expect_efi_boot NAME LOG: the init greeted, read the disk's first bytes and
# reported exit 0 (its lines come through the kernel log: out=/dev/kmsg).
expect_efi_boot() {
	expect_output "$1" "$2" "nakedinit: hello from $ARCH" "nakedinit: Read $want_read\$" \
		"nakedinit: exit 0\$" "^boot: passed"
}

# efi_boot_log NAME MAKE-ARGS...: as boot_log (tests/lib.sh), for `make efi-boot`.
efi_boot_log() {
	local command status log=$logs/$1
	shift
	command=$(m print-efi-boot-cmd "$@") || return 105
	eval "$command" > "$log.raw" 2>&1 < /dev/null
	status=$?
	tr -d '\r' < "$log.raw" > "$log.log"
	return $status
}

for disk in $disks; do
	name="efi-$disk" status=0
	efi_boot_log "$name" EFI_DISK="$disk" || status=$?
	expect_status "$ARCH: $name" 0 "$status" &&
		expect_efi_boot "$ARCH: $name" "$logs/$name.log" &&
		pass "$ARCH: UEFI firmware boots the image from $disk; the init reads it and exits 0"
done

# The screen: what a person in front of the machine sees. QEMU keeps the stopped
# machine after its power-off (-no-shutdown), so the screen can be read once the
# serial console says the kernel powered off; the monitor (HMP, on a pair of FIFOs)
# dumps it to a file and quits. The check reads the dump with OCR (tesseract): the
# frame buffer console draws the kernel's 8x16 font, which tesseract reads
# well at OVMF's 1280x800 and AAVMF's 800x600 (it may misread a hex digit: the
# words are checked, not the hex). The greeting and result line on the screen show that the firmware's
# frame buffer reached the kernel and the init's lines reached the screen.
# The serial console is judged by the harness as for the other boots.
[ -n "$screen" ] || exit 0
"$top/tools/need.sh" "for the screen check" tesseract-ocr:tesseract \
	'tesseract-ocr-eng:/usr/share/tesseract-ocr/*/tessdata/eng.traineddata' || exit 1
name=efi-screen shot=$logs/efi-screen.ppm mon=$logs/efi-monitor
rm -f "$shot" "$mon.in" "$mon.out"
mkfifo "$mon.in" "$mon.out"
status=0
efi_boot_log "$name" EFI_DISK=nvme \
	EFI_QEMU_ARGS="$screen -no-shutdown -chardev pipe,id=mon,path=$mon -mon chardev=mon,mode=readline" &
boot=$!
cat "$mon.out" > /dev/null &
drain=$!
# Wait for the power-off on the console (bounded by TIMEOUT), then dump and quit.
for _ in $(seq "$((TIMEOUT * 2))"); do
	grep -q 'reboot: Power down' "$logs/$name.raw" 2> /dev/null && break
	sleep 0.5
done
printf 'screendump %s\nquit\n' "$shot" > "$mon.in"
wait "$boot" || status=$?
kill "$drain" 2> /dev/null
rm -f "$mon.in" "$mon.out"
if expect_status "$ARCH: $name" 0 "$status" && expect_efi_boot "$ARCH: $name" "$logs/$name.log"; then
	if [ ! -s "$shot" ]; then
		fail "$ARCH: $name" "no screen dump at $shot"
	elif ! tesseract "$shot" - > "$logs/$name.ocr" 2> "$logs/$name.ocr.err"; then
		fail "$ARCH: $name" "tesseract could not read $shot (see $logs/$name.ocr.err)"
	else
		expect_output "$ARCH: $name" "$logs/$name.ocr" "nakedinit: hello from $ARCH" \
			"nakedinit: exit 0" &&
			pass "$ARCH: the screen shows the init's greeting and result (OCR of $shot)"
	fi
fi
