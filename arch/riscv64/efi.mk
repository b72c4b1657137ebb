# SPDX-License-Identifier: MIT
# riscv64 in make efi-image (kernel/efi.mk). Included by it when ARCH=riscv64.

# vmlinuz.efi: the generic EFI decompressor (EFI_ZBOOT), a small EFI program around
# the compressed kernel; UEFI's name for a removable disk's boot program on riscv64
EFI_TARGET := vmlinuz.efi
EFI_KERNEL_IMAGE := arch/riscv/boot/vmlinuz.efi
EFI_BOOT_NAME := BOOTRISCV64.EFI
# the serial port: there is no frame buffer console here
EFI_CONSOLE := console=ttyS0,115200

# Under QEMU: U-Boot's UEFI (Debian's build for QEMU's virt board in supervisor
# mode), which QEMU's OpenSBI starts. U-Boot boots removable disks from virtio and
# SCSI (AHCI); its bootdelay is 2 s.
EFI_FIRMWARE_PACKAGE := u-boot-qemu
EFI_FIRMWARE_PROBE := /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
EFI_MACHINE := -M virt -bios default -kernel $(EFI_FIRMWARE_PROBE)
EFI_TEST_DISKS := virtio ahci
EFI_TEST_SCREEN :=
