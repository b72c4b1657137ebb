#!/bin/sh
# SPDX-License-Identifier: MIT
# make-test-disk.sh OUTPUT: the disk image the init reads in tests and `make run`.
# 64 KiB, deterministic: a line of text (so the default 8 bytes read "nakedini"),
# then every byte value 00..ff up and down (so longer reads show all hex digits),
# then zeros.
set -eu
out=$1
{
	printf 'nakedinit test disk: the init prints its first bytes in hex.\n'
	i=0; while [ $i -lt 256 ]; do printf "\\$(printf %o $i)"; i=$((i + 1)); done
	i=255; while [ $i -ge 0 ]; do printf "\\$(printf %o $i)"; i=$((i - 1)); done
} > "$out.tmp"
truncate -s 64K "$out.tmp"
mv "$out.tmp" "$out"
