# SPDX-License-Identifier: MIT
# x86_64 under QEMU. Included by the Makefile when ARCH=x86_64.
#
# microvm is QEMU's minimal x86 machine: no PCI, no legacy devices to probe, virtio
# on memory-mapped slots described by ACPI, which also gives the kernel a way to
# power off. qboot is the smallest firmware for it and can start a PVH vmlinux.
# Under TCG the kernel cannot always calibrate the TSC on microvm (no PIT-backed
# reference: it may hang at boot), so we tell it the rate: under TCG the guest TSC
# runs at the host's. noapictimer skips ~100 ms of LAPIC timer calibration, which a
# guest that never waits on a timer does not need; but the LAPIC timer is microvm's
# only clock event device (no PIT, no HPET): without it no timer fires, and a sleep
# never ends. So it is KERNEL_CMDLINE_NO_TIMERS, left out where programs wait.

QEMU_SYSTEM := qemu-system-x86_64
QEMU_PACKAGE := qemu-system-x86
QEMU_MACHINE := -M microvm -bios /usr/share/qemu/qboot.rom
# QEMU's default CPU, saying that its LAPIC timer keeps running when idle (ARAT), as
# QEMU's does: without it the kernel wants a broadcast timer (an HPET, which microvm
# has not) and never switches to high-resolution timers (clocks of 4 ms steps)
QEMU_TCG_CPU := qemu64,+arat
QEMU_DISK_DEVICE := virtio-blk-device
# the virtio transport of what a hosted program gets (its streams' ports, shared
# folders, the network): memory-mapped, -device virtio-NAME-device
QEMU_VIRTIO := device
# Runs restore a guest saved once (README, "Warm starts"): QEMU migrates this
# machine whole, its timers included.
QEMU_WARM_START := yes
HOST_TSC_KHZ = $(shell $(HOST_TSC_KHZ_COMMAND))
KERNEL_CMDLINE_ARCH := console=ttyS0
KERNEL_CMDLINE_NO_TIMERS := noapictimer
# Where programs keep their timers, the LAPIC timer's rate instead of its 100 ms
# calibration: QEMU's APIC bus runs at 1 GHz (kernel/patches/x86-lapic-timer-khz.patch).
# And tsc=reliable: with several CPUs, the kernel's check that their TSCs agree fails
# under TCG (each CPU reads at another host instant) and it falls back to jiffies, a
# clock of 4 ms steps without the vDSO; but QEMU reads every CPU's TSC off one host clock.
KERNEL_CMDLINE_TIMERS := lapic_timer_khz=1000000 tsc=reliable
# The words that hold this host's figures: never built into an image (kernel/image.mk).
HOST_TSC_KHZ_COMMAND = awk -F: '/^cpu MHz/ { printf "%d", $$2 * 1000; exit }' /proc/cpuinfo 2>/dev/null
KERNEL_CMDLINE_HOST := $(if $(HOST_TSC_KHZ),tsc_early_khz=$(HOST_TSC_KHZ))
# An installed run.env (make install: INSTALLED=) is read on other hosts than the
# one that built it, and has no KERNEL_CMDLINE_HOST (the Makefile's KERNEL_CMDLINE):
# instead, the word's name, which the runner gives this host's rate (cpuinfo's "cpu
# MHz" in kHz, as HOST_TSC_KHZ_COMMAND) at each run (tools/run/guest.c).
KERNEL_CMDLINE_HOST_RUN := tsc_early_khz
# What the image builds in for -kernel alone, with no tsc_early_khz: the kernel then
# finds no reference to calibrate the TSC against (no PIT gate, no HPET, no PM timer),
# marks it unstable and hangs calibrating its delay loop, waiting for a tick that
# never comes (with or without noapictimer). A preset loop count skips that: 8000000
# a jiffy at HZ=250 is a 2 GHz TSC's, what the delays count when QEMU appends the rate.
IMAGE_CMDLINE_ARCH := lpj=8000000
# A CPU without these flags cannot run KVM guests, even where /dev/kvm exists.
KVM_CPU_FLAGS := vmx svm
