/* SPDX-License-Identifier: MIT */
/* mkcpio: the spec parser of tools/mkcpio.c, for its fuzz target (tests/fuzz/fuzz_spec.c). */
#ifndef MKCPIO_H
#define MKCPIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Parses a whole spec held in memory and writes its archive.
 *
 *   spec_name  how to call the spec in error messages ("SPEC:LINE: ...")
 *   text, len  the spec; it need not be NUL-terminated and may contain NUL bytes
 *              (which are reported as errors)
 *   out        where to write the archive, or NULL to only check the spec (source
 *              files of `file` lines are still opened and checked)
 *   mtime      modification time to store in every entry
 *
 * Returns 0 on success. On failure it prints exactly one message to stderr and
 * returns -1; `out` may then hold a partial archive, which the caller must throw
 * away. Never exits, and frees everything it allocated.
 */
int mkcpio_parse_spec(const char *spec_name, const char *text, size_t len,
		      FILE *out, uint32_t mtime);

#endif /* MKCPIO_H */
