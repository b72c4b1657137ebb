# SPDX-License-Identifier: MIT
# aarch64 under QEMU. Included by the Makefile when ARCH=aarch64.
#
# virt is QEMU's generic board: a device tree, a PL011 UART (ttyAMA0), virtio-mmio
# slots, and PSCI to power off. QEMU itself loads the Image: no firmware runs.
# cortex-a57 is a plain ARMv8.0 core, cheaper to emulate than the default `max`.

QEMU_SYSTEM := qemu-system-aarch64
QEMU_PACKAGE := qemu-system-arm
QEMU_MACHINE := -M virt
QEMU_TCG_CPU := cortex-a57
QEMU_DISK_DEVICE := virtio-blk-device
# the virtio transport of what a hosted program gets (its streams' ports, shared
# folders, the network): memory-mapped, -device virtio-NAME-device
QEMU_VIRTIO := device
# Runs restore a guest saved once (README, "Warm starts"): QEMU migrates this
# machine whole, its timers included.
QEMU_WARM_START := yes
KERNEL_CMDLINE_ARCH := console=ttyAMA0
# (nothing to save by booting without timers)
KERNEL_CMDLINE_NO_TIMERS :=
KVM_CPU_FLAGS :=
# (no word holds this host's figures)
KERNEL_CMDLINE_HOST :=
KERNEL_CMDLINE_HOST_RUN :=
# (nothing more for an image booted by -kernel alone)
IMAGE_CMDLINE_ARCH :=
