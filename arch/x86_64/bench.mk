# SPDX-License-Identifier: MIT
# x86_64 in `make bench` (tests/bench/bench.sh; docs/benchmarks.md explains the
# figures). Included by the Makefile when ARCH=x86_64.

# Goal: the median boot of our kernel and init, QEMU launch to exit (ms).
BENCH_BOOT_GOAL_MS := 200
# The C libraries the size baselines are built with for this architecture.
BENCH_LIBCS := nolibc musl glibc

# The floor guest (floor.S) is an ELF, which QEMU hands to qboot by its PVH note as it
# does vmlinux: one segment at 1 MiB, above the BIOS area.
BENCH_FLOOR_LDFLAGS := -Wl,-z,noseparate-code -Wl,-Ttext-segment=0x100000
BENCH_FLOOR_OBJCOPY :=

# Debian's stock kernel, booting our initrd, for comparison: its package, the image it
# installs, and the machine it is made for: -M pc with SeaBIOS (QEMU's default
# firmware), the console on the first serial port, virtio-blk on PCI.
# Goal: our boot at least this many times faster, measured in the same run.
BENCH_STOCK_PACKAGE := linux-image-$(DEBIAN_ARCH)
BENCH_STOCK_IMAGE := /boot/vmlinuz-*
BENCH_STOCK_MACHINE := -M pc
BENCH_STOCK_CMDLINE_ARCH := console=ttyS0
BENCH_STOCK_DISK_DEVICE := virtio-blk-pci
BENCH_STOCK_SPEEDUP_GOAL := 25
