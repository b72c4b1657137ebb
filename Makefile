# nakedinit: boot a Linux kernel whose whole userspace is one tiny program. `make help`.
#
# Everything this Makefile generates lives under $(O) (default build/), per
# architecture under $(O)/$(ARCH). Each architecture is one folder, arch/$(ARCH)/:
# arch.mk (toolchain and kernel names), qemu.mk (how QEMU boots it), kernel.config,
# start.S, syscall.S, syscall_numbers.h. Nothing here names an architecture.

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DELETE_ON_ERROR:
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules --no-builtin-variables

SUPPORTED_ARCHES := $(sort $(notdir $(wildcard arch/*)))
HOST_ARCH := $(shell uname -m)

# ARCH= takes our names, or any alias an arch.mk lists (such as the kernel's own names).
ARCH ?= $(HOST_ARCH)
aliases_of = $(shell sed -n 's/^ARCH_ALIASES *:= *//p' arch/$(1)/arch.mk)
override ARCH := $(or $(firstword $(foreach a,$(SUPPORTED_ARCHES),$(if $(filter $(ARCH),$(a) $(call aliases_of,$(a))),$(a)))), \
	$(error ARCH=$(ARCH) is not supported; supported: $(SUPPORTED_ARCHES) \
	(also accepted: $(filter-out $(SUPPORTED_ARCHES),$(foreach a,$(SUPPORTED_ARCHES),$(call aliases_of,$(a)))))))
include arch/$(ARCH)/arch.mk arch/$(ARCH)/qemu.mk
ARCHES ?= $(SUPPORTED_ARCHES)

O ?= build
B := $(O)/$(ARCH)
HOSTB := $(O)/host

ifeq ($(V),1)
Q :=
say :=
else
Q := @
say = @printf '  %-8s %s\n' $(1) $(2);
endif

# --- toolchain -----------------------------------------------------------------

# The kernel's uapi headers for ARCH (tests/syscall-numbers.sh reads <asm/unistd.h>):
# Debian keeps the host's under /usr/include/<triple>, a cross copy under /usr/<triple>.
TRIPLE := $(CROSS_COMPILE_DEFAULT:%-=%)
ifeq ($(ARCH),$(HOST_ARCH))
CROSS_COMPILE ?=
GCC_PACKAGE := gcc
UAPI_HEADERS := linux-libc-dev:/usr/include/$(TRIPLE)/asm/unistd.h
else
CROSS_COMPILE ?= $(CROSS_COMPILE_DEFAULT)
GCC_PACKAGE := $(CROSS_PACKAGE)
UAPI_HEADERS := linux-libc-dev-$(DEBIAN_ARCH)-cross:/usr/$(TRIPLE)/include/asm/unistd.h
endif
CC := $(CROSS_COMPILE)gcc
HOSTCC ?= gcc
NEED := tools/need.sh

# Freestanding: no C library, no start files, no position independence, nothing the
# kernel's loader does not need (unwind tables, .comment, build-id, relro).
# -z noseparate-code keeps code in the same page as the headers (else ~4 KiB of padding).
# -Oz -flto: smallest code, with single-use helpers inlined across files.
# -fno-tree-loop-distribute-patterns: no memset/memcpy calls conjured from loops:
# there is no library to provide them.
PROGRAM_CFLAGS := -std=c11 -Oz -flto -fno-tree-loop-distribute-patterns \
	-Wall -Wextra -Werror -ffreestanding -nostdlib -static \
	-fno-pie -no-pie -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-ident -ffunction-sections -fdata-sections $(ARCH_CFLAGS) \
	-DNAKEDINIT_ARCH='"$(ARCH)"' -Iarch/$(ARCH) -Isrc \
	-Wl,-T,linker.ld -Wl,--gc-sections -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,-z,norelro -Wl,-z,noseparate-code
HOST_CFLAGS := -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE

PROGRAMS := hello init
hello_SOURCES := src/hello.c
init_SOURCES := src/init.c src/fmt.c
ARCH_SOURCES := arch/$(ARCH)/start.S arch/$(ARCH)/syscall.S
PROGRAM_DEPS := $(ARCH_SOURCES) arch/$(ARCH)/syscall_numbers.h arch/$(ARCH)/arch.mk Makefile \
	$(wildcard src/*.h src/*.inc) linker.ld

ELFSHRINK := $(HOSTB)/elfshrink
MKCPIO := $(HOSTB)/mkcpio

# --- what to boot --------------------------------------------------------------

INITRD_COMPRESS ?= gzip
initrd_ext.none :=
initrd_ext.gzip := .gz
initrd_ext.lz4 := .lz4
ifeq ($(filter $(INITRD_COMPRESS),none gzip lz4),)
$(error INITRD_COMPRESS=$(INITRD_COMPRESS) is not one of: none gzip lz4)
endif
INITRD_EXT := $(initrd_ext.$(INITRD_COMPRESS))

PROGRAM ?= init
ifeq ($(filter $(PROGRAM),$(PROGRAMS)),)
$(error PROGRAM=$(PROGRAM) is not one of: $(PROGRAMS))
endif
KBUILD := $(B)/kernel
BUILT_KERNEL := $(KBUILD)/$(KERNEL_IMAGE)
KERNEL ?= $(BUILT_KERNEL)
INITRD ?= $(B)/$(PROGRAM).cpio$(INITRD_EXT)
TEST_DISK := $(O)/disk.img
DISK ?= $(TEST_DISK)
CMDLINE ?=
TIMEOUT ?= 60
export TIMEOUT

# Default: the newest Debian linux-source tarball, looked up by the recipe that
# builds the kernel (the package may be installed only just before): this shell
# snippet sets $source.
KERNEL_SRC ?=
find_kernel_source = source='$(KERNEL_SRC)'; \
	[ -n "$$source" ] || source=$$(ls /usr/src/linux-source-*.tar.* | sort -V | tail -n 1)

# ACCEL=auto: KVM only for a guest of the host's architecture, where /dev/kvm is
# usable and the CPU can virtualise. (Some machines have /dev/kvm on a CPU without
# vmx/svm: guests then hang silently, so the device alone proves nothing.)
ACCEL ?= auto
kvm_usable := $(shell [ "$(ARCH)" = "$(HOST_ARCH)" ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] && \
	{ [ -z "$(KVM_CPU_FLAGS)" ] || grep -qwE '$(subst $() ,|,$(strip $(KVM_CPU_FLAGS)))' /proc/cpuinfo; } && echo yes)
ifeq ($(ACCEL),auto)
override ACCEL := $(if $(kvm_usable),kvm,tcg)
endif
accel_args.kvm := -accel kvm -cpu host
accel_args.tcg := -accel tcg $(if $(QEMU_TCG_CPU),-cpu $(QEMU_TCG_CPU))
ifeq ($(accel_args.$(ACCEL)),)
$(error ACCEL=$(ACCEL) is not one of: auto kvm tcg)
endif

# panic=-1 reboots at once on a panic, and -no-reboot turns that reboot into QEMU
# exiting: a panicking guest ends instead of hanging until the timeout.
KERNEL_CMDLINE := $(strip $(KERNEL_CMDLINE_ARCH) panic=-1 $(CMDLINE))
QEMU_CMD = $(QEMU_SYSTEM) -m 256 -nodefaults -no-user-config -display none -serial stdio \
	-no-reboot $(accel_args.$(ACCEL)) $(QEMU_MACHINE) -kernel $(KERNEL) -initrd $(INITRD) \
	$(if $(filter-out none,$(DISK)),$(QEMU_DISK_ARGS)) -append '$(KERNEL_CMDLINE)'
QEMU_DISK_ARGS = -drive id=disk,file=$(DISK),format=raw,if=none,readonly=on \
	-device $(QEMU_DISK_DEVICE),drive=disk
# hello has no result line: its greeting followed by a clean power-off is success.
HARNESS_ARGS.hello := -pass '^nakedinit: hello from '
HARNESS := tools/boot.exp

# --- targets -------------------------------------------------------------------

# Keep intermediate files (.elf, .cpio, .spec): they are worth looking at.
.SECONDARY:

# $(B)/%.elf takes its sources from $(PROGRAM)_SOURCES.
.SECONDEXPANSION:

.PHONY: all programs initrd kernel run boot check size lint clean help disk \
	tests-prerequisites check-syscall-numbers list-arches bench print-qemu-cmd print-boot-cmd
all: programs initrd
programs: $(addprefix $(B)/,$(PROGRAMS))
initrd: $(foreach p,$(PROGRAMS),$(B)/$(p).cpio$(INITRD_EXT))
disk: $(TEST_DISK)

$(HOSTB)/.toolchain:
	$(Q)$(NEED) "to build the host tools" $(HOSTCC):$(HOSTCC) libc6-dev:/usr/include/stdio.h
	$(Q)mkdir -p $(@D) && touch $@

$(HOSTB)/%: tools/%.c | $(HOSTB)/.toolchain
	$(call say,HOSTCC,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $<

$(B)/.toolchain:
	$(Q)$(NEED) "to compile for $(ARCH)" $(GCC_PACKAGE):$(CC)
	$(Q)mkdir -p $(@D) && touch $@

# The unstripped link, kept for objdump and gdb; the program is that minus what only
# tools read (section headers, symbols).
$(B)/%.elf: $$($$*_SOURCES) $(PROGRAM_DEPS) $(B)/.toolchain
	$(call say,CC,$@)
	$(Q)$(CC) $(PROGRAM_CFLAGS) -o $@ $(ARCH_SOURCES) $($*_SOURCES)

$(addprefix $(B)/,$(PROGRAMS)): $(B)/%: $(B)/%.elf $(ELFSHRINK)
	$(call say,SHRINK,$@)
	$(Q)$(ELFSHRINK) $< $@

# The initrd: /dev/console for the kernel to open as the init's stdin/out/err,
# /dev for devtmpfs to be mounted on, and the program as /init.
$(B)/%.spec: Makefile
	$(Q)mkdir -p $(@D)
	$(Q)printf '%s\n' '# $* as /init (generated by the Makefile)' 'dir /dev 0755 0 0' \
		'nod /dev/console 0600 0 0 c 5 1' 'file /init $(B)/$* 0755 0 0' > $@

$(B)/%.cpio: $(B)/%.spec $(B)/% $(MKCPIO)
	$(call say,CPIO,$@)
	$(Q)$(MKCPIO) -o $@ $<

$(B)/%.cpio.gz: $(B)/%.cpio
	$(call say,GZIP,$@)
	$(Q)$(NEED) "to compress the initrd" gzip:gzip
	$(Q)gzip -n -9 < $< > $@.tmp && mv $@.tmp $@

# The kernel's lz4 decompressor reads only the legacy frame format (-l).
$(B)/%.cpio.lz4: $(B)/%.cpio
	$(call say,LZ4,$@)
	$(Q)$(NEED) "to compress the initrd" lz4:lz4
	$(Q)lz4 -q -l -9 -f $< $@.tmp && mv $@.tmp $@

$(TEST_DISK): tools/make-test-disk.sh
	$(call say,DISK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)tools/make-test-disk.sh $@

# The script decides whether anything needs doing (same source, fragment and
# compiler as last time: nothing), so it runs every time.
kernel: $(B)/.toolchain
	$(Q)$(if $(KERNEL_SRC),,$(NEED) "for the kernel source" 'linux-source:/usr/src/linux-source-*.tar.*')
	$(Q)$(NEED) "to build the kernel" make:make flex:flex bison:bison bc:bc xz-utils:xz \
		libelf-dev:/usr/include/gelf.h libssl-dev:/usr/include/openssl/ssl.h
	$(Q)$(find_kernel_source); \
	V=$(V) tools/build-kernel.sh "$$source" $(O)/src $(KBUILD) $(KERNEL_ARCH) \
		"$(CROSS_COMPILE)" arch/$(ARCH)/kernel.config $(KERNEL_TARGET) $(KERNEL_IMAGE)

# `run` builds what it boots; `boot` boots what is there (KERNEL=, INITRD=, DISK=).
run: $(if $(filter $(BUILT_KERNEL),$(KERNEL)),kernel) \
	$(if $(filter $(B)/$(PROGRAM).cpio$(INITRD_EXT),$(INITRD)),$(INITRD)) \
	$(if $(filter $(TEST_DISK),$(DISK)),$(TEST_DISK))
	$(Q)$(MAKE) --no-print-directory boot

BOOT_CMD = $(HARNESS) $(HARNESS_ARGS.$(PROGRAM)) -- $(QEMU_CMD)
boot:
	$(Q)$(NEED) "to boot the $(ARCH) guest" $(QEMU_PACKAGE):$(QEMU_SYSTEM) expect:expect
	$(Q)$(BOOT_CMD)

# make exits 2 whenever a recipe fails; to see the harness's own exit status, run
# this command yourself (the tests do): eval "$(make -s print-boot-cmd)".
print-boot-cmd:
	@: $(info $(BOOT_CMD))

# What tests/boot.sh boots, built in one go.
tests-prerequisites: all kernel disk $(MKCPIO)
	$(Q)$(NEED) "for the tests" qemu-user:qemu-$(ARCH) cpio:cpio \
		$(QEMU_PACKAGE):$(QEMU_SYSTEM) expect:expect

check-syscall-numbers: $(B)/.toolchain
	$(Q)$(NEED) "to check the syscall numbers" $(UAPI_HEADERS)
	$(Q)tests/syscall-numbers.sh "$(CC)" arch/$(ARCH)/syscall_numbers.h

list-arches:
	@echo $(SUPPORTED_ARCHES)

check:
	$(Q)ARCHES="$(ARCHES)" O="$(O)" MAKE="$(MAKE)" tests/check.sh

size:
	$(Q)for a in $(ARCHES); do $(MAKE) --no-print-directory ARCH=$$a programs; done
	$(Q)tools/size-report.sh $(foreach a,$(ARCHES),$(O)/$(a))

# Sizes against libc baselines, boot times, kernel figures, as one Markdown table
# (tests/bench/bench.sh; N boots per architecture, default 10; BENCH_CLEAN_KERNEL=1
# also times a clean kernel build). print-qemu-cmd and print-var-NAME are for it:
# the exact QEMU command `boot` runs, and any variable's value.
bench:
	$(Q)ARCHES="$(ARCHES)" O="$(O)" MAKE="$(MAKE)" N="$(N)" \
		BENCH_CLEAN_KERNEL="$(BENCH_CLEAN_KERNEL)" tests/bench/bench.sh
print-qemu-cmd:
	@: $(info $(QEMU_CMD))
print-var-%:
	@: $(info $($*))

clean:
	rm -rf $(O)

help:
	@sed -n 's/^#help: \{0,1\}//p' Makefile | \
		sed 's/@ARCHES@/$(SUPPORTED_ARCHES)/; s/@ALIASES@/$(filter-out $(SUPPORTED_ARCHES),$(foreach a,$(SUPPORTED_ARCHES),$(call aliases_of,$(a))))/'

#help: nakedinit: boot a Linux kernel whose whole userspace is one tiny program.
#help:
#help: Targets:
#help:   all (default)  build the programs (hello, init) and their initrds
#help:   run            build everything needed, boot it under QEMU, report the result
#help:   boot           boot KERNEL, INITRD and DISK as they are, building nothing
#help:   kernel         build the minimal kernel (tinyconfig + arch/ARCH/kernel.config); cached
#help:   check          unit tests, cpio writer tests and boot tests for every arch in ARCHES
#help:   fail           list the failure gallery; NAME=case builds that broken boot and runs it
#help:   size           print each program's size for every arch in ARCHES
#help:   bench          sizes vs glibc/musl/nolibc, boot times (N=10 runs), kernel figures; goals PASS/MISS
#help:   fuzz           run the libFuzzer targets (tests/fuzz) for FUZZ_SECONDS each (default: 60)
#help:   lint           cppcheck, clang-tidy and shellcheck over every C file and shell script
#help:   soak           boot every arch in ARCHES N times (default: 20) and count the failed boots
#help:   clean          remove the build directory
#help:
#help: Variables:
#help:   ARCH=name          one of: @ARCHES@ (default: the host's)
#help:                      also accepted: @ALIASES@
#help:   ARCHES="..."       architectures for check and size (default: all)
#help:   CROSS_COMPILE=     toolchain prefix (default: Debian's cross gcc on another arch)
#help:   O=dir              build directory (default: build)
#help:   V=1                show every command
#help:   PROGRAM=init|hello what `run` boots as /init (default: init)
#help:   KERNEL=image       boot this kernel image instead of building one
#help:   KERNEL_SRC=path    kernel tree or tarball (default: newest /usr/src/linux-source-*)
#help:   INITRD=file        boot this initrd instead of the built one
#help:   INITRD_COMPRESS=   none|gzip|lz4 (default: gzip)
#help:   DISK=file|none     the disk the init reads (default: a generated test disk)
#help:   CMDLINE="..."      extra kernel command line, e.g. "disk=/dev/vda bytes=16"
#help:   ACCEL=auto|kvm|tcg QEMU accelerator (default auto: KVM only where it works)
#help:   TIMEOUT=seconds    how long the harness waits for a result (default: 60)

# --- failure gallery (tests/gallery) --------------------------------------------
# `make fail` lists deliberately broken initrds, inits, disks, command lines and
# kernels; `make fail NAME=x` builds case x under $(B)/gallery and boots it, showing
# the kernel's message and the harness's diagnosis. The cases are one table, in
# tests/gallery/gallery.sh; `make check` runs them all.
.PHONY: fail gallery-prerequisites kernel-nodevtmpfs
fail:
	$(Q)ARCH=$(ARCH) O=$(O) MAKE="$(MAKE)" tests/gallery/gallery.sh $(if $(NAME),run $(NAME),list)

# What every case starts from; a case builds the rest itself (kernel-nodevtmpfs only
# for the cases that boot it).
gallery-prerequisites: all $(B)/init.cpio $(B)/init.cpio.gz kernel disk $(MKCPIO)
	$(Q)$(NEED) "for the failure gallery" $(QEMU_PACKAGE):$(QEMU_SYSTEM) expect:expect \
		cpio:cpio xz-utils:xz lz4:lz4 gzip:gzip tar:tar

# The gallery's broken programs (tests/gallery/*.c), built like the programs.
$(B)/gallery/%.elf: tests/gallery/%.c $(PROGRAM_DEPS) $(B)/.toolchain
	$(call say,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(PROGRAM_CFLAGS) -o $@ $(ARCH_SOURCES) $<

# hello linked the way a C program is by default: position-independent and dynamic,
# so that the kernel looks for the C library's loader (PT_INTERP), not in the initrd.
gallery_comma := ,
$(B)/gallery/hello-dynamic.elf: $(hello_SOURCES) $(PROGRAM_DEPS) $(B)/.toolchain
	$(call say,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(filter-out -static -no-pie -fno-pie -Wl$(gallery_comma)-T$(gallery_comma)linker.ld, \
		$(PROGRAM_CFLAGS)) -fpie -pie -o $@ $(ARCH_SOURCES) $(hello_SOURCES)

# The gallery's second kernel: arch/$(ARCH)/kernel.config with devtmpfs off (the init
# must say so and power off) and without the xz decompressor, which tinyconfig
# leaves on with the others (an xz initrd must fail). Cached like `kernel`; the
# image is linked as $(B)/gallery/nodevtmpfs.kernel.
NODEVTMPFS_KBUILD := $(B)/kernel-nodevtmpfs
NODEVTMPFS_FRAGMENT := $(B)/gallery/nodevtmpfs.config
$(NODEVTMPFS_FRAGMENT): arch/$(ARCH)/kernel.config Makefile
	$(Q)mkdir -p $(@D)
	$(Q){ grep -vE '^(CONFIG_DEVTMPFS|CONFIG_RD_XZ)=|^# CONFIG_(DEVTMPFS|RD_XZ) is not set' $<; \
		printf '%s\n' '' '# failure gallery: no devtmpfs, no xz-compressed initrds' \
		'# CONFIG_DEVTMPFS is not set' '# CONFIG_RD_XZ is not set'; } > $@.tmp && mv $@.tmp $@
kernel-nodevtmpfs: $(NODEVTMPFS_FRAGMENT) $(B)/.toolchain
	$(Q)$(if $(KERNEL_SRC),,$(NEED) "for the kernel source" 'linux-source:/usr/src/linux-source-*.tar.*')
	$(Q)$(NEED) "to build the kernel" make:make flex:flex bison:bison bc:bc xz-utils:xz \
		libelf-dev:/usr/include/gelf.h libssl-dev:/usr/include/openssl/ssl.h
	$(Q)$(find_kernel_source); \
	V=$(V) tools/build-kernel.sh "$$source" $(O)/src $(NODEVTMPFS_KBUILD) $(KERNEL_ARCH) \
		"$(CROSS_COMPILE)" $(NODEVTMPFS_FRAGMENT) $(KERNEL_TARGET) $(KERNEL_IMAGE)
	$(Q)ln -sfn $(abspath $(NODEVTMPFS_KBUILD)/$(KERNEL_IMAGE)) $(B)/gallery/nodevtmpfs.kernel

# --- fuzzing, lint, soak (tests/fuzz/run.sh, tests/lint.sh, tests/soak.sh) -------
# `make fuzz` runs each libFuzzer target (the spec parser of tools/mkcpio.c, the
# init's option parser in src/fmt.c) for FUZZ_SECONDS, from the seeds in
# tests/fuzz/corpus/; `make check` runs a short pass. `make lint`: cppcheck,
# clang-tidy (.clang-tidy) and shellcheck over everything. `make soak N=200` boots
# each architecture in ARCHES N times (default 20) and counts the failures; N is
# not given a default here, since `bench` reads it too.
.PHONY: fuzz soak soak-inputs
FUZZ_SECONDS ?= 60
fuzz:
	$(Q)tests/fuzz/run.sh $(O) $(FUZZ_SECONDS)
lint:
	$(Q)tests/lint.sh
soak:
	$(Q)ARCHES="$(ARCHES)" O="$(O)" MAKE="$(MAKE)" tests/soak.sh $(or $(N),20)
# For tests/soak.sh: what `boot` boots.
soak-inputs:
	@echo $(KERNEL) $(INITRD) $(DISK)
