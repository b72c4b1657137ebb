# SPDX-License-Identifier: MIT
# nakedinit: boot a Linux kernel whose whole userspace is one tiny program. `make help`.
#
# This file is the product: the programs, their initrds, the kernel, booting them.
# The tests and the failure gallery add their targets from tests/tests.mk and
# tests/gallery/gallery.mk. Everything generated lives under $(O) (default build/),
# per architecture under $(O)/$(ARCH). Each architecture is one folder, arch/$(ARCH)/
# (see the README); each program is one file, src/NAME.c. Nothing here names either.

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DELETE_ON_ERROR:
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules --no-builtin-variables

# --- the architecture ---------------------------------------------------------------
# ARCH= is a folder under arch/, or an alias its arch.mk lists (the kernel's own name,
# Debian's), which means that folder.

SUPPORTED_ARCHES := $(sort $(notdir $(wildcard arch/*)))
HOST_ARCH := $(shell uname -m)
# Whether ARCH= was given: `run APP=` otherwise lets the program's ELF header decide.
ARCH_GIVEN := $(filter command line environment,$(origin ARCH))
ARCH ?= $(HOST_ARCH)
ARCH_ASKED := $(ARCH)
aliases_of = $(shell sed -n 's/^ARCH_ALIASES *:= *//p' arch/$(1)/arch.mk)
arch_named = $(firstword $(foreach a,$(SUPPORTED_ARCHES),$(if $(filter $(1),$(a) $(call aliases_of,$(a))),$(a))))
ALIASES := $(filter-out $(SUPPORTED_ARCHES),$(foreach a,$(SUPPORTED_ARCHES),$(call aliases_of,$(a))))
override ARCH := $(call arch_named,$(ARCH_ASKED))
ifeq ($(ARCH),)
$(error ARCH=$(ARCH_ASKED) is not supported; supported: $(SUPPORTED_ARCHES) (also accepted: $(ALIASES)))
endif
include arch/$(ARCH)/arch.mk arch/$(ARCH)/qemu.mk arch/$(ARCH)/bench.mk
ARCHES ?= $(SUPPORTED_ARCHES)

O ?= build
B := $(O)/$(ARCH)
HOSTB := $(O)/host
# The test scripts read these from their environment.
export O ARCH ARCHES MAKE

ifeq ($(V),1)
Q :=
say :=
else
Q := @
say = @printf '  %-8s %s\n' $(1) $(2);
endif
NEED := tools/need.sh

# --- toolchains ---------------------------------------------------------------------
# ARCH's gcc (Debian's cross gcc on another host), and the kernel's uapi headers for it
# (tests/syscall-numbers.sh reads <asm/unistd.h>): Debian keeps the host's under
# /usr/include/<triple>, a cross copy under /usr/<triple>. SYSROOT: where ARCH's
# loader and shared libraries are (tools/nakedinit-run packs them), the host's own or
# Debian's cross sysroot, whose packages are named as the host's plus
# CROSS_PACKAGE_SUFFIX (libc6-arm64-cross).

TRIPLE := $(CROSS_COMPILE_DEFAULT:%-=%)
ifeq ($(ARCH),$(HOST_ARCH))
CROSS_COMPILE ?=
GCC_PACKAGE := gcc
UAPI_HEADERS := linux-libc-dev:/usr/include/$(TRIPLE)/asm/unistd.h
SYSROOT :=
CROSS_PACKAGE_SUFFIX :=
else
CROSS_COMPILE ?= $(CROSS_COMPILE_DEFAULT)
GCC_PACKAGE := $(CROSS_PACKAGE)
UAPI_HEADERS := linux-libc-dev-$(DEBIAN_ARCH)-cross:/usr/$(TRIPLE)/include/asm/unistd.h
SYSROOT := /usr/$(TRIPLE)
CROSS_PACKAGE_SUFFIX := -$(DEBIAN_ARCH)-cross
endif
CC := $(CROSS_COMPILE)gcc
HOSTCC ?= gcc
HOST_CFLAGS := -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE

# --- the programs -------------------------------------------------------------------
# Each src/NAME.c is a program, with src/NAME/*.c where it has parts (the launcher);
# src/lib/*.c are linked into every one, and link-time optimisation drops what a
# program does not call. (src/etc: the files a hosted
# program finds in /etc, tools/nakedinit-run.)
#
# Freestanding: no C library, no start files, no position independence, nothing the
# kernel's loader does not need (unwind tables, .comment, build-id, relro).
# -z noseparate-code keeps code in the same page as the headers (else ~4 KiB of padding).
# -Oz -flto: smallest code, with single-use helpers inlined across files.
# -fno-tree-loop-distribute-patterns: no memset/memcpy calls conjured from loops:
# there is no library to provide them.

PROGRAMS := $(sort $(basename $(notdir $(wildcard src/*.c))))
LIB_SOURCES := $(sort $(wildcard src/lib/*.c))
ARCH_SOURCES := arch/$(ARCH)/start.S arch/$(ARCH)/syscall.S
PROGRAM_DEPS := $(ARCH_SOURCES) $(LIB_SOURCES) $(wildcard src/*.h src/*.inc src/*/*.h src/*/*.c) \
	arch/$(ARCH)/syscall_numbers.h arch/$(ARCH)/arch.mk linker.ld Makefile $(B)/.toolchain
PROGRAM_CFLAGS := -std=c11 -Oz -flto -fno-tree-loop-distribute-patterns \
	-Wall -Wextra -Werror -ffreestanding -nostdlib -static \
	-fno-pie -no-pie -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-ident -ffunction-sections -fdata-sections $(ARCH_CFLAGS) \
	-DNAKEDINIT_ARCH='"$(ARCH)"' -Iarch/$(ARCH) -Isrc \
	-Wl,-T,linker.ld -Wl,--gc-sections -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,-z,norelro -Wl,-z,noseparate-code
# The one way a freestanding program is linked: $< is its main source.
link_program = $(CC) $(PROGRAM_CFLAGS) -o $@ $(ARCH_SOURCES) $< $(if $*,$(sort $(wildcard src/$*/*.c))) $(LIB_SOURCES)

ELFSHRINK := $(HOSTB)/elfshrink
MKCPIO := $(HOSTB)/mkcpio
INSPECT := $(HOSTB)/inspect
UNPACK := $(HOSTB)/unpack
HOST_LDLIBS.inspect := -lz
# nakedinit-run, the runner (tools/run/): one program, on the host tools' own code
# (the ELF reader of inspect, the spec parser of mkcpio, unpack's reader).
RUNNER := $(HOSTB)/nakedinit-run
RUNNER_SOURCES := $(sort $(wildcard tools/run/*.c)) tools/inspect.c tools/mkcpio.c tools/unpack.c \
	tools/hostlib.c
RUNNER_CFLAGS := -Itools -Isrc -DINSPECT_NO_MAIN -DMKCPIO_NO_MAIN -DUNPACK_NO_MAIN
RUNNER_DEPS := $(RUNNER_SOURCES) $(wildcard tools/run/*.h tools/*.h) src/lib/argfile.h

# --- the kernel ---------------------------------------------------------------------
# tinyconfig, plus arch/$(ARCH)/kernel.config, plus the profile's fragment, whose
# lines replace the architecture's for the same options. Each profile is built and
# cached in its own directory. The demo's profile adds nothing; the programs' adds
# what ordinary programs need (kernel/programs.config, and the architecture's own
# arch/$(ARCH)/programs.config where it has one); kernel/image.mk adds the image's.

KERNEL_PROFILE ?= demo
kernel_fragment.demo :=
kernel_fragment.programs := kernel/programs.config $(wildcard arch/$(ARCH)/programs.config)
# The programs wait on timers (sleep, the launcher's timeout and grace period): the
# kernel command line keeps them (no KERNEL_CMDLINE_NO_TIMERS, see arch/*/qemu.mk).
kernel_timers.programs := yes
KBUILD := $(B)/kernel-$(KERNEL_PROFILE)
BUILT_KERNEL = $(KBUILD)/$(KERNEL_IMAGE)
KERNEL_GIVEN := $(filter command line environment,$(origin KERNEL))
KERNEL ?= $(BUILT_KERNEL)
# Default: the newest Debian linux-source tarball, looked up by the recipe that
# builds the kernel (the package may be installed only just before).
KERNEL_SRC ?=
find_kernel_source = $(or $(KERNEL_SRC),$$(ls /usr/src/linux-source-*.tar.* | sort -V | tail -n 1))

# --- what to boot -------------------------------------------------------------------

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
INITRD ?= $(B)/$(PROGRAM).cpio$(INITRD_EXT)
TEST_DISK := $(O)/disk.img
DISK ?= $(TEST_DISK)
# DISK_WRITABLE=yes lets the guest write to DISK (tools/nakedinit-run -o).
DISK_WRITABLE ?=
CMDLINE ?=
TIMEOUT ?= 60
export TIMEOUT
MEMORY ?= 256
# tools/nakedinit-run's guest has as many CPUs as the command may use, up to this
# (--cpus chooses; README, "CPUs")
CPUS_MAX ?= 4

# ACCEL=auto: KVM only for a guest of the host's architecture, where /dev/kvm is
# usable and the CPU can virtualise. (Some machines have /dev/kvm on a CPU without
# vmx/svm: guests then hang silently, so the device alone proves nothing.)
ACCEL ?= auto
kvm_usable := $(shell [ "$(ARCH)" = "$(HOST_ARCH)" ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] && \
	{ [ -z "$(KVM_CPU_FLAGS)" ] || grep -qwE '$(subst $() ,|,$(strip $(KVM_CPU_FLAGS)))' /proc/cpuinfo; } && echo yes)
ACCEL_ASKED := $(ACCEL)
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
# The console is QEMU's stdio with signal=off: a Ctrl-C the harness passes on
# (-input) reaches the guest as a byte, instead of stopping QEMU.
KERNEL_CMDLINE := $(strip $(KERNEL_CMDLINE_ARCH) $(if $(INSTALLED),,$(KERNEL_CMDLINE_HOST)) \
	$(if $(kernel_timers.$(KERNEL_PROFILE)),$(KERNEL_CMDLINE_TIMERS),$(KERNEL_CMDLINE_NO_TIMERS)) panic=-1 $(CMDLINE))
QEMU_FLAGS := -nodefaults -no-user-config -display none
QEMU_GUEST = -no-reboot $(accel_args.$(ACCEL)) $(QEMU_MACHINE)
QEMU_CMD = $(QEMU_SYSTEM) -m $(MEMORY) $(QEMU_FLAGS) \
	-chardev stdio,id=console,signal=off -serial chardev:console $(QEMU_GUEST) -kernel $(KERNEL) \
	$(if $(filter-out none,$(INITRD)),-initrd $(INITRD)) $(if $(filter-out none,$(DISK)),$(QEMU_DISK_ARGS)) \
	$(if $(KERNEL_CMDLINE),-append '$(KERNEL_CMDLINE)')
QEMU_DISK_ARGS = -drive id=disk,file=$(DISK),format=raw,if=none,readonly=$(if $(DISK_WRITABLE),off,on) \
	-device $(QEMU_DISK_DEVICE),drive=disk

# The harness reads the initrd with $(INSPECT) to explain a failed boot, naming the
# architecture of an ELF /init from this table, built from every arch/*/arch.mk.
ELF_MACHINES := $(foreach a,$(SUPPORTED_ARCHES),$(shell sed -n 's/^ELF_MACHINE *:= *//p' arch/$(a)/arch.mk)=$(a))
HARNESS := tools/boot.exp -inspect $(INSPECT) -arch $(ARCH) -machines '$(ELF_MACHINES)'
# hello has no result line: its greeting followed by a clean power-off is success.
HARNESS_ARGS.hello := -pass '^nakedinit: hello from '
# The launcher hosts a program that may read the console: pass the user's typing on.
HARNESS_ARGS.launch := -input
BOOT_CMD = $(HARNESS) $(HARNESS_ARGS.$(PROGRAM)) -- $(QEMU_CMD)

# --- targets ------------------------------------------------------------------------

.DEFAULT_GOAL := all
# builtin_fragment CPIO,CMDLINE: the recipe of a generated kernel fragment ($@, for
# the image and efi profiles) that builds CPIO in as the initramfs, by its absolute
# path (kbuild runs in the kernel tree), and CMDLINE as the command line. CPIO's
# sha256 is in it, so that a changed init changes the fragment and
# tools/build-kernel.sh runs kbuild again; it is rewritten only when its content
# changes, so that an unchanged one rebuilds nothing.
define builtin_fragment
	$(Q)mkdir -p $(@D)
	$(Q){ echo '# generated by make (builtin_fragment, Makefile): the init and command line built in'; \
		echo "# $(notdir $(1)) has sha256 $$(sha256sum < $(1) | cut -c1-64)"; \
		echo 'CONFIG_INITRAMFS_SOURCE="$(abspath $(1))"'; \
		echo 'CONFIG_CMDLINE="$(2)"'; } > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi
endef

# Their variables (kernel profiles among them) must be known before the rules below.
include kernel/image.mk kernel/efi.mk tests/tests.mk tests/gallery/gallery.mk docs/docs.mk \
	tools/install.mk tools/busybox.mk
ifeq ($(origin kernel_fragment.$(KERNEL_PROFILE)),undefined)
$(error KERNEL_PROFILE=$(KERNEL_PROFILE) is not one of: $(patsubst kernel_fragment.%,%,$(filter kernel_fragment.%,$(.VARIABLES))))
endif

# Keep intermediate files (.elf, .cpio, .spec): they are worth looking at.
.SECONDARY:
.PHONY: all programs initrd kernel run boot disk clean help print-boot-cmd print-qemu-cmd \
	launch-prerequisites shell host-tools run-env run-env-host runner
all: programs initrd
programs: $(addprefix $(B)/,$(PROGRAMS))
initrd: $(foreach p,$(PROGRAMS),$(B)/$(p).cpio$(INITRD_EXT))
disk: $(TEST_DISK)

host-tools: $(ELFSHRINK) $(MKCPIO) $(INSPECT) $(UNPACK) $(RUNNER)

$(HOSTB)/.toolchain:
	$(Q)$(NEED) "to build the host tools" $(HOSTCC):$(HOSTCC) libc6-dev:/usr/include/stdio.h \
		zlib1g-dev:/usr/include/zlib.h
	$(Q)mkdir -p $(@D) && touch $@

$(HOSTB)/%: tools/%.c tools/hostlib.c $(wildcard tools/*.h) | $(HOSTB)/.toolchain
	$(call say,HOSTCC,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $< tools/hostlib.c $(HOST_LDLIBS.$*)

# (called nakedinit-binfmt, it is binfmt_misc's handler: tools/run/binfmt.c)
$(RUNNER): $(RUNNER_DEPS) | $(HOSTB)/.toolchain
	$(call say,HOSTCC,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(RUNNER_CFLAGS) -o $@ $(RUNNER_SOURCES) -lz
	$(Q)ln -sf nakedinit-run $(HOSTB)/nakedinit-binfmt

$(B)/.toolchain:
	$(Q)$(NEED) "to compile for $(ARCH)" $(GCC_PACKAGE):$(CC)
	$(Q)mkdir -p $(@D) && touch $@

# The unstripped link, kept for objdump and gdb; the program is that minus what only
# tools read (section headers, symbols).
$(B)/%.elf: src/%.c $(PROGRAM_DEPS)
	$(call say,CC,$@)
	$(Q)$(link_program)

$(addprefix $(B)/,$(PROGRAMS)): $(B)/%: $(B)/%.elf $(ELFSHRINK)
	$(call say,SHRINK,$@)
	$(Q)$(ELFSHRINK) $< $@

$(B)/%.cpio: $(B)/% tools/initrd.sh $(MKCPIO)
	$(call say,CPIO,$@)
	$(Q)tools/initrd.sh $(MKCPIO) $@ $<

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

$(KBUILD).config: arch/$(ARCH)/kernel.config $(kernel_fragment.$(KERNEL_PROFILE)) Makefile
	$(Q)mkdir -p $(@D)
	$(Q)tools/merge-fragments.sh $< $(kernel_fragment.$(KERNEL_PROFILE)) > $@.tmp && mv $@.tmp $@

# The script decides whether anything needs doing (same source, fragment and
# compiler as last time: nothing), so it runs every time.
kernel: $(KBUILD).config $(B)/.toolchain
	$(Q)$(if $(KERNEL_SRC),,$(NEED) "for the kernel source" 'linux-source:/usr/src/linux-source-*.tar.*')
	$(Q)$(NEED) "to build the kernel" make:make flex:flex bison:bison bc:bc xz-utils:xz \
		libelf-dev:/usr/include/gelf.h libssl-dev:/usr/include/openssl/ssl.h patch:patch
	$(Q)V=$(V) tools/build-kernel.sh "$(find_kernel_source)" $(O)/src $(KBUILD) $(KERNEL_ARCH) \
		"$(CROSS_COMPILE)" $(KBUILD).config $(KERNEL_TARGET) $(KERNEL_IMAGE)

# `run` builds what it boots; `boot` boots what is there (KERNEL=, INITRD=, DISK=).
# `run APP=FILE APP_ARGS='...'` runs your own program instead, hosted by
# the launcher on the programs' kernel (tools/nakedinit-run), and exits with its result.
ifneq ($(APP),)
run:
	$(Q)tools/nakedinit-run $(if $(ARCH_GIVEN),-a $(ARCH)) $(if $(KERNEL_GIVEN),-k $(KERNEL)) \
		-- $(APP) $(APP_ARGS)
else
run: $(if $(filter $(BUILT_KERNEL),$(KERNEL)),kernel) \
	$(if $(filter $(B)/$(PROGRAM).cpio$(INITRD_EXT),$(INITRD)),$(INITRD)) \
	$(if $(filter $(TEST_DISK),$(DISK)),$(TEST_DISK))
	$(Q)$(MAKE) --no-print-directory boot
endif

# `shell`: a shell on the programs' kernel, nothing else, hosted by the launcher
# (tools/nakedinit-run): a naked kernel to poke at, with the guest's own BusyBox
# (tools/busybox.mk) for any ARCH; BUSYBOX= names another static busybox instead.
BUSYBOX ?= $(BUILT_BUSYBOX)
shell: $(filter $(BUILT_BUSYBOX),$(BUSYBOX))
	$(Q)tools/nakedinit-run -- $(BUSYBOX) sh

boot: $(INSPECT)
	$(Q)$(NEED) "to boot the $(ARCH) guest" $(QEMU_PACKAGE):$(QEMU_SYSTEM) expect:expect
	$(Q)$(BOOT_CMD)

# What nakedinit-run boots, but for the programs' kernel: the launcher and QEMU;
# for -o, the copy-out program.
launch-prerequisites: $(B)/launch $(B)/copyout $(BUILT_BUSYBOX) $(B)/busybox.links $(RUNNER)
	$(Q)$(NEED) "to boot the $(ARCH) guest" $(QEMU_PACKAGE):$(QEMU_SYSTEM)

# run-env: what a run of nakedinit-run needs, written as shell assignments for it
# to read (tools/run/env.c), so that a run needs no make: $(HOSTB)/run.env for every
# architecture (the ELF machines and names of the architectures; in a checkout, where
# it is and the sources it is built of, whose times say when to build again),
# $(B)/run.env for this one (QEMU's command, by QEMU's path, without console,
# kernel, initrd or disk; the kernel and command line, of KERNEL_PROFILE=programs
# with no CMDLINE; the launcher). nakedinit-run runs `make KERNEL_PROFILE=programs
# CMDLINE= run-env kernel` only when one is missing or older than a source; `make
# runner` makes the runner alone (tools/nakedinit-run, the first time).
shell_quote = '$(subst ','\'',$(1))'
# run_path FILE,INSTALLED-PATH: where run.env says FILE is: here, or with
# INSTALLED=DIR (make install) where it is installed, DIR/INSTALLED-PATH.
run_path = $(call shell_quote,$(if $(INSTALLED),$(INSTALLED)/$(2),$(abspath $(1))))
RUN_SOURCES = Makefile linker.ld src arch kernel tools
runner: run-env-host
run-env-host: $(RUNNER)
	$(file >$(HOSTB)/run.env.tmp,$(run_env_host))
	$(Q)mv $(HOSTB)/run.env.tmp $(HOSTB)/run.env
# (the disk's arguments with a placeholder the runner fills in: -o's disk, writable)
run-env: DISK = @DISK@
run-env: DISK_WRITABLE = yes
run-env: launch-prerequisites run-env-host
	$(file >$(B)/run.env.tmp,$(run_env_arch))
	$(Q)mv $(B)/run.env.tmp $(B)/run.env
define run_env_host
# generated by make run-env (Makefile): read by nakedinit-run (tools/run/env.c)
elf_machines=$(call shell_quote,$(ELF_MACHINES))
arch_names=$(call shell_quote,$(foreach a,$(SUPPORTED_ARCHES),$(foreach n,$(sort $(a) $(call aliases_of,$(a))),$(n)=$(a))))
host_triple=$(patsubst %-,%,$(shell sed -n 's/^CROSS_COMPILE_DEFAULT *:= *//p' arch/$(HOST_ARCH)/arch.mk 2>/dev/null))
guest_etc=$(call run_path,src/etc,host/etc)
shares_max=$(shell sed -n 's/^\#define ARGFILE_SHARES_MAX\t*//p' src/lib/argfile.h)
$(if $(INSTALLED),,top=$(call shell_quote,$(CURDIR))
o=$(call shell_quote,$(O))
sources=($(shell find $(RUN_SOURCES) | LC_ALL=C sort)))
endef
define run_env_arch
# generated by make run-env ARCH=$(ARCH) (Makefile): read by nakedinit-run (tools/run/env.c)
qemu=($(foreach w,$(if $(INSTALLED),$(QEMU_SYSTEM),$(shell command -v $(QEMU_SYSTEM))) $(QEMU_FLAGS) $(QEMU_GUEST),$(call shell_quote,$(w))))
qemu_package=$(QEMU_PACKAGE)
virtio=$(QEMU_VIRTIO)
warm_start=$(QEMU_WARM_START)
disk_args=($(foreach w,$(QEMU_DISK_ARGS),$(call shell_quote,$(w))))
built_kernel=$(call run_path,$(BUILT_KERNEL),$(ARCH)/$(notdir $(KERNEL_IMAGE)))
kernel_cmdline=$(call shell_quote,$(KERNEL_CMDLINE))
kernel_cmdline_host=$(if $(INSTALLED),$(KERNEL_CMDLINE_HOST_RUN))
memory_default=$(call shell_quote,$(MEMORY))
cpus_max=$(call shell_quote,$(CPUS_MAX))
launch=$(call run_path,$(B)/launch,$(ARCH)/launch)
copyout=$(call run_path,$(B)/copyout,$(ARCH)/copyout)
busybox=$(call run_path,$(BUILT_BUSYBOX),$(ARCH)/busybox)
busybox_links=$(call run_path,$(B)/busybox.links,$(ARCH)/busybox.links)
triple=$(TRIPLE)
sysroot=$(call shell_quote,$(SYSROOT))
cross_suffix=$(CROSS_PACKAGE_SUFFIX)
endef

# make exits 2 whenever a recipe fails; to see the harness's own exit status, run
# the command yourself (the tests do): eval "$(make -s print-boot-cmd)".
print-boot-cmd:
	@: $(info $(BOOT_CMD))
print-qemu-cmd:
	@: $(info $(QEMU_CMD))

clean:
	rm -rf $(O)

help:
	@sed -n 's/^#help: \{0,1\}//p' $(MAKEFILE_LIST)
	@echo
	@echo 'Resolved for this command line:'
	@echo '  ARCH=$(ARCH)$(if $(filter-out $(ARCH),$(ARCH_ASKED)), (from ARCH=$(ARCH_ASKED))), one of: $(SUPPORTED_ARCHES) (or: $(ALIASES))'
	@echo '  CROSS_COMPILE=$(CROSS_COMPILE)$(if $(CROSS_COMPILE),,(none: the host gcc))'
	@echo '  ACCEL=$(ACCEL)$(if $(filter auto,$(ACCEL_ASKED)), (ACCEL=auto: $(if $(kvm_usable),KVM works here,no usable KVM for this guest here)))'
	@echo '  KERNEL=$(KERNEL)'
	@echo '  KERNEL_SRC=$(or $(KERNEL_SRC),$(lastword $(sort $(wildcard /usr/src/linux-source-*.tar.*))),(linux-source, installed by the first make kernel))'
	@echo '  PROGRAMS=$(PROGRAMS)   O=$(O)'

#help: nakedinit: boot a Linux kernel whose whole userspace is one tiny program.
#help:
#help: Targets:
#help:   all (default)  build the programs (src/*.c) and an initrd for each
#help:   run            build everything needed, boot it under QEMU, report the result
#help:   boot           boot KERNEL, INITRD and DISK as they are, building nothing
#help:   shell          a BusyBox shell on the programs' kernel (BUSYBOX=path for another ARCH)
#help:   runner         nakedinit-run, the runner (tools/run/), as O/host/nakedinit-run
#help:   run-env        what nakedinit-run needs for ARCH, built, and written for it to
#help:                  read (O/host/run.env, O/ARCH/run.env); it runs this itself when needed
#help:   kernel         build the kernel for KERNEL_PROFILE (tinyconfig + fragments); cached
#help:   image          one file: the kernel with PROGRAM built in, booted by -kernel alone
#help:   clean          remove the build directory
#help:
#help: Variables:
#help:   ARCH=name          an architecture under arch/ (default: the host's), or an alias
#help:   CROSS_COMPILE=     toolchain prefix (default: Debian's cross gcc on another arch)
#help:   O=dir              build directory (default: build)
#help:   V=1                show every command
#help:   PROGRAM=name       what `run` boots as /init: a program of src/ (default: init)
#help:   KERNEL=image       boot this kernel image instead of building one
#help:   KERNEL_PROFILE=    demo (default), programs, gallery or image: which kernel `kernel` builds
#help:   KERNEL_SRC=path    kernel tree or tarball (default: newest /usr/src/linux-source-*)
#help:   INITRD=file|none   boot this initrd instead of the built one
#help:   IMAGE=1            run, boot: the image (make image) instead of kernel + initrd
#help:   INITRD_COMPRESS=   none|gzip|lz4 (default: gzip)
#help:   DISK=file|none     the disk the init reads (default: a generated test disk)
#help:   DISK_WRITABLE=yes  let the guest write to DISK (default: read-only)
#help:   CMDLINE="..."      extra kernel command line, e.g. "disk=/dev/vda bytes=16"
#help:   ACCEL=auto|kvm|tcg QEMU accelerator (default auto: KVM only where it works)
#help:   TIMEOUT=seconds    how long the harness waits for a result (default: 60)
