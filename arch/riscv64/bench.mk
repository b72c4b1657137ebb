# riscv64 in `make bench` (tests/bench/bench.sh; docs/benchmarks.md explains the
# figures). Included by the Makefile when ARCH=riscv64.

# The floor guest (floor.S) is a raw image, as our kernel's Image is, linked where
# QEMU loads it and OpenSBI enters it.
BENCH_FLOOR_LDFLAGS := -Wl,-Ttext=0x80200000
BENCH_FLOOR_OBJCOPY := -O binary
