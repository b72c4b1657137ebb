# SPDX-License-Identifier: MIT
# make docs: the teaching documents docs/NAME.md, each written by its generator,
# docs/gen/NAME.sh, from what the build of every architecture produces. make check
# regenerates them into a scratch directory and compares (tests/docs.sh), so a
# source change that leaves a document stale fails the check.

.PHONY: docs docs-inputs
DOCS_OUT ?= docs
# What the generators read for one architecture, besides the programs and initrds.
DOCS_INPUTS := $(B)/init $(B)/init.cpio $(B)/init.cpio.gz $(B)/docs/init.g.elf $(B)/docs/init.default \
	$(B)/docs/init.trace.cpio.gz $(TEST_DISK) $(INSPECT)
# binutils for the architecture's objdump and readelf: Debian's cross package where
# it is not the host's.
BINUTILS_PACKAGE := $(if $(CROSS_COMPILE),binutils-$(subst _,-,$(TRIPLE)),binutils)

docs:
	$(Q)for a in $(SUPPORTED_ARCHES); do $(MAKE) --no-print-directory ARCH=$$a docs-inputs; done
	$(Q)DOCS_ARCHES="$(SUPPORTED_ARCHES)" docs/gen.sh $(DOCS_OUT)

# docs/boot.md boots the kernel there is: a kernel is built only where none is.
docs-inputs: $(DOCS_INPUTS) $(if $(wildcard $(BUILT_KERNEL)),,kernel)
	$(Q)$(NEED) "to read the $(ARCH) programs for the docs" \
		$(BINUTILS_PACKAGE):$(CROSS_COMPILE)objdump $(BINUTILS_PACKAGE):$(CROSS_COMPILE)readelf
	$(Q)$(NEED) "to boot the $(ARCH) guest" $(QEMU_PACKAGE):$(QEMU_SYSTEM) expect:expect

# The init again, each system call it makes printed on the console (docs/trace.c),
# in an initrd of its own, for docs/boot.md.
TRACED_CALLS := getpid write mount openat statx read reboot
$(B)/docs/%.trace: src/%.c docs/trace.c $(PROGRAM_DEPS) $(ELFSHRINK)
	$(call say,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(PROGRAM_CFLAGS) $(TRACED_CALLS:%=-Wl,--wrap=sys_%) -o $@.elf \
		$(ARCH_SOURCES) $< docs/trace.c $(LIB_SOURCES)
	$(Q)$(ELFSHRINK) $@.elf $@
$(B)/docs/%.trace.cpio.gz: $(B)/docs/%.trace tools/initrd.sh $(MKCPIO)
	$(call say,CPIO,$@)
	$(Q)tools/initrd.sh $(MKCPIO) $(@:.gz=) $<
	$(Q)gzip -n -9 < $(@:.gz=) > $@.tmp && mv $@.tmp $@

# The init again with debugging information, for objdump -S (docs/elf.md). -g
# changes no instruction; the recipe proves it, since the document shows this
# file's code as the program's. Paths in it are relative to the top directory.
$(B)/docs/%.g.elf: src/%.c $(PROGRAM_DEPS) $(B)/%.elf
	$(call say,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(link_program) -g -fdebug-prefix-map=$(CURDIR)=.
	$(Q)$(CROSS_COMPILE)objcopy -O binary $@ $@.bin && $(CROSS_COMPILE)objcopy -O binary $(B)/$*.elf $@.ref.bin
	$(Q)cmp -s $@.bin $@.ref.bin || { echo "$@: -g changed the code of $(B)/$*.elf" >&2; rm -f $@; exit 1; }

# The same sources and compiler flags, linked with the linker's defaults: its own
# script, no section garbage collection, build ID, separate code pages, relro.
# It is only looked at (docs/elf.md): without linker.ld, nothing puts program_start
# right after _start.
$(B)/docs/%.default: src/%.c $(PROGRAM_DEPS)
	$(call say,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(filter-out -Wl%,$(PROGRAM_CFLAGS)) -o $@ $(ARCH_SOURCES) $< $(LIB_SOURCES)

#help:
#help: Documents:
#help:   docs           regenerate docs/*.md from the build of every architecture
#help:                  (docs/gen/NAME.sh writes docs/NAME.md); make check compares
