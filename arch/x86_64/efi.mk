# SPDX-License-Identifier: MIT
# x86_64 in make efi-image (kernel/efi.mk). Included by it when ARCH=x86_64.

# bzImage is both the PE file the firmware runs and the kernel's own decompressor;
# UEFI's name for a removable disk's boot program on this machine
EFI_TARGET := bzImage
EFI_KERNEL_IMAGE := arch/x86/boot/bzImage
EFI_BOOT_NAME := BOOTX64.EFI
# the screen (the firmware's frame buffer), then the serial port, last: it gets the
# kernel's /dev/console, which the harness reads
EFI_CONSOLE := console=tty0 console=ttyS0,115200

# Under QEMU: Debian's OVMF on the q35 PC; tests/efi.sh boots the image from each of
# the disks a PC boots from, with a VGA card whose screen it reads
EFI_FIRMWARE_PACKAGE := ovmf
EFI_FIRMWARE_PROBE := /usr/share/OVMF/OVMF_CODE_4M.fd
EFI_MACHINE := -M q35 \
	-drive if=pflash,format=raw,unit=0,readonly=on,file=$(EFI_FIRMWARE_PROBE) \
	-drive if=pflash,format=raw,unit=1,snapshot=on,file=/usr/share/OVMF/OVMF_VARS_4M.fd
EFI_TEST_DISKS := nvme ahci usb
EFI_TEST_SCREEN := -device VGA
