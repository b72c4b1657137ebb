# SPDX-License-Identifier: MIT
# x86_64: toolchain and kernel names. Included by the Makefile when ARCH=x86_64.

# Other names users may give as ARCH= (the kernel's among them).
ARCH_ALIASES := x86_64 amd64 x86
# Debian's cross compiler, used when building on another architecture.
CROSS_COMPILE_DEFAULT := x86_64-linux-gnu-
# Debian's name for the architecture (its cross packages end in -<name>-cross).
DEBIAN_ARCH := amd64
CROSS_PACKAGE := gcc-x86-64-linux-gnu
# gcc aligns x86_64 arrays of 32 bytes or more to 32 for vector loads; the
# ABI's alignment (1 for chars) avoids that padding.
ARCH_CFLAGS := -malign-data=abi

# The kernel: its name for this architecture, the kbuild target, and the image QEMU boots.
# vmlinux is the uncompressed ELF: QEMU starts it at its PVH entry point, with no
# decompressor and no 16-bit setup code to run first (CONFIG_PVH).
KERNEL_ARCH := x86_64
KERNEL_TARGET := vmlinux
KERNEL_IMAGE := vmlinux
# The kernel command line's size, NUL included (COMMAND_LINE_SIZE in the kernel's
# asm/setup.h): no word the init is given can be longer.
KERNEL_CMDLINE_MAX := 2048
ELF_MACHINE := 62

# make image (kernel/image.mk): a bzImage, which decompresses itself (xz,
# arch/x86_64/image.config); qboot starts it on microvm as it starts vmlinux.
IMAGE_KERNEL_TARGET := bzImage
IMAGE_KERNEL_IMAGE := arch/x86/boot/bzImage
# x86 puts its built-in command line before QEMU's -append.
IMAGE_CMDLINE_MERGED := yes
# (QEMU loads it as it is)
IMAGE_UIMAGE_LOAD :=
