# SPDX-License-Identifier: MIT
# aarch64 in `make bench` (tests/bench/bench.sh; docs/benchmarks.md explains the
# figures). Included by the Makefile when ARCH=aarch64.

# Goal: the median boot of our kernel and init, QEMU launch to exit (ms).
BENCH_BOOT_GOAL_MS := 160
# The C libraries the size baselines are built with for this architecture.
BENCH_LIBCS := nolibc musl glibc

# The floor guest (floor.S) is a raw image with the arm64 Image header, as our
# kernel's Image is: linked at 0 (it is position-independent), then the bytes alone.
BENCH_FLOOR_LDFLAGS := -Wl,-Ttext=0
BENCH_FLOOR_OBJCOPY := -O binary

# No stock kernel to compare with (see x86_64's bench.mk for the variables).
BENCH_STOCK_PACKAGE :=
