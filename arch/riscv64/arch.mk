# SPDX-License-Identifier: MIT
# riscv64: toolchain and kernel names. Included by the Makefile when ARCH=riscv64.

ARCH_ALIASES := riscv64 riscv
CROSS_COMPILE_DEFAULT := riscv64-linux-gnu-
# Debian's name for the architecture (its cross packages end in -<name>-cross).
DEBIAN_ARCH := riscv64
CROSS_PACKAGE := gcc-riscv64-linux-gnu
# gcc pads riscv64 strings and arrays to 8 bytes for speed; natural alignment
# (1 for chars) saves about a hundred bytes of padding.
ARCH_CFLAGS := -malign-data=natural

# The kernel: its name for this architecture, the kbuild target, and the image QEMU boots
# (OpenSBI jumps straight into the uncompressed Image).
KERNEL_ARCH := riscv
KERNEL_TARGET := Image
KERNEL_IMAGE := arch/riscv/boot/Image
# The kernel command line's size, NUL included (COMMAND_LINE_SIZE in the kernel's
# asm/setup.h): no word the init is given can be longer.
KERNEL_CMDLINE_MAX := 1024
ELF_MACHINE := 243/64

# make image (kernel/image.mk): QEMU's riscv loader takes an ELF, a U-Boot uImage or
# a raw Image, and unpacks only a uImage's gzip: the gzip'd Image, wrapped as a
# uImage loaded where OpenSBI enters the kernel, 2 MiB into RAM.
IMAGE_KERNEL_TARGET := Image.gz
IMAGE_KERNEL_IMAGE := arch/riscv/boot/Image.gz
IMAGE_UIMAGE_LOAD := 0x80200000
IMAGE_UIMAGE_ARCH := riscv
# riscv puts its built-in command line after QEMU's -append (CONFIG_CMDLINE_EXTEND).
IMAGE_CMDLINE_MERGED := yes
