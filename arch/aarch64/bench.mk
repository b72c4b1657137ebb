# aarch64 in `make bench` (tests/bench/bench.sh; docs/benchmarks.md explains the
# figures). Included by the Makefile when ARCH=aarch64.

# The floor guest (floor.S) is a raw image with the arm64 Image header, as our
# kernel's Image is: linked at 0 (it is position-independent), then the bytes alone.
BENCH_FLOOR_LDFLAGS := -Wl,-Ttext=0
BENCH_FLOOR_OBJCOPY := -O binary
