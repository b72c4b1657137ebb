#!/bin/bash
# SPDX-License-Identifier: MIT
# Files out for $ARCH (run by tests/check.sh): tools/nakedinit-run -o HOSTDIR brings
# back what tests/launch/probe.c leaves in the guest's /out (its "out" requests),
# and each test checks the result, what the guest and the host printed, and what
# HOSTDIR and the directory around it hold. tests/unpack/run.sh tests the host's
# unpacking with archives no guest program could make. Logs: $O/tests/$ARCH/out/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
TEST_GROUP="$ARCH: out"
logs=$O/tests/$ARCH/out
mkdir -p "$logs"
umask 022	# HOSTDIR itself gets 0777 less the umask, as mkdir would make it

programs_ready || exit 0
dirs=$(cd "$logs" && pwd)/dirs
rm -rf "$dirs" && mkdir -p "$dirs"

# expect_tree NAME DIR LINE...: DIR holds exactly these, one "PATH TYPE MODE" each
# (find's %y and %m), in sorted order; its own line is ". d MODE".
expect_tree() {
	local name=$1 dir=$2
	shift 2
	printf '%s\n' "$@" > "$logs/$name.tree.want"
	(cd "$dir" && find . -printf '%p %y %m\n' | LC_ALL=C sort) > "$logs/$name.tree"
	diff "$logs/$name.tree.want" "$logs/$name.tree" > "$logs/$name.tree.diff" && return 0
	fail "$name" "$dir does not hold what it should (see $logs/$name.tree.diff)"
	return 1
}
# expect_file NAME FILE CONTENT: FILE holds exactly CONTENT and a newline.
expect_file() {
	[ "$(cat "$2" 2> /dev/null)" = "$3" ] && return 0
	fail "$1" "$2 does not hold '$3'"
	return 1
}

# Files, a big one, directories, modes, a link; the FIFO is left out, and named.
# The big file's pattern is the probe's (OUT_LINES, OUT_LINE), made again here.
printf '%07d nakedinit -o\n' $(seq 0 199999) > "$logs/big.want"
launch files 0 -o "$dirs/files" "$probe" out &&
	expect_output files "$logs/files.log" "^/out filled: ok$" \
		"^nakedinit: left out /out/fifo: not a file, directory or symbolic link$" \
		"^nakedinit: copied /out: 6 entries, " "^nakedinit: exit 0$" &&
	expect_tree files "$dirs/files" ". d 755" "./big.bin f 750" "./link l 777" \
		"./small.txt f 644" "./sub d 755" "./sub/dir d 700" "./sub/dir/secret f 600" &&
	expect_file files "$dirs/files/small.txt" small &&
	expect_file files "$dirs/files/sub/dir/secret" secret &&
	expect_file files "$dirs/files/link" secret &&
	if cmp -s "$logs/big.want" "$dirs/files/big.bin"; then
		pass "-o brings /out back: files byte for byte ($(stat -c %s "$logs/big.want") bytes the biggest), subdirectories, modes, a link; a FIFO left out and named"
	else
		fail files "big.bin differs from the pattern (cmp $logs/big.want $dirs/files/big.bin)"
	fi

# The program still writes /out/partial.bin when its time runs out: left out, named.
launch writer 124 -t 5 -o "$dirs/writer" "$probe" out-writer &&
	expect_output writer "$logs/writer.log" "^writing /out/partial.bin: ok$" \
		"^nakedinit: left out /out/partial.bin: open for writing, it may be half-written$" \
		"^nakedinit: exit 124$" &&
	expect_tree writer "$dirs/writer" ". d 755" "./done.txt f 644" &&
	expect_file writer "$dirs/writer/done.txt" 'done' &&
	pass "a file still open for writing when the program is stopped is left out and named; the rest comes back"
launch orphan 0 -o "$dirs/orphan" "$probe" out-writer orphan &&
	expect_output orphan "$logs/orphan.log" "^writing /out/partial.bin: ok$" \
		"^nakedinit: left out /out/partial.bin: open for writing, it may be half-written$" \
		"^nakedinit: exit 0$" &&
	expect_tree orphan "$dirs/orphan" ". d 755" "./done.txt f 644" &&
	pass "a file an orphan still writes when the program ends is left out and named"

