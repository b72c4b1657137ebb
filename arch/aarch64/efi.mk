# SPDX-License-Identifier: MIT
# aarch64 in make efi-image (kernel/efi.mk). Included by it when ARCH=aarch64.

# vmlinuz.efi: the generic EFI decompressor (EFI_ZBOOT), a small EFI program around
# the compressed kernel; UEFI's name for a removable disk's boot program on arm64
EFI_TARGET := vmlinuz.efi
EFI_KERNEL_IMAGE := arch/arm64/boot/vmlinuz.efi
EFI_BOOT_NAME := BOOTAA64.EFI
# the screen (the firmware's frame buffer), then the PL011, last: it gets the
# kernel's /dev/console, which the harness reads
EFI_CONSOLE := console=tty0 console=ttyAMA0,115200

# Under QEMU: Debian's AAVMF on the virt board. acpi=off: AAVMF then hands the
# kernel QEMU's device tree (with ACPI tables it would hide it, and this kernel has
# no ACPI)
EFI_FIRMWARE_PACKAGE := qemu-efi-aarch64
EFI_FIRMWARE_PROBE := /usr/share/AAVMF/AAVMF_CODE.fd
EFI_MACHINE := -M virt,acpi=off \
	-drive if=pflash,format=raw,unit=0,readonly=on,file=$(EFI_FIRMWARE_PROBE) \
	-drive if=pflash,format=raw,unit=1,snapshot=on,file=/usr/share/AAVMF/AAVMF_VARS.fd
EFI_TEST_DISKS := nvme
# ramfb: a plain frame buffer in guest memory, which AAVMF hands the kernel as its
# GOP (virtio-gpu's GOP has no frame buffer the kernel could draw on)
EFI_TEST_SCREEN := -device ramfb
