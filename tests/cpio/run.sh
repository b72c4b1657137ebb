#!/bin/bash
# SPDX-License-Identifier: MIT
# Tests for tools/mkcpio.c.
#
#   tests/cpio/run.sh MKCPIO_BINARY WORKDIR
#
# Prints "PASS: cpio: name" or "FAIL: cpio: name: why" per test case (and "SKIP:
# ..." for a case this machine cannot run), through tests/lib.sh; TEST_GROUP
# replaces "cpio" (the sanitized build's run says so). Exits non-zero if anything
# failed.
#
# Needs GNU cpio.  Everything is created under WORKDIR, which is emptied
# first.  Fixtures: roundtrip.spec (a valid spec using most features) and
# bad/*.spec (one invalid spec each; its first line says "# expect: LINE
# REGEX", the line number and an ERE for the message mkcpio must print).
# Bad specs that cannot sensibly live in a text file (CRLF, NUL bytes, no
# final newline, huge lines) are generated below.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 MKCPIO_BINARY WORKDIR" >&2
	exit 2
fi
MKCPIO=$(realpath "$1") || exit 2
mkdir -p "$2" && WORK=$(realpath "$2") || exit 2
HERE=$(cd "$(dirname "$0")" && pwd)
command -v cpio >/dev/null || { echo "GNU cpio is required" >&2; exit 2; }

# Fixed environment: dates in cpio listings are shown in UTC, and the
# archives must not depend on whatever SOURCE_DATE_EPOCH the caller had.
export TZ=UTC LC_ALL=C
unset SOURCE_DATE_EPOCH
umask 022

TEST_GROUP=${TEST_GROUP:-cpio}
# shellcheck source=tests/lib.sh
. "$HERE/../lib.sh"

# (A previous run may have extracted read-only directories: open them up.)
chmod -R u+rwX "$WORK" 2>/dev/null
rm -rf "$WORK" && mkdir -p "$WORK" || exit 2
cd "$WORK" || exit 2

# ---- source files for `file` lines (paths in specs are relative to $WORK)
mkdir data
printf '#!/bin/sh\necho hi\n\0\1\2\377tail' > data/tool.bin   # binary, NULs
: > data/empty                                                # 0 bytes
printf 'odd\0size\n\0' > data/odd.bin                         # 10 bytes
printf '0123456789abcdef' > data/aligned.bin                  # 16 bytes
head -c 70001 /dev/urandom > data/big.bin                     # > 1 buffer

