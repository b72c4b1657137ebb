#!/bin/sh
# SPDX-License-Identifier: MIT
# make-efi-image.sh EFI-FILE NAME OUTPUT: a raw GPT disk image, made without root,
# whose one partition, an EFI system partition (FAT), holds EFI-FILE as
# EFI/BOOT/NAME: the path UEFI firmware boots removable media from (BOOTX64.EFI,
# BOOTAA64.EFI, BOOTRISCV64.EFI). dd it to a USB stick.
#
# Byte-reproducible: the GUIDs, the FAT volume id and every timestamp are fixed,
# so the same EFI-FILE gives the same image on any machine.
#   GPT: sgdisk (gdisk) on the image file; FAT: mkfs.fat (dosfstools) and mtools
#   on a file of the partition's size, copied into place.
set -eu
[ $# -eq 3 ] || { echo "usage: make-efi-image.sh EFI-FILE NAME OUTPUT" >&2; exit 2; }
efi=$1 name=$2 out=$3
[ -f "$efi" ] || { echo "make-efi-image: $efi: no such file (make efi-image builds it)" >&2; exit 1; }

mib=1048576
# The partition: the file plus 1 MiB for the file system's own tables, at least
# 8 MiB. It starts at 1 MiB (sector 2048), the usual alignment; the backup GPT takes
# the disk's last 33 sectors, so the disk has 1 MiB more after the partition.
esp_mib=$(( ($(stat -c %s "$efi") + mib - 1) / mib + 1 ))
[ "$esp_mib" -ge 8 ] || esp_mib=8
disk_mib=$((esp_mib + 2))
# Fixed GUIDs ("nakedinit" in ASCII, then the partition's number): firmware and
# kernels need them unique among the disks of one machine, not random.
disk_guid=6e616b65-6469-6e69-7400-000000000000
part_guid=6e616b65-6469-6e69-7400-000000000001
# Every file system timestamp: mtools reads SOURCE_DATE_EPOCH (here 1980-01-01, FAT's
# first day); mkfs.fat --invariant fixes its own dates, -i the volume id.
export SOURCE_DATE_EPOCH=315532800 MTOOLS_SKIP_CHECK=1

tmp=$out.tmp esp=$out.esp.tmp
trap 'rm -f "$tmp" "$esp"' EXIT
rm -f "$tmp" "$esp"
truncate -s "$((disk_mib * mib))" "$tmp"
sgdisk --clear --disk-guid="$disk_guid" \
	--new="1:2048:+${esp_mib}M" --typecode=1:ef00 --partition-guid="1:$part_guid" \
	--change-name=1:"EFI system partition" "$tmp" > /dev/null
# The protective MBR's boot code, which UEFI never runs: int 0x18 (a legacy BIOS that
# runs it goes on to its next boot device), a halt loop should that return, and a
# line naming the disk. The init prints these first bytes: cd18f4eb fd6e616b.
printf '\315\030\364\353\375nakedinit: a UEFI boot disk (GPT); no legacy BIOS boot\n' |
	dd of="$tmp" conv=notrunc status=none

# FAT12 or 16, as mkfs.fat picks for the size: the UEFI spec has firmware read both
# on removable media, and FAT32 would need a partition of 32 MiB or more.
mkfs.fat -C --invariant -i 6e616b65 -n NAKEDINIT "$esp" "$((esp_mib * 1024))" > /dev/null
mmd -i "$esp" ::/EFI ::/EFI/BOOT
mcopy -i "$esp" "$efi" "::/EFI/BOOT/$name"
dd if="$esp" of="$tmp" bs="$mib" seek=1 conv=notrunc status=none
sgdisk --verify "$tmp" > /dev/null
mv "$tmp" "$out"