# The copy fails (the probe removed the out disk's node): 125, a line says the copy
# failed, and HOSTDIR is not made.
launch nodisk 125 -o "$dirs/nodisk" "$probe" out-nodisk &&
	expect_output nodisk "$logs/nodisk.log" "^nakedinit: open /dev/vda: ENOENT \(-2\)$" \
		"^nakedinit: copying /out failed$" "^nakedinit: exit 5$" \
		"^nakedinit-run: -o: nothing copied to $dirs/nodisk \(above\)$" &&
	if [ -e "$dirs/nodisk" ]; then
		fail nodisk "$dirs/nodisk was made"
	else
		pass "a failed copy says so, makes no HOSTDIR, and gives 125 (the program's 5 in the log)"
	fi

# The host's disk is full when the copy lands (a 1 MiB tmpfs, in a mount namespace of
# its own, for the probe's 3.8 MB): 125, a line saying so, nothing left behind.
mkdir -p "$dirs/full"
unshare --user --map-root-user --mount bash -c 'mount -t tmpfs -o size=1m none "$1" || exit 99
	"${@:3}" > "$2.out" 2> "$2.err"; echo "status $?" >> "$2.out"
	ls -A "$1" > "$2.left"' _ "$dirs/full" "$logs/full" \
	"$top/tools/nakedinit-run" -l "$logs/full.console" -o "$dirs/full/got" "$probe" out
if ! grep -qx 'status 125' "$logs/full.out"; then
	fail full "$(tail -n 1 "$logs/full.out" 2> /dev/null), expected status 125 (see $logs/full.err)"
elif ! grep -q '^nakedinit-run: -o: nothing copied to .*/got (above)$' "$logs/full.err"; then
	fail full "no line saying the copy failed (see $logs/full.err)"
elif [ -s "$logs/full.left" ]; then
	fail full "left on the full disk: $(xargs < "$logs/full.left")"
else
	pass "a full host disk when the copy lands: 125, a line saying so, nothing half-written left"
fi

# A hostile /out: what could lead outside HOSTDIR is left out (the guest) or
# refused (the host), each named; HOSTDIR holds the rest, and nothing beside it changes.
mkdir -p "$dirs/hostile" && echo keep > "$dirs/hostile/sentinel"
launch hostile 0 -o "$dirs/hostile/out" "$probe" out-hostile &&
	expect_output hostile "$logs/hostile.log" "^/out made hostile: ok$" \
		"^nakedinit: left out /out/null: not a file, directory or symbolic link$" \
		"^unpack: skipped 'abs': an absolute symbolic link$" \
		"^unpack: skipped 'up': a symbolic link to outside the directory$" &&
	expect_tree hostile "$dirs/hostile" ". d 755" "./out d 755" "./out/link l 777" \
		"./out/sub d 755" "./out/sub/ok f 644" "./sentinel f 644" &&
	expect_file hostile "$dirs/hostile/sentinel" keep &&
	pass "a hostile /out (absolute link, a link climbing out, a device node) stays inside HOSTDIR, each refusal named"

# Nothing to copy: an empty /out into an empty HOSTDIR that exists; no /out at all.
mkdir -p "$dirs/empty"
launch empty 0 -o "$dirs/empty" "$probe" exit 0 &&
	expect_output empty "$logs/empty.log" "^nakedinit: copied /out: 0 entries, " &&
	expect_tree empty "$dirs/empty" ". d 755" &&
	pass "an empty /out gives an empty HOSTDIR (an empty one may exist)"
launch gone 0 -o "$dirs/gone" "$probe" out-gone &&
	expect_output gone "$logs/gone.log" "^nakedinit: no /out: nothing to copy$" &&
	expect_tree gone "$dirs/gone" ". d 755" &&
	pass "no /out at all gives an empty HOSTDIR"

# Refused before anything boots: HOSTDIR holds something already.
launch not-empty 125 -o "$dirs/files" "$probe" exit 0 &&
	expect_output not-empty "$logs/not-empty.log" \
		"^nakedinit-run: -o $dirs/files exists and is not an empty directory: give a new or empty one$" &&
	expect_no_output not-empty "$logs/not-empty.log" "^nakedinit: exit" &&
	expect_file not-empty "$dirs/files/small.txt" small &&
	pass "refused before booting: a HOSTDIR that is not empty, left as it was"
exit 0
