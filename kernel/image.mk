# SPDX-License-Identifier: MIT
# make image: one file, the kernel with PROGRAM built in, that QEMU boots with -kernel
# alone and that does what `make run` does; `make run IMAGE=1` boots it through the
# harness. Included by the Makefile.
#
# KERNEL_PROFILE=image is the demo's kernel plus kernel/image.config, the
# architecture's arch/$(ARCH)/image.config and a fragment generated here: the
# initramfs, $(B)/$(PROGRAM).cpio (the initrd's newc archive), and the command line.
# Its kbuild tree starts as a copy of the demo's, and every option these change is
# read only by usr/, the command-line code and the boot image: kbuild rebuilds a few
# objects and relinks, as it does when only the init changed.

IMAGE_FILE := $(B)/$(PROGRAM).image
IMAGE_FRAGMENT := $(B)/kernel-image.generated.config
kernel_fragment.image := kernel/image.config $(wildcard arch/$(ARCH)/image.config) $(IMAGE_FRAGMENT)

# Built in: `make run`'s command line less the host's figures (KERNEL_CMDLINE_HOST,
# which would make the image differ from one machine to the next) and CMDLINE, plus
# what -kernel alone needs (IMAGE_CMDLINE_ARCH); both in arch/$(ARCH)/qemu.mk.
IMAGE_CMDLINE := $(strip $(KERNEL_CMDLINE_ARCH) $(IMAGE_CMDLINE_ARCH) $(KERNEL_CMDLINE_NO_TIMERS) panic=-1)
# What QEMU's -append adds: the host's figures and CMDLINE. Where the kernel takes a
# boot loader's command line instead of its own (IMAGE_CMDLINE_MERGED empty), all.
IMAGE_APPEND := $(strip $(KERNEL_CMDLINE_HOST) $(CMDLINE))
ifeq ($(IMAGE_CMDLINE_MERGED),)
IMAGE_APPEND := $(if $(IMAGE_APPEND),$(IMAGE_CMDLINE) $(IMAGE_APPEND))
endif

# IMAGE=1: run and boot the image, with no initrd.
ifneq ($(IMAGE),)
KERNEL := $(IMAGE_FILE)
INITRD := none
KERNEL_CMDLINE := $(IMAGE_APPEND)
ifeq ($(APP),)
run: $(if $(filter $(IMAGE_FILE),$(KERNEL)),image)
endif
endif

# The profile's own kbuild target and image (arch/$(ARCH)/arch.mk); BUILT_KERNEL
# follows them.
ifeq ($(KERNEL_PROFILE),image)
KERNEL_TARGET := $(IMAGE_KERNEL_TARGET)
KERNEL_IMAGE := $(IMAGE_KERNEL_IMAGE)
kernel: $(KBUILD)/.nakedinit-seed
endif

.PHONY: image FORCE
FORCE:

image: $(B)/$(PROGRAM).cpio
	$(Q)$(MAKE) --no-print-directory KERNEL_PROFILE=image kernel
	$(call say,IMAGE,$(IMAGE_FILE))
	$(Q)$(if $(IMAGE_UIMAGE_LOAD),$(NEED) "to wrap the $(ARCH) image for QEMU's loader" u-boot-tools:mkimage)
	$(Q)$(if $(IMAGE_UIMAGE_LOAD),$(image_uimage),cp) $(B)/kernel-image/$(IMAGE_KERNEL_IMAGE) $(IMAGE_FILE).tmp > /dev/null
	$(Q)mv $(IMAGE_FILE).tmp $(IMAGE_FILE)
	@echo "image: $(IMAGE_FILE), $$(stat -c %s $(IMAGE_FILE)) bytes: qemu ... -kernel $(IMAGE_FILE) (make run IMAGE=1)"

# The uImage header's date, fixed (SOURCE_DATE_EPOCH), so that it is reproducible.
image_uimage = SOURCE_DATE_EPOCH=0 mkimage -q -A $(IMAGE_UIMAGE_ARCH) -O linux -T kernel -C gzip \
	-a $(IMAGE_UIMAGE_LOAD) -e $(IMAGE_UIMAGE_LOAD) -n nakedinit -d

$(IMAGE_FRAGMENT): $(B)/$(PROGRAM).cpio FORCE
	$(call builtin_fragment,$<,$(IMAGE_CMDLINE))

# The tree starts as a copy of the demo's (built first if missing). x86's objtool, a
# host tool every object depends on, records the absolute paths of its own build:
# they are made the copy's, or kbuild would rebuild it and then every object.
$(B)/kernel-image/.nakedinit-seed:
	$(Q)$(MAKE) --no-print-directory KERNEL_PROFILE=demo kernel
	$(call say,SEED,$(@D))
	$(Q)rm -rf $(@D).tmp && cp -a $(B)/kernel-demo $(@D).tmp && rm -f $(@D).tmp/.nakedinit-key
	$(Q){ grep -rlIE '/kernel-demo/tools/' $(@D).tmp/tools 2> /dev/null || true; } | \
		xargs -r sed -i -E 's|/[^ :]*/kernel-demo/tools/|$(abspath $(@D))/tools/|g'
	$(Q)touch $(@D).tmp/$(@F) && rm -rf $(@D) && mv $(@D).tmp $(@D)

# make bench's goal for the image's size (tests/bench/bench.sh): 1 MiB.
IMAGE_SIZE_GOAL := 1048576