# newc_layout FILE: check the archive the way the kernel's initramfs
# unpacker reads it (init/initramfs.c).  Prints what is wrong, if anything.
#   header: "070701" + 13 fields of 8 hex digits = 110 bytes
#   name:   namesize bytes (0 < namesize <= 4096), the last one NUL
#   then NULs up to a multiple of 4 (header+name), file data, NULs up to 4
#   ... until "TRAILER!!!"; then NULs up to a multiple of 512.
newc_layout() {
	local f=$1 off=0 hdr i namesize size name hex total
	total=$(stat -c %s "$f")
	while :; do
		hdr=$(dd if="$f" bs=1 skip=$off count=110 status=none)
		[ "${hdr:0:6}" = 070701 ] || { echo "bad magic at $off"; return; }
		for ((i = 0; i < 13; i++)); do
			[[ ${hdr:6+8*i:8} =~ ^[0-9A-Fa-f]{8}$ ]] ||
				{ echo "bad field $i at $off"; return; }
		done
		size=$((16#${hdr:54:8}))
		namesize=$((16#${hdr:94:8}))
		((namesize > 0 && namesize <= 4096)) ||
			{ echo "bad namesize at $off"; return; }
		# Name must end in exactly one NUL, at namesize - 1.
		hex=$(dd if="$f" bs=1 skip=$((off + 110)) count=$namesize \
			status=none | od -An -v -tx1 | tr -d ' \n')
		[ "${hex: -2}" = 00 ] && [[ ! ${hex:0:${#hex}-2} =~ ^(..)*00 ]] ||
			{ echo "name not NUL-terminated at $off"; return; }
		name=$(dd if="$f" bs=1 skip=$((off + 110)) \
			count=$((namesize - 1)) status=none)
		# Padding after header+name, and after the data, must be NULs.
		off=$((off + 110 + namesize))
		zeros_to4 || { echo "bad name padding for $name"; return; }
		off=$((off + size))
		zeros_to4 || { echo "bad data padding for $name"; return; }
		[ "$name" = 'TRAILER!!!' ] && break
		((off < total)) || { echo "no trailer"; return; }
	done
	((total % 512 == 0)) || { echo "size $total not a multiple of 512"; return; }
	[ -z "$(dd if="$f" bs=1 skip=$off status=none | tr -d '\0')" ] ||
		echo "junk after trailer"
}
# Advance $off to a multiple of 4, checking the skipped bytes are NULs.
zeros_to4() {
	local n=$(((4 - off % 4) % 4))
	[ -z "$(dd if="$f" bs=1 skip=$off count=$n status=none | tr -d '\0')" ] &&
		off=$((off + n))
}

# Print the 8-hex-digit mtime field of the first header of an archive.
first_mtime() { dd if="$1" bs=1 skip=46 count=8 status=none; }

# ======================================================================
# 1. Round trip through GNU cpio.
# ======================================================================
rt=$WORK/rt.cpio
if ! "$MKCPIO" -o "$rt" "$HERE/roundtrip.spec" 2> rt.err; then
	fail roundtrip-build "mkcpio failed: $(cat rt.err)"
else
	pass roundtrip-build
fi

why=$(newc_layout "$rt")
[ -z "$why" ] && pass newc-layout || fail newc-layout "$why"

# The listing shows types, modes, numeric owners, device numbers, targets.
listing=$(cpio -itvn --quiet < "$rt" 2>&1)
why=
while read -r re; do
	grep -Eq -- "$re" <<< "$listing" || why+="[no line matching '$re'] "
done <<'EOF'
^drwxr-xr-x +2 +0 +0 +0 .* bin$
^drwx------ +2 +0 +0 +0 .* etc/deep$
^drwxr-x--- +2 +1 +2 +0 .* etc/deep/er$
^dr-xr-xr-x +2 +0 +0 +0 .* usr$
^-rwsr-xr-x +1 +0 +0 +26 .* bin/tool$
^-rw-r--r-- +1 +0 +0 +0 .* etc/empty$
^-rw------- +1 +1000 +1000 +10 .* etc/deep/odd$
^-rw-r----- +1 +0 +0 +16 .* etc/deep/er/aligned$
^-rwx--s--x +1 +0 +0 +10 .* usr/sgid$
^lrwxrwxrwx +1 +0 +0 +4 .* bin/sh -> tool$
^lrwxrwxrwx +1 +0 +0 +13 .* etc/abs -> /etc/deep/odd$
^crw------- +1 +0 +0 +5, +1 .* dev/console$
^brw-rw---- +1 +0 +6 +254, +0 .* dev/vda$
^prw-r--r-- +1 +0 +0 +0 .* etc/fifo$
^srwxr-xr-x +1 +0 +0 +0 .* etc/sock$
EOF
# Same number of entries as spec lines, and in spec order.
want_names=$(awk '!/^[[:space:]]*(#|$)/ { sub("^/", "", $2); print $2 }' \
	"$HERE/roundtrip.spec")
got_names=$(cpio -it --quiet < "$rt" 2>/dev/null)
[ "$want_names" = "$got_names" ] || why+="[names or order differ: $got_names] "
[ -z "$why" ] && pass roundtrip-listing || fail roundtrip-listing "$why"

# Extract as an ordinary process.  Device nodes need CAP_MKNOD; without it
# leave them out.  Owners are not restored (that needs root, and even root
# in a user namespace cannot chown to unmapped ids).  The listing above
# already checked device numbers and owners.
mkdir x
exclude=()
if ! mknod "$WORK/probe" c 5 1 2>/dev/null; then
	exclude=(-f 'dev/console' 'dev/vda')
fi
rm -f "$WORK/probe"
if ! (cd x && cpio -idmu --no-absolute-filenames --no-preserve-owner --quiet \
	"${exclude[@]}" \
	< "$rt") 2> extract.err; then
	fail roundtrip-extract "cpio failed: $(cat extract.err)"
else
	why=
	for pair in bin/tool:tool.bin etc/empty:empty etc/deep/odd:odd.bin \
		etc/deep/er/aligned:aligned.bin usr/sgid:odd.bin; do
		cmp -s "x/${pair%%:*}" "data/${pair#*:}" ||
			why+="[${pair%%:*} content differs] "
	done
	for pair in bin:755 etc/deep:700 etc/deep/er:750 usr:555 \
		bin/tool:4755 etc/empty:644 etc/deep/odd:600 \
		etc/deep/er/aligned:640 usr/sgid:2711 etc/fifo:644 etc/sock:755; do
		m=$(stat -c %a "x/${pair%%:*}" 2>&1)
		[ "$m" = "${pair#*:}" ] ||
			why+="[mode of ${pair%%:*} is $m, want ${pair#*:}] "
	done
	for pair in etc/fifo:fifo etc/sock:socket bin/sh:'symbolic link'; do
		t=$(stat -c %F "x/${pair%%:*}" 2>&1)
		[ "$t" = "${pair#*:}" ] || why+="[${pair%%:*} is a $t] "
	done
	[ "$(readlink x/bin/sh)" = tool ] || why+="[bin/sh target] "
	[ "$(readlink x/etc/abs)" = /etc/deep/odd ] || why+="[etc/abs target] "
	[ "$(stat -c %Y x/bin/tool 2>/dev/null)" = 0 ] || why+="[mtime of bin/tool not 0] "
	if [ ${#exclude[@]} -eq 0 ]; then
		# stat prints major/minor in hex: 254 = fe.
		t=$(stat -c '%F %t %T %a' x/dev/console x/dev/vda 2>&1 | tr '\n' ,)
		[ "$t" = "character special file 5 1 600,block special file fe 0 660," ] ||
			why+="[device nodes: $t] "
	fi
	[ -z "$why" ] && pass roundtrip-extract || fail roundtrip-extract "$why"
fi

# A file larger than mkcpio's copy buffer, and the longest legal name
# (4095 bytes) and symlink target.
long=$(printf 'd%.0s' {1..4094})
printf 'file /big data/big.bin 0644 0 0\nslink /%s %s 0777 0 0\n' \
	"l$long" "/$long" > big.spec
if "$MKCPIO" -o big.cpio big.spec 2> big.err &&
	mkdir xb && (cd xb && cpio -id --quiet big < ../big.cpio 2>/dev/null) &&
	cmp -s xb/big data/big.bin &&
	[ "$(cpio -it --quiet < big.cpio 2>/dev/null | tail -n 1)" = "l$long" ] &&
	[ -z "$(newc_layout big.cpio)" ]; then
	pass big-file-and-longest-name
else
	fail big-file-and-longest-name "build, extract, cmp or layout failed: $(cat big.err)"
fi

# An empty spec gives an archive holding only the trailer: one block.
: > empty.spec
if "$MKCPIO" -o empty.cpio empty.spec && [ "$(stat -c %s empty.cpio)" = 512 ] &&
	[ -z "$(newc_layout empty.cpio)" ] &&
	[ -z "$(cpio -it --quiet < empty.cpio 2>/dev/null)" ]; then
	pass empty-spec
else
	fail empty-spec "not a 512-byte trailer-only archive"
fi

# The archive gets normal file permissions (mkstemp would give 0600).
m=$(stat -c %a "$rt")
[ "$m" = 644 ] && pass output-mode || fail output-mode "mode $m, want 644"

# ======================================================================
# 2. Determinism.
# ======================================================================
"$MKCPIO" -o d1.cpio "$HERE/roundtrip.spec"
# Host metadata must not leak in: change source mtimes, rebuild.
touch -d '2001-02-03 04:05:06' data/*
"$MKCPIO" -o d2.cpio "$HERE/roundtrip.spec"
cmp -s d1.cpio d2.cpio && cmp -s d1.cpio "$rt" &&
	pass deterministic || fail deterministic "archives differ"

[ "$(first_mtime d1.cpio)" = 00000000 ] &&
	grep -q 'Jan  1  1970' <<< "$(cpio -itv --quiet < d1.cpio 2>/dev/null)" &&
	pass mtime-default-zero || fail mtime-default-zero "mtime not 0"

SOURCE_DATE_EPOCH=1700000000 "$MKCPIO" -o e1.cpio "$HERE/roundtrip.spec"
SOURCE_DATE_EPOCH=1700000000 "$MKCPIO" -o e2.cpio "$HERE/roundtrip.spec"
why=
cmp -s e1.cpio e2.cpio || why+="[not deterministic] "
cmp -s e1.cpio d1.cpio && why+="[same as without SOURCE_DATE_EPOCH] "
[ "$(first_mtime e1.cpio)" = 6553F100 ] || why+="[header mtime $(first_mtime e1.cpio)] "
n=$(cpio -itv --quiet < e1.cpio 2>/dev/null | grep -c 'Nov 14  2023')
[ "$n" = "$(cpio -it --quiet < e1.cpio 2>/dev/null | wc -l)" ] || why+="[cpio -tv dates] "
[ -z "$why" ] && pass source-date-epoch || fail source-date-epoch "$why"

# Bad SOURCE_DATE_EPOCH: an error (exit 1), not silently 0.
for v in '' abc -5 1.5 ' 1' 4294967296 99999999999999999999; do
	rm -f sde.cpio
	SOURCE_DATE_EPOCH=$v "$MKCPIO" -o sde.cpio empty.spec 2> sde.err
	rc=$?
	if [ $rc = 1 ] && grep -q SOURCE_DATE_EPOCH sde.err && [ ! -e sde.cpio ]; then
		pass "bad-source-date-epoch '$v'"
	else
		fail "bad-source-date-epoch '$v'" "exit $rc: $(cat sde.err)"
	fi
done

# ======================================================================
# 3. Spec on stdin.
# ======================================================================
"$MKCPIO" -o stdin.cpio - < "$HERE/roundtrip.spec" 2> stdin.err &&
	cmp -s stdin.cpio d1.cpio && pass stdin ||
	fail stdin "differs from the file build: $(cat stdin.err)"

# ======================================================================
# 4. Bad input.
# ======================================================================

# expect_error NAME SPEC LINE REGEX [RUNNER...]
# Run mkcpio on SPEC (a path, or - to feed $stdin_spec on stdin) in a fresh
# directory; it must exit 1 with exactly one line "SPEC:LINE: message",
# message matching REGEX (an ERE, anchored), and leave that directory empty.
expect_error() {
	local name=$1 spec=$2 line=$3 re=$4 dir rc err label
	shift 4
	dir=$WORK/bad/$name
	mkdir -p "$dir" && chmod 777 "$dir"
	if [ "$spec" = - ]; then
		label='<stdin>'
		"$@" "$MKCPIO" -o "$dir/out.cpio" - < "$stdin_spec" 2> "$dir.err"
	else
		label=$spec
		"$@" "$MKCPIO" -o "$dir/out.cpio" "$spec" 2> "$dir.err"
	fi
	rc=$?
	err=$(cat "$dir.err")
	if [ $rc != 1 ]; then
		fail "$name" "exit status $rc, want 1 (stderr: $err)"
	elif [ "$(wc -l < "$dir.err")" != 1 ]; then
		fail "$name" "want exactly one line on stderr, got: $err"
	elif [[ $err != "$label:$line: "* ]]; then
		fail "$name" "want prefix '$label:$line: ', got: $err"
	elif [[ ! ${err#"$label:$line: "} =~ ^($re)$ ]]; then
		fail "$name" "message does not match /$re/: $err"
	elif [ -n "$(ls -A "$dir")" ]; then
		fail "$name" "left files behind: $(ls -A "$dir" | tr '\n' ' ')"
	else
		pass "$name"
	fi
}

# The fixtures.
for spec in "$HERE"/bad/*.spec; do
	name=$(basename "$spec" .spec)
	read -r _ _ line re < "$spec"
	expect_error "$name" "$spec" "$line" "$re"
done

# Generated bad specs.
gen=$WORK/gen
mkdir "$gen"
printf 'dir /a 0755 0 0\r\ndir /b 0755 0 0\r\n' > "$gen/crlf.spec"
expect_error crlf "$gen/crlf.spec" 1 \
	'line ends with CR: convert the spec to Unix line endings'

printf 'dir /a 0755 0 0\ndir /b 0755 0 0' > "$gen/no-newline.spec"
expect_error no-final-newline "$gen/no-newline.spec" 2 \
	'no newline at end of file \(this is an error: the spec may be truncated\)'

# Truncated in the middle of a field: still caught as a missing newline,
# not silently accepted as "dir /b 07".
printf 'dir /a 0755 0 0\ndir /b 07' > "$gen/truncated.spec"
expect_error truncated "$gen/truncated.spec" 2 'no newline at end of file.*'

printf 'dir /a 0755 0 0\n# comment\ndir /b\0 0755 0 0\n' > "$gen/nul.spec"
expect_error nul-byte "$gen/nul.spec" 3 'line contains a NUL byte'

{ echo 'dir /a 0755 0 0'; printf 'dir /%s 0755 0 0\n' "$(head -c 20000 /dev/zero | tr '\0' x)"; } \
	> "$gen/long-line.spec"
expect_error long-line "$gen/long-line.spec" 2 \
	'line too long \([0-9]+ bytes, at most 16384\)'

# 4096 bytes after stripping the leading '/': one too many.
printf 'dir /a 0755 0 0\ndir /a/%s 0755 0 0\n' "$(printf 'n%.0s' {1..4094})" \
	> "$gen/long-name.spec"
expect_error long-name "$gen/long-name.spec" 2 \
	'name too long \(4096 bytes, at most 4095\)'

printf 'slink /a /%s 0777 0 0\n' "$(printf 't%.0s' {1..4095})" \
	> "$gen/long-target.spec"
expect_error long-target "$gen/long-target.spec" 1 \
	'symlink target too long \(4096 bytes, at most 4095\)'

# Errors while reading stdin are reported against "<stdin>".
stdin_spec=$HERE/bad/mode-not-octal.spec
expect_error stdin-error - 3 "bad mode '0789': .*"

# An unreadable source file.  Root reads anything, so as root drop into a
# new user namespace (where our uid maps to nobody) to run mkcpio.
cp data/odd.bin "$gen/secret" && chmod 000 "$gen/secret"
cp data/odd.bin "$gen/probe"
printf 'file /s %s 0644 0 0\n' "$gen/secret" > "$gen/unreadable.spec"
chmod 755 "$gen" "$WORK"
runner=()
[ "$(id -u)" = 0 ] && runner=(unshare --user)
if ! "${runner[@]}" cat "$gen/probe" >/dev/null 2>&1 ||
	"${runner[@]}" cat "$gen/secret" >/dev/null 2>&1; then
	skip unreadable-source "cannot make a file unreadable for this user"
else
	expect_error unreadable-source "$gen/unreadable.spec" 1 \
		"cannot open '$gen/secret': Permission denied" "${runner[@]}"
fi

# A failing run must leave an existing OUTPUT byte-identical, and must
# not leave its temporary file next to it.
mkdir keep
printf 'precious\0data\n' > keep/out.cpio
cp keep/out.cpio keep.orig
"$MKCPIO" -o keep/out.cpio "$HERE/bad/duplicate.spec" 2>/dev/null
rc=$?
if [ $rc = 1 ] && cmp -s keep/out.cpio keep.orig &&
	[ "$(ls -A keep)" = out.cpio ]; then
	pass existing-output-kept
else
	fail existing-output-kept "exit $rc; dir holds: $(ls -A keep | tr '\n' ' ')"
fi

# ... and a successful run replaces it, again leaving no temporary file.
if "$MKCPIO" -o keep/out.cpio empty.spec && cmp -s keep/out.cpio empty.cpio &&
	[ "$(ls -A keep)" = out.cpio ]; then
	pass existing-output-replaced
else
	fail existing-output-replaced "dir holds: $(ls -A keep | tr '\n' ' ')"
fi

# Usage errors exit 2; -h exits 0 with usage on stdout.
for args in "" "-o" "-o u.cpio" "u.spec" "-o u.cpio a.spec b.spec" \
	"-x -o u.cpio a.spec" "-o '' empty.spec"; do
	eval "\"\$MKCPIO\" $args" > /dev/null 2> usage.err
	rc=$?
	if [ $rc = 2 ] && grep -q '^usage: ' usage.err && [ ! -e u.cpio ]; then
		pass "usage-error '$args'"
	else
		fail "usage-error '$args'" "exit $rc, want 2"
	fi
done
"$MKCPIO" -h > usage.out 2>&1 && grep -q '^usage: mkcpio -o OUTPUT SPEC' usage.out &&
	pass help || fail help "-h did not print usage and exit 0"

# A spec path that does not exist is an error (1), not a usage error.
"$MKCPIO" -o nospec.cpio no-such.spec 2> nospec.err
rc=$?
[ $rc = 1 ] && grep -q "no-such.spec.*No such file" nospec.err &&
	[ ! -e nospec.cpio ] && pass missing-spec ||
	fail missing-spec "exit $rc: $(cat nospec.err)"

# Nothing anywhere in WORKDIR may look like a leftover temporary file.
left=$(find "$WORK" -name '*.tmp.*')
[ -z "$left" ] && pass no-temp-files || fail no-temp-files "$left"

exit "$TESTS_FAILED"
