# x86_64 in `make bench` (tests/bench/bench.sh; docs/benchmarks.md explains the
# figures). Included by the Makefile when ARCH=x86_64.

# The floor guest (floor.S) is an ELF, which QEMU hands to qboot by its PVH note as it
# does vmlinux: one segment at 1 MiB, above the BIOS area.
BENCH_FLOOR_LDFLAGS := -Wl,-z,noseparate-code -Wl,-Ttext-segment=0x100000
BENCH_FLOOR_OBJCOPY :=
