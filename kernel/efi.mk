# SPDX-License-Identifier: MIT
# `make efi-image`: one file to dd to a USB stick, which a UEFI PC, arm64 board or
# riscv64 board boots straight into the init. Included by the Makefile.
#
# The kernel profile efi (kernel/efi.config, plus arch/$(ARCH)/efi.config where there
# is one) builds the kernel's EFI-stub image, a PE/COFF file the firmware runs, with
# the init's initrd and the command line built in (the generated fragment below).
# tools/make-efi-image.sh puts it in a GPT disk image as EFI/BOOT/BOOT<machine>.EFI,
# the path firmware boots removable media from.

# Each architecture's part, arch/$(ARCH)/efi.mk: the kbuild target that makes the PE
# file and where it lands, its name on the EFI system partition (the UEFI spec's
# default for the machine), the consoles, and the firmware that boots it under QEMU.
# An architecture without one has no EFI image.
EFI_ARCHES := $(patsubst arch/%/efi.mk,%,$(wildcard arch/*/efi.mk))
-include arch/$(ARCH)/efi.mk

kernel_fragment.efi := kernel/efi.config $(wildcard arch/$(ARCH)/efi.config) $(B)/kernel-efi.builtin.config

ifeq ($(KERNEL_PROFILE),efi)
KERNEL_TARGET := $(EFI_TARGET)
KERNEL_IMAGE := $(EFI_KERNEL_IMAGE)
BUILT_KERNEL := $(KBUILD)/$(KERNEL_IMAGE)
endif
EFI_KERNEL := $(B)/kernel-efi/$(EFI_KERNEL_IMAGE)
EFI_IMAGE := $(B)/nakedinit-efi.img

# The built-in command line. The consoles (EFI_CONSOLE) end with the serial port: it
# gets the kernel's /dev/console, which the harness reads; out=/dev/kmsg sends the
# init's lines through the kernel log, which every console shows, the screen too
# (printk.devkmsg=on: the log takes more than ten lines from user space at once).
# A real machine names its boot disk by what it is plugged into: the init reads
# the first of disk= that exists, waiting up to diskwait= seconds for one (USB
# disks appear after the init has started). panic=10: a real machine's user gets
# ten seconds to read a panic before the machine restarts. No tsc_early_khz: a
# real PC calibrates its TSC, and the image must not depend on the build host.
# CMDLINE= adds to it (later words win).
EFI_DISKS := /dev/sda,/dev/nvme0n1,/dev/vda
EFI_CMDLINE := $(strip $(EFI_CONSOLE) panic=10 printk.devkmsg=on out=/dev/kmsg \
	disk=$(EFI_DISKS) diskwait=20 $(CMDLINE))

$(B)/kernel-efi.builtin.config: $(B)/init.cpio FORCE
	$(call builtin_fragment,$<,$(EFI_CMDLINE))

.PHONY: efi-image FORCE
FORCE:
efi-image:
	$(Q)$(if $(filter $(ARCH),$(EFI_ARCHES)),,echo "make efi-image: not for $(ARCH): it has no arch/$(ARCH)/efi.mk (only $(EFI_ARCHES) have one)" >&2; exit 2)
	$(Q)$(MAKE) --no-print-directory KERNEL_PROFILE=efi kernel
	$(Q)$(MAKE) --no-print-directory $(EFI_IMAGE)

$(EFI_IMAGE): $(EFI_KERNEL) tools/make-efi-image.sh
	$(call say,EFIIMG,$@)
	$(Q)$(NEED) "to make the EFI disk image" gdisk:sgdisk dosfstools:mkfs.fat mtools:mcopy
	$(Q)tools/make-efi-image.sh $< $(EFI_BOOT_NAME) $@


# --- booting the image under QEMU's UEFI firmware (make efi-boot, tests/efi.sh) ------
# The firmware (arch/$(ARCH)/efi.mk) keeps its variable store in a snapshot: it may
# write it, the file never changes. The image is attached as EFI_DISK says, as a
# snapshot (QEMU's ide-hd takes no read-only disk; the file never changes): nvme,
# ahci (a SATA disk on an AHCI card), usb (an xHCI controller and a USB stick) or
# virtio. The architecture's EFI_TEST_DISKS (arch/$(ARCH)/efi.mk) are those its
# firmware boots from, each tested: the first is the default, and efi-boot refuses
# any other (riscv64's U-Boot, for one, finds no NVMe disk and waits for ever).
EFI_DISK ?= $(or $(firstword $(EFI_TEST_DISKS)),nvme)
efi_attach.nvme := -device nvme,serial=nakedinit,drive=efidisk
efi_attach.ahci := -device ahci,id=ahci -device ide-hd,drive=efidisk,bus=ahci.0
efi_attach.usb := -device qemu-xhci,id=xhci -device usb-storage,bus=xhci.0,drive=efidisk
efi_attach.virtio := -device virtio-blk-device,drive=efidisk
ifeq ($(efi_attach.$(EFI_DISK)),)
$(error EFI_DISK=$(EFI_DISK) is not one of: nvme ahci usb virtio)
endif
# EFI_QEMU_ARGS: more for QEMU (tests/efi.sh adds a display and a monitor).
EFI_QEMU_ARGS ?=
EFI_QEMU_CMD = $(QEMU_SYSTEM) -m 512 -nodefaults -no-user-config -display none \
	-chardev stdio,id=console,signal=off -serial chardev:console -no-reboot \
	$(accel_args.$(ACCEL)) $(EFI_MACHINE) \
	-drive id=efidisk,if=none,format=raw,snapshot=on,file=$(EFI_IMAGE) \
	$(efi_attach.$(EFI_DISK)) $(EFI_QEMU_ARGS)
EFI_BOOT_CMD = $(HARNESS) -- $(EFI_QEMU_CMD)

.PHONY: efi-boot print-efi-boot-cmd efi-boot-prerequisites
efi-boot: efi-boot-prerequisites
	$(Q)$(if $(filter $(EFI_DISK),$(EFI_TEST_DISKS)),,echo "make efi-boot: EFI_DISK=$(EFI_DISK): \
		$(ARCH)'s firmware boots from $(EFI_TEST_DISKS) only" >&2; exit 2)
	$(Q)$(EFI_BOOT_CMD)
efi-boot-prerequisites: $(INSPECT)
	$(Q)$(NEED) "to boot the $(ARCH) EFI image" $(QEMU_PACKAGE):$(QEMU_SYSTEM) expect:expect \
		$(EFI_FIRMWARE_PACKAGE):$(EFI_FIRMWARE_PROBE)
print-efi-boot-cmd:
	@: $(info $(EFI_BOOT_CMD))

#help:
#help: UEFI (kernel/efi.mk):
#help:   efi-image      O/ARCH/nakedinit-efi.img: a GPT disk image whose EFI system
#help:                  partition holds the kernel with the init built in; dd it to a USB
#help:                  stick and boot (README: Boot it on real hardware). CMDLINE= adds
#help:                  to its built-in command line
#help:   efi-boot       boot that image under QEMU's UEFI firmware, attached as EFI_DISK=
#help:                  nvme, ahci, usb or virtio (default: the first the firmware boots from)

# make bench's goal for the EFI file (tests/bench/efi.sh): compressed, 2.5 MiB
EFI_SIZE_GOAL := 2621440
