# SPDX-License-Identifier: MIT
# aarch64: toolchain and kernel names. Included by the Makefile when ARCH=aarch64.

ARCH_ALIASES := aarch64 arm64
CROSS_COMPILE_DEFAULT := aarch64-linux-gnu-
# Debian's name for the architecture (its cross packages end in -<name>-cross).
DEBIAN_ARCH := arm64
CROSS_PACKAGE := gcc-aarch64-linux-gnu
# The tiny code model reaches any symbol within 1 MiB with one `adr`
# instead of an `adrp`+`add` pair: 4 bytes saved per address. Without a frame
# pointer and induction-variable rewriting, -Oz code is a few instructions shorter.
ARCH_CFLAGS := -mcmodel=tiny -fomit-frame-pointer -fno-ivopts

# The kernel: its name for this architecture, the kbuild target, and the image QEMU boots
# (the uncompressed Image: decompressing Image.gz under emulation costs more than it saves).
KERNEL_ARCH := arm64
KERNEL_TARGET := Image
KERNEL_IMAGE := arch/arm64/boot/Image
# The kernel command line's size, NUL included (COMMAND_LINE_SIZE in the kernel's
# asm/setup.h): no word the init is given can be longer.
KERNEL_CMDLINE_MAX := 2048
ELF_MACHINE := 183

# make image (kernel/image.mk): the gzip'd Image, which QEMU's -kernel unpacks itself
# (outside EFI, an arm64 kernel has no decompressor of its own).
IMAGE_KERNEL_TARGET := Image.gz
IMAGE_KERNEL_IMAGE := arch/arm64/boot/Image.gz
# arm64's built-in command line is used only when the boot loader gives none (6.1
# has no CMDLINE_EXTEND): a -append must say it all again.
IMAGE_CMDLINE_MERGED :=
# (QEMU loads it as it is)
IMAGE_UIMAGE_LOAD :=
