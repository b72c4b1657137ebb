# SPDX-License-Identifier: MIT
# The failure gallery, included by the Makefile: deliberately broken initrds, inits,
# disks, command lines and kernels, one file each in tests/gallery/cases/.
# `make fail` lists them; `make fail NAME=x` builds case x under $(B)/gallery and boots
# it, showing the kernel's message and the harness's diagnosis; `make check` runs
# them all (tests/gallery/gallery.sh).

.PHONY: fail gallery-prerequisites
fail:
	$(Q)tests/gallery/gallery.sh $(if $(NAME),run $(NAME),list)

# What every case starts from; a case builds the rest itself.
gallery-prerequisites: all $(B)/init.cpio $(B)/init.cpio.gz kernel disk $(MKCPIO) $(INSPECT)
	$(Q)$(NEED) "for the failure gallery" $(QEMU_PACKAGE):$(QEMU_SYSTEM) expect:expect \
		cpio:cpio xz-utils:xz lz4:lz4 gzip:gzip tar:tar

#help:   fail           list the failure gallery; NAME=case builds that broken boot and boots it

# The gallery's kernel: the architecture's without devtmpfs (the init must say so and
# power off).
kernel_fragment.gallery := tests/gallery/kernel.config

# The gallery's broken programs (tests/gallery/*.c), linked as the programs are.
$(B)/gallery/%.elf: tests/gallery/%.c $(PROGRAM_DEPS)
	$(call say,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(link_program)

# hello linked the way a C program is by default: position-independent and dynamic,
# so that the kernel looks for the C library's loader (PT_INTERP), not in the initrd.
gallery_comma := ,
$(B)/gallery/hello-dynamic.elf: src/hello.c $(PROGRAM_DEPS)
	$(call say,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(filter-out -static -no-pie -fno-pie -Wl$(gallery_comma)-T$(gallery_comma)linker.ld, \
		$(link_program)) -fpie -pie
