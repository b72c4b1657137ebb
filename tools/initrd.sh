#!/bin/sh
# SPDX-License-Identifier: MIT
# initrd.sh MKCPIO OUTPUT INIT [MODE [EXTRA]]: the initrd nakedinit boots, as a newc cpio.
#   /dev          for the init to mount devtmpfs on
#   /dev/console  for the kernel to open as the init's stdin, stdout and stderr
#   /init         INIT, with MODE (default 0755); INIT "-" leaves /init out
#   EXTRA         a file of more spec lines, for what the init needs besides
#                 (tools/nakedinit-run: mount points, the program, its argument file)
# The spec (gen_init_cpio's format) is kept next to it, as OUTPUT.spec.
set -eu
[ $# -ge 3 ] || { echo "usage: initrd.sh MKCPIO OUTPUT INIT [MODE [EXTRA]]" >&2; exit 2; }
mkcpio=$1 output=$2 init=$3 mode=${4:-0755} extra=${5:-}
{
	echo "# $init as /init (tools/initrd.sh)"
	echo 'dir /dev 0755 0 0'
	echo 'nod /dev/console 0600 0 0 c 5 1'
	[ "$init" = - ] || echo "file /init $init $mode 0 0"
	[ -z "$extra" ] || cat "$extra"
} > "$output.spec"
"$mkcpio" -o "$output" "$output.spec"
