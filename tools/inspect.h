/* SPDX-License-Identifier: MIT */
/* inspect: the parsers of tools/inspect.c, for its fuzz target (tests/fuzz/fuzz_inspect.c).
 *
 * Each takes a whole file in memory, writes its facts to `out` as "key: value" lines
 * (see inspect.c for the keys), and returns 0; or, when the data is malformed or
 * cannot be read to its end, writes the facts it established, puts one message in
 * error[0..error_size) and returns -1. Neither reads outside `data`, and each frees
 * all it allocates.
 */
#ifndef INSPECT_H
#define INSPECT_H

#include <stddef.h>
#include <stdio.h>

/* The most inspect reads of a file, and unpacks from it: inputs are untrusted. */
#define INSPECT_MAX_SIZE ((size_t)64 << 20)

/* An initrd: its format, its first bytes, and what /init in it is. Compressed data
 * it unpacks (gzip only) may add up to at most max_unpacked bytes. */
int inspect_initrd(FILE *out, const unsigned char *data, size_t size,
		   size_t max_unpacked, char *error, size_t error_size);

/* A program: an ELF (class, byte order, machine, loader, libraries), a #! script,
 * or neither. */
int inspect_elf(FILE *out, const unsigned char *data, size_t size, char *error,
		size_t error_size);

#endif /* INSPECT_H */
