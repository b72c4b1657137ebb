#!/bin/bash
# SPDX-License-Identifier: MIT
# The EFI images in `make bench` (run after tests/bench/bench.sh): for each
# architecture of ARCHES, the EFI file's size against its goal (EFI_SIZE_GOAL,
# kernel/efi.mk) and against the separate kernel and initrd it replaces (the demo
# profile's, as `make run` boots them, and that kernel xz-compressed as the EFI file
# is); its boot time under its UEFI firmware (kernel/efi.mk; N runs, default 3:
# QEMU's launch to its exit, and the kernel's own timestamp on the init's result
# line); and what the large parts of the efi kernel weigh, from their objects
# (kbuild's built-in.a of each directory: text and data before compression).
# Output: a Markdown table on stdout and in $O/bench/efi.md.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
N=${N:-3}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "bench: N=$N: expected a number of runs (1 or more)" >&2; exit 2; }
out=$O/bench
mkdir -p "$out"
export TIMEOUT=${EFI_TIMEOUT:-300}
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

{
echo "| arch | EFI file | goal | kernel + initrd it replaces | the same, kernel xz | boot under firmware (median of $N) | kernel's time to the result |"
echo "|---|---|---|---|---|---|---|"
efi_arches=" $(m print-var-EFI_ARCHES) "
for a in ${ARCHES:-$(m list-arches)}; do
	export ARCH=$a
	if [[ $efi_arches != *" $a "* ]]; then
		echo "| $a | not measured: make efi-image does not support $a: there is no arch/$a/efi.mk | | | | | |"
		continue
	fi
	if ! m efi-image efi-boot-prerequisites kernel all > "$out/efi-$a.build.log" 2>&1; then
		echo "| $a | not measured: the build failed ($out/efi-$a.build.log) | | | | | |"
		continue
	fi
	{ read -r efi; read -r goal; read -r kernel; read -r initrd; read -r disks; } < \
		<(m print-var-EFI_KERNEL print-var-EFI_SIZE_GOAL print-var-KERNEL print-var-INITRD print-var-EFI_TEST_DISKS)
	size=$(stat -c %s "$efi") pair=$(($(stat -c %s "$kernel") + $(stat -c %s "$initrd")))
	pair_xz=$(($(xz -9 -c "$kernel" | wc -c) + $(stat -c %s "$initrd")))
	verdict=MISS; [ "$size" -le "$goal" ] && verdict=PASS
	disk=${disks%% *}
	command=$(m print-efi-boot-cmd EFI_DISK="$disk")
	: > "$out/efi-$a.times"; : > "$out/efi-$a.kernel-times"
	for i in $(seq "$N"); do
		start=$(date +%s%N)
		if eval "$command" < /dev/null > "$out/efi-$a.$i.log" 2>&1; then
			echo $((($(date +%s%N) - start) / 1000000)) >> "$out/efi-$a.times"
			sed -nE 's/^\[ *([0-9.]+)\] nakedinit: exit 0.*/\1/p' "$out/efi-$a.$i.log" | tr -d '\r' >> "$out/efi-$a.kernel-times"
		fi
	done
	boot=$(median < "$out/efi-$a.times") ktime=$(median < "$out/efi-$a.kernel-times")
	echo "| $a | $size B ($(mib "$size")) | <= $(mib "$goal"): $verdict | $pair B ($(mib "$pair")) | $pair_xz B ($(mib "$pair_xz")) | ${boot} ms ($disk, $(wc -l < "$out/efi-$a.times") of $N passed) | ${ktime} s |"
done
echo
echo "What the large parts of each efi kernel weigh: text + data of the objects kbuild"
echo "linked from each directory (uncompressed; the EFI file holds them xz-compressed)."
echo
echo "| arch | part | directory | bytes |"
echo "|---|---|---|---|"
for a in ${ARCHES:-$(m list-arches)}; do
	kb=$O/$a/kernel-efi
	size_tool=$(ARCH=$a m print-var-CROSS_COMPILE)size
	while read -r part dirs; do
		total=0
		for d in $dirs; do
			[ -f "$kb/$d/built-in.a" ] || continue
			bytes=$(cd "$kb" && "$size_tool" -t "$d/built-in.a" 2>/dev/null | awk 'END { print $1 + $2 }')
			total=$((total + ${bytes:-0}))
		done
		[ "$total" -gt 0 ] && echo "| $a | $part | $dirs | $total |"
	done <<-'PARTS'
	ACPI drivers/acpi
	EFI-runtime drivers/firmware/efi
	framebuffer-console drivers/video drivers/tty/vt
	USB(xHCI+storage) drivers/usb
	SATA(AHCI) drivers/ata
	SCSI-disk drivers/scsi
	NVMe drivers/nvme
	PCI drivers/pci
	input drivers/input
	PARTS
done
} | tee "$out/efi.md"
