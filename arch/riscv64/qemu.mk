# SPDX-License-Identifier: MIT
# riscv64 under QEMU. Included by the Makefile when ARCH=riscv64.
#
# virt is QEMU's generic board: a device tree, a 16550 UART (ttyS0), virtio-mmio
# slots. QEMU's default firmware, OpenSBI, starts the Image in supervisor mode
# and later powers the machine off for it (SBI system reset).

QEMU_SYSTEM := qemu-system-riscv64
QEMU_PACKAGE := qemu-system-misc
QEMU_MACHINE := -M virt -bios default
QEMU_TCG_CPU :=
QEMU_DISK_DEVICE := virtio-blk-device
# the virtio transport of what a hosted program gets (its streams' ports, shared
# folders, the network): memory-mapped, -device virtio-NAME-device
QEMU_VIRTIO := device
# Every run boots (README, "Warm starts"): QEMU 7.2 does not migrate this machine's
# timers (the ACLINT timer's time_delta, the CPU's stimecmp timer: qemu-devel,
# September 2025, "Save time_delta in RISC-V mtimer VMState" and "Save stimer and
# vstimer in CPU vmstate"), so a restored guest never gets a timer interrupt again:
# every sleep hangs.
QEMU_WARM_START := no
KERNEL_CMDLINE_ARCH := console=ttyS0
# (nothing to save by booting without timers)
KERNEL_CMDLINE_NO_TIMERS :=
KVM_CPU_FLAGS :=
# (no word holds this host's figures)
KERNEL_CMDLINE_HOST :=
KERNEL_CMDLINE_HOST_RUN :=
# (nothing more for an image booted by -kernel alone)
IMAGE_CMDLINE_ARCH :=
