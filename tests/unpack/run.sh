#!/bin/bash
# SPDX-License-Identifier: MIT
# Tests for tools/unpack.c: tests/unpack/run.sh UNPACK_BINARY WORKDIR
#
# Crafts newc archives in WORKDIR (emptied first) as a hostile guest could write its
# out disk, names that no guest's kernel lets a program make included, and checks
# that unpack brings back what is safe, refuses and names the rest, leaves nothing
# half-made, and writes nothing outside the directory it is given. Prints one PASS
# or FAIL line per test through tests/lib.sh (TEST_GROUP, default "unpack").
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 UNPACK_BINARY WORKDIR" >&2
	exit 2
fi
TEST_GROUP=${TEST_GROUP:-unpack}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
UNPACK=$(realpath "$1") || exit 2
mkdir -p "$2" && WORK=$(realpath "$2") || exit 2
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 2
export LC_ALL=C
umask 022

# entry NAME MODE [DATA]: one newc entry (MODE in octal, with its type bits), its
# fields in hostlib.h's order.
pad() { head -c $(((4 - $1 % 4) % 4)) /dev/zero; }
entry() {
	local name=$1 mode=$2 data=${3-}
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		1 $((8#$mode)) 0 0 1 0 ${#data} 0 0 0 0 $((${#name} + 1)) 0
	printf '%s\0' "$name"
	pad $((110 + ${#name} + 1))
	printf '%s' "$data"
	pad ${#data}
}
trailer() { entry 'TRAILER!!!' 0; }

# check NAME STATUS ARCHIVE REGEX...: unpacks ARCHIVE into NAME/out, which must
# exit STATUS and print a line matching each REGEX (none: print nothing).
check() {
	local name=$1 want=$2 archive=$3 status=0
	shift 3
	mkdir -p "$name"
	"$UNPACK" "$archive" "$name/out" > "$name.log" 2>&1 || status=$?
	expect_status "$name" "$want" "$status" || return 1
	if [ $# -eq 0 ] && [ -s "$name.log" ]; then
		fail "$name" "printed something (see $WORK/$name.log)"
		return 1
	fi
	expect_output "$name" "$name.log" "$@"
}
# tree NAME LINE...: NAME (around out) holds exactly these, "PATH TYPE MODE" each.
tree() {
	local name=$1
	shift
	printf '%s\n' "$@" > "$name.tree.want"
	(cd "$name" && find . -printf '%p %y %m\n' | sort) > "$name.tree"
	diff "$name.tree.want" "$name.tree" > "$name.tree.diff" && return 0
	fail "$name" "it holds what it should not (see $WORK/$name.tree.diff)"
	return 1
}

{
	entry sub 40750
	entry sub/file 100640 hello
	entry link 120777 sub/file
	entry setuid 104755 '#!'
	entry sub/up 120777 ../link
	trailer
	echo 'what follows the trailer is not read'
} > safe.cpio
check safe 0 safe.cpio &&
	tree safe ". d 755" "./out d 755" "./out/link l 777" "./out/setuid f 755" \
		"./out/sub d 750" "./out/sub/file f 640" "./out/sub/up l 777" &&
	[ "$(cat safe/out/link)" = hello ] &&
	pass "files, directories and safe links come back with their modes, less set-user-ID"

{
	entry ../escape 100644 bad
	entry /abs 100644 bad
	entry a/../../x 100644 bad
	entry ./dot 100644 bad
	entry abs 120777 /etc/passwd
	entry up 120777 ../x
	entry d 40755
	entry d/deep 120777 ../../x
	entry d/turn 120777 d/../../x
	entry link 120777 d
	entry link/evil 100644 bad
	entry null 20666
	entry disk 60660
	entry fifo 10644
	entry ok 100644 ok
	entry ok 100644 second
	trailer
} > hostile.cpio
mkdir -p hostile && echo keep > hostile/sentinel
check hostile 0 hostile.cpio \
	"^unpack: skipped '\.\./escape': a \. or \.\. component$" \
	"^unpack: skipped '/abs': an absolute name$" \
	"^unpack: skipped 'a/\.\./\.\./x': a \. or \.\. component$" \
	"^unpack: skipped '\./dot': a \. or \.\. component$" \
	"^unpack: skipped 'abs': an absolute symbolic link$" \
	"^unpack: skipped 'up': a symbolic link to outside the directory$" \
	"^unpack: skipped 'd/deep': a symbolic link to outside the directory$" \
	"^unpack: skipped 'd/turn': a symbolic link with \.\. after a name$" \
	"^unpack: skipped 'link/evil': its directory is not a directory unpacked before it" \
	"^unpack: skipped 'null': a device node: not created$" \
	"^unpack: skipped 'disk': a device node: not created$" \
	"^unpack: skipped 'fifo': a FIFO: not created$" \
	"^unpack: skipped 'ok': already unpacked$" &&
	tree hostile ". d 755" "./out d 755" "./out/d d 755" "./out/link l 777" "./out/ok f 644" \
		"./sentinel f 644" &&
	[ "$(cat hostile/out/ok)" = ok ] && [ ! -e /abs ] && [ ! -e "$WORK/escape" ] &&
	pass "names with .. or absolute, links that could lead out, a file through a link, device nodes: refused and named, nothing written outside"

# Nothing at all, or nothing complete: no directory, no temporary one left.
{
	entry f 100644 hello
} > cut.cpio
check cut 1 cut.cpio "^unpack: entry 1 claims 110 bytes at byte 120, past the archive's end" &&
	tree cut ". d 755" && pass "an archive without its trailer gives nothing"
{
	entry f 100644 hello | head -c 112
} > short.cpio
check short 1 short.cpio "past the archive's end" && tree short ". d 755" &&
	pass "an entry claiming more data than the archive holds gives nothing"
head -c 4096 /dev/zero > zeros.cpio
check zeros 1 zeros.cpio "^unpack: no archive, only zeros: the guest wrote none$" &&
	tree zeros ". d 755" && pass "a disk of zeros (no copy) gives nothing"
{
	entry f 100644 hello
	printf '070707%0104d' 0
} > magic.cpio
check magic 1 magic.cpio "^unpack: entry 1 at byte 120: not a newc header" &&
	tree magic ". d 755" && pass "a malformed header after a good entry gives nothing"

mkdir -p full/out && echo mine > full/out/mine
check full 1 safe.cpio "^unpack: full/out exists and is not an empty directory: give a new or empty one$" &&
	tree full ". d 755" "./out d 755" "./out/mine f 644" && pass "a directory that is not empty is refused, left as it was"
mkdir -p empty/out
check empty 0 safe.cpio && [ "$(cat empty/out/sub/file)" = hello ] && pass "an empty directory that exists receives it"
exit $TESTS_FAILED
