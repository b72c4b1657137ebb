# SPDX-License-Identifier: MIT
# The tests, measurements and checks around the product, included by the Makefile.
# Each target runs a script of tests/, which reads O, ARCH, ARCHES and MAKE from its
# environment (the Makefile exports them).

.PHONY: check check-all check-syscall-numbers tests-prerequisites size bench fuzz lint soak \
	list-arches soak-inputs

# Program size goals, for `make size` and `make bench`: a number of bytes, or
# PERCENT%LIBC, at most that share of the same program built with that C library
# (tests/bench/baselines/), which only `make bench` builds and judges. A program
# without a goal is listed without a verdict.
SIZE_GOAL.hello := 320
SIZE_GOAL.init := 75%nolibc
# (17408 until the kept guest's copies of host files and --no-randomize's
# personality: 0.8 KiB;
# 11264 until kept guests: a run's namespaces, root, cgroup and binds from the
# host's /, and a slot's worker with its framed stdin, take 6 KiB;
# 10240 until the streams became pipes: carrying them to the ports, the process
# group and replacing a saved guest's files take 0.6 KiB;
# 4096 until the streams came: finding the ports and the drain before power-off take
# 1.3 KiB; 6144 until the shares, /dev's mounts and links and the host name: 1.4 KiB;
# 8192 until the warm start's unpacker and the host's time and seed: 2.4 KiB)
SIZE_GOAL.launch := 18432
export SIZE_GOALS := $(foreach p,$(PROGRAMS),$(p)=$(or $(SIZE_GOAL.$(p)),-))

check:
	$(Q)tests/check.sh
check-all:
	$(Q)CHECK_ALL=1 tests/check.sh

# Host builds for the tests (tests/host.sh): tests/unit/*.c, each with src/lib/*.c,
# the very code the programs run; and every build again with clang under
# AddressSanitizer and UndefinedBehaviorSanitizer, host tools too, in sanitized/.
SANITIZE := clang -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
UNIT_DEPS := $(LIB_SOURCES) $(wildcard src/lib/*.h) | $(HOSTB)/.toolchain
$(HOSTB)/unit/%: tests/unit/%.c $(UNIT_DEPS)
	$(call say,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -g -Isrc -o $@ $< $(LIB_SOURCES)
$(HOSTB)/sanitized/unit/%: tests/unit/%.c $(UNIT_DEPS) $(HOSTB)/.sanitizers
	$(call say,CLANG,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(SANITIZE) $(HOST_CFLAGS) -Isrc -o $@ $< $(LIB_SOURCES)
$(HOSTB)/sanitized/%: tools/%.c tools/hostlib.c $(wildcard tools/*.h) $(HOSTB)/.sanitizers
	$(call say,CLANG,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(SANITIZE) $(HOST_CFLAGS) -o $@ $< tools/hostlib.c $(HOST_LDLIBS.$*)
$(HOSTB)/.sanitizers: | $(HOSTB)/.toolchain
	$(Q)bash -c '. tests/lib.sh && need_sanitizers "for the sanitized test builds"'
	$(Q)touch $@

# What tests/boot.sh boots, built in one go.
tests-prerequisites: all kernel disk $(MKCPIO) $(INSPECT)
	$(Q)$(NEED) "for the tests" qemu-user:qemu-$(ARCH) cpio:cpio \
		$(QEMU_PACKAGE):$(QEMU_SYSTEM) expect:expect

check-syscall-numbers: $(B)/.toolchain
	$(Q)$(NEED) "to check the syscall numbers" $(UAPI_HEADERS)
	$(Q)tests/syscall-numbers.sh "$(CC)" arch/$(ARCH)/syscall_numbers.h

size:
	$(Q)for a in $(ARCHES); do $(MAKE) --no-print-directory ARCH=$$a programs; done
	$(Q)tools/size-report.sh $(foreach a,$(ARCHES),$(O)/$(a))

# N boots per architecture (default 10); BENCH_CLEAN_KERNEL=1 also times a clean
# kernel build. N has no default here, since soak reads it too. The goals and what
# differs per architecture are in arch/$(ARCH)/bench.mk, read by the script.
bench:
	$(Q)N="$(N)" BENCH_CLEAN_KERNEL="$(BENCH_CLEAN_KERNEL)" tests/bench/bench.sh
	$(Q)N="$(or $(EFI_N),3)" tests/bench/efi.sh

# The floor guest, arch/$(ARCH)/floor.S: it ends the machine at its first
# instructions, so booting it times QEMU and the firmware alone. Linked as the
# architecture's bench.mk says, then made the image QEMU loads (objcopy: the ELF
# as it is, or its bytes alone).
FLOOR := $(B)/floor
$(FLOOR): arch/$(ARCH)/floor.S arch/$(ARCH)/bench.mk tests/tests.mk $(B)/.toolchain
	$(call say,CC,$@)
	$(Q)$(CC) -nostdlib -static -no-pie -Wl,--build-id=none $(BENCH_FLOOR_LDFLAGS) -o $@.elf $<
	$(Q)$(CROSS_COMPILE)objcopy $(BENCH_FLOOR_OBJCOPY) $@.elf $@

FUZZ_SECONDS ?= 60
fuzz:
	$(Q)tests/fuzz/run.sh $(O) $(FUZZ_SECONDS)

lint:
	$(Q)tests/lint.sh

soak:
	$(Q)tests/soak.sh $(or $(N),20)

# For the scripts: the architectures, what `boot` boots, any variable's value.
list-arches:
	@echo $(SUPPORTED_ARCHES)
soak-inputs:
	@echo $(KERNEL) $(INITRD) $(DISK)
print-var-%:
	@: $(info $($*))

#help:
#help: Tests and measurements:
#help:   check          host unit tests (plain and ASan/UBSan), the cpio writer and inspect
#help:                  tools, a short fuzz pass; for every arch in ARCHES: syscall numbers,
#help:                  reproducible builds, boot tests, the failure gallery, make image;
#help:                  for the host's arch also what needs a kernel of its own: the
#help:                  launcher, bring, -o, make efi-image
#help:   check-all      check, with every test on every arch in ARCHES (and the gallery's
#help:                  kernel without devtmpfs)
#help:   size           each program's size for every arch in ARCHES, against its goal
#help:   bench          sizes vs glibc/musl/nolibc, boot times (N=10 runs) vs the floor, kernel figures; goals PASS/MISS
#help:                  then the EFI images: sizes, boots under UEFI firmware (EFI_N=3 runs)
#help:   fuzz           run the libFuzzer targets (tests/fuzz) for FUZZ_SECONDS each (default: 60)
#help:   lint           cppcheck, clang-tidy and shellcheck over every C file and shell script
#help:   soak           boot every arch in ARCHES N times (default: 20), then run a program on it
#help:                  through nakedinit-run N times, and count the failures
#help:   ARCHES="..."   architectures for check, size, bench and soak (default: all)
