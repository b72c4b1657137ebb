/* SPDX-License-Identifier: MIT */
/* unpack: the reader of tools/unpack.c, for its fuzz target (tests/fuzz/fuzz_unpack.c). */
#ifndef UNPACK_H
#define UNPACK_H

#include <stdint.h>
#include <stdio.h>

/*
 * Unpacks the newc archive at the start of `archive`, which holds `size` bytes,
 * into `dir`, which must not exist or be an empty directory: into a new directory
 * beside it first, renamed to `dir` once everything is there. Entries it will not
 * create (unsafe names or links, device nodes, ...) are named on stderr, one line
 * each. Returns 0; or -1 after one line on stderr, and then `dir` is untouched.
 */
int unpack(FILE *archive, uint64_t size, const char *dir);

/* Whether `dir` may receive an archive: 0, or -1 after one line on stderr. */
int unpack_check_dir(const char *dir);

/* Removes the tree `name` of dirfd, which unpack made: its directories may have
 * modes that forbid it. Returns 0, or -1 with errno set. */
int unpack_remove(int dirfd, const char *name);

#endif /* UNPACK_H */
