#!/bin/bash
# SPDX-License-Identifier: MIT
# Tests for tools/inspect.c: tests/inspect/run.sh INSPECT_BINARY WORKDIR
#
# Builds its fixtures in WORKDIR, which is emptied first: newc archives written by
# mkcpio (MKCPIO, default: the mkcpio next to INSPECT_BINARY), gzip and GNU cpio
# archives, ELF files crafted here for each class and byte order, scripts, garbage.
# Prints "PASS: inspect: NAME" or "FAIL: inspect: NAME: why" per test through
# tests/lib.sh (TEST_GROUP replaces "inspect"); exits non-zero if any failed.
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 INSPECT_BINARY WORKDIR" >&2
	exit 2
fi
TEST_GROUP=${TEST_GROUP:-inspect}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
INSPECT=$(realpath "$1") || exit 2
MKCPIO=$(realpath "${MKCPIO:-$(dirname "$INSPECT")/mkcpio}") || exit 2
mkdir -p "$2" && WORK=$(realpath "$2") || exit 2
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 2
export LC_ALL=C
unset SOURCE_DATE_EPOCH


# check NAME STATUS MODE FILE [LINE...]: `inspect MODE FILE` must exit STATUS and print
# every LINE (a whole line, literally). With STATUS 0 stderr must be empty; else it
# must be one line, "inspect: ...", matching the ERE in $error if that is set.
check() {
	local name=$1 want=$2 mode=$3 file=$4 status line
	shift 4
	"$INSPECT" "$mode" "$file" > "$name.out" 2> "$name.err"
	status=$?
	if [ "$status" != "$want" ]; then
		fail "$name" "exit status $status, expected $want (stderr: $(head -c 300 "$name.err"))"
		return 1
	fi
	for line in "$@"; do
		if ! grep -Fxq -- "$line" "$name.out"; then
			fail "$name" "no line '$line' in: $(tr '\n' '|' < "$name.out")"
			return 1
		fi
	done
	if [ "$want" = 0 ] && [ -s "$name.err" ]; then
		fail "$name" "exit status 0, but stderr says: $(cat "$name.err")"
		return 1
	fi
	if [ "$want" != 0 ] && { [ "$(wc -l < "$name.err")" != 1 ] ||
		! grep -Eq -- "^inspect: ${error:-}" "$name.err"; }; then
		fail "$name" "stderr is not one line 'inspect: ${error:-}...': $(cat "$name.err")"
		return 1
	fi
	pass "$name"
}

# lacks NAME KEY...: the last check's output has no line for any KEY.
lacks() {
	local name=$1 key
	shift
	for key in "$@"; do
		if grep -q "^$key:" "$name.out"; then
			fail "$name: no $key" "$(grep "^$key:" "$name.out")"
			return
		fi
	done
	pass "$name: no ${*}"
}

# ---- crafted ELF files --------------------------------------------------------------

# bytes ORDER WIDTH VALUE...: each VALUE as WIDTH bytes, little- (1) or big-endian (2),
# as printf escapes.
bytes() {
	local order=$1 width=$2 value i byte s out=
	shift 2
	for value in "$@"; do
		s=
		for ((i = 0; i < width; i++)); do
			printf -v byte '\\x%02x' $(((value >> (8 * i)) & 255))
			if [ "$order" = 1 ]; then s+=$byte; else s=$byte$s; fi
		done
		out+=$s
	done
	printf '%s' "$out"
}

# The dynamic program mkelf writes: its loader, and its string table's strings.
elf_loader=/lib/ld-test.so.1
elf_strings=(libfoo.so.1 libbar.so '$ORIGIN/../lib' /opt/old)

# mkelf CLASS ORDER MACHINE FILE: an ELF header, three program headers (PT_LOAD of the
# whole file at 0x10000, PT_INTERP, PT_DYNAMIC), the loader's path, a string table,
# and a dynamic section: DT_NEEDED twice, DT_RUNPATH, DT_RPATH, DT_STRTAB, DT_STRSZ.
mkelf() {
	local class=$1 order=$2 machine=$3 out=$4 w ehsize phsize dynsize
	local base=$((0x10000)) interp_off strtab_off strtab_size=1 dyn_off total s
	local offsets=()
	if [ "$class" = 64 ]; then w=8 ehsize=64 phsize=56 dynsize=16; else w=4 ehsize=52 phsize=32 dynsize=8; fi
	for s in "${elf_strings[@]}"; do
		offsets+=("$strtab_size")
		strtab_size=$((strtab_size + ${#s} + 1))
	done
	interp_off=$((ehsize + 3 * phsize))
	strtab_off=$((interp_off + ${#elf_loader} + 1))
	dyn_off=$(((strtab_off + strtab_size + 7) / 8 * 8))
	total=$((dyn_off + 7 * dynsize))
	# phdr TYPE OFFSET FILESZ
	phdr() {
		if [ "$class" = 64 ]; then
			bytes "$order" 4 "$1" 4
			bytes "$order" 8 "$2" $((base + $2)) $((base + $2)) "$3" "$3" 8
		else
			bytes "$order" 4 "$1" "$2" $((base + $2)) $((base + $2)) "$3" "$3" 4 4
		fi
	}
	{
		printf "\\x7fELF$(bytes 1 1 $((class / 32)) "$order" 1 0)\\0\\0\\0\\0\\0\\0\\0\\0"
		printf "$(bytes "$order" 2 2 "$machine")$(bytes "$order" 4 1)"
		printf "$(bytes "$order" "$w" "$base" "$ehsize" 0)$(bytes "$order" 4 0)"
		printf "$(bytes "$order" 2 "$ehsize" "$phsize" 3 0 0 0)"
		printf "$(phdr 1 0 "$total")$(phdr 3 "$interp_off" $((${#elf_loader} + 1)))"
		printf "$(phdr 2 "$dyn_off" $((7 * dynsize)))"
		printf '%s\0' "$elf_loader" '' "${elf_strings[@]}"
		head -c $((dyn_off - strtab_off - strtab_size)) /dev/zero
		printf "$(bytes "$order" "$w" 1 "${offsets[0]}" 1 "${offsets[1]}" 29 "${offsets[2]}" \
			15 "${offsets[3]}" 5 $((base + strtab_off)) 10 "$strtab_size" 0 0)"
	} > "$out"
}

# patch FILE OFFSET ESCAPES: overwrites bytes of FILE in place.
patch() {
	# shellcheck disable=SC2059 # the escapes are the format
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

elf_facts() {	# elf_facts CLASS ORDER MACHINE: the lines inspect must print for mkelf's file
	printf '%s\n' "type: elf" "class: $1" "byte-order: $([ "$2" = 1 ] && echo little || echo big)" \
		"machine: $3" "interpreter: $elf_loader" "needed: ${elf_strings[0]}" \
		"needed: ${elf_strings[1]}" "runpath: ${elf_strings[2]}" "rpath: ${elf_strings[3]}"
}

for variant in 64:1:62 64:2:43 32:1:40 32:2:8; do
	IFS=: read -r class order machine <<< "$variant"
	name=elf-$class-$([ "$order" = 1 ] && echo le || echo be)
	mkelf "$class" "$order" "$machine" "$name"
	mapfile -t want < <(elf_facts "$class" "$order" "$machine")
	check "$name" 0 elf "$name" "${want[@]}" || continue
	# The libraries in the file's order.
	got=$(grep '^needed:' "$name.out" | tr '\n' ' ')
	[ "$got" = "needed: libfoo.so.1 needed: libbar.so " ] && pass "$name: needed in order" ||
		fail "$name: needed in order" "$got"
done

# The host's own /bin/true: what readelf says about it.
true_bin=$(realpath /bin/true)
machine=$(od -An -tu2 -j18 -N2 "$true_bin" | tr -d ' ')
loader=$(readelf -lW "$true_bin" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
mapfile -t libs < <(readelf -dW "$true_bin" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/needed: \1/p')
want=("type: elf" "machine: $machine")
[ -n "$loader" ] && want+=("interpreter: $loader")
if check elf-host-true 0 elf "$true_bin" "${want[@]}" "${libs[@]}"; then
	[ "$(grep -c '^needed:' elf-host-true.out)" = "${#libs[@]}" ] &&
		pass "elf-host-true: as many libraries as readelf" ||
		fail "elf-host-true: as many libraries as readelf" "$(grep '^needed:' elf-host-true.out)"
fi

# Malformed ELF files: what was established is printed, then the error.
head -c 19 elf-64-le > elf-short
error='elf-short: its ELF header is cut short' check elf-short 1 elf elf-short "type: elf"
head -c 40 elf-64-le > elf-short-header
error='.*cut short \(40 of 64 bytes\)' check elf-short-header 1 elf elf-short-header "machine: 62"
head -c 100 elf-64-le > elf-short-phdrs
error='.*program headers \(3 at offset 64\) lie past the end' check elf-short-phdrs 1 elf elf-short-phdrs "class: 64"
cp elf-32-be elf-bad-class && patch elf-bad-class 4 '\x03'
error='.*ELF class 3 is neither' check elf-bad-class 1 elf elf-bad-class "byte-order: big" "machine: 8"
lacks elf-bad-class class interpreter
cp elf-64-le elf-bad-order && patch elf-bad-order 5 '\x00'
error='.*byte order 0' check elf-bad-order 1 elf elf-bad-order "class: 64"
cp elf-64-le elf-interp-unterminated && patch elf-interp-unterminated $((64 + 3 * 56 + ${#elf_loader})) 'X'
error=".*loader's path \(PT_INTERP\) does not end in a NUL" check elf-interp-unterminated 1 elf elf-interp-unterminated "machine: 62"
cp elf-32-le elf-phentsize && patch elf-phentsize 42 '\x20\x01'
error='.*program headers are 288 bytes each, not 32' check elf-phentsize 1 elf elf-phentsize "class: 32"
# e_phoff far past the end: no arithmetic may wrap.
cp elf-64-be elf-phoff-huge && patch elf-phoff-huge 32 '\xff\xff\xff\xff\xff\xff\xff\xf0'
error='.*lie past the end' check elf-phoff-huge 1 elf elf-phoff-huge "byte-order: big"
# DT_STRTAB outside every loaded segment.
cp elf-32-le elf-strtab-unmapped && patch elf-strtab-unmapped 60 '\x00\x00\x02\x00'
error='.*string table \(DT_STRTAB 0x[0-9a-f]+\) is in no loaded segment' check elf-strtab-unmapped 1 elf elf-strtab-unmapped "interpreter: $elf_loader"

# ---- scripts, other files ------------------------------------------------------------

printf '#!/bin/sh -e\necho hello\n' > script
check script 0 elf script "type: script" "shebang: /bin/sh -e" "interpreter: /bin/sh" \
	'head: 23 21 2f 62 69 6e 2f 73 ("#!/bin/s")'
printf '#!  /usr/bin/env  python3  \r\n' > script-crlf
check script-crlf 0 elf script-crlf 'shebang: /usr/bin/env  python3  \x0d' "interpreter: /usr/bin/env"
# Bytes that could break a line or fake an escape are escaped.
printf '#!/bin/\033s\\h\tx\n' > script-escapes
check script-escapes 0 elf script-escapes 'shebang: /bin/\x1bs\x5ch\x09x' 'interpreter: /bin/\x1bs\x5ch'
printf '#!\n' > script-empty
check script-empty 0 elf script-empty "type: script" "shebang: "
lacks script-empty interpreter
printf 'not a program at all' > text
check text 0 elf text "type: other" 'head: 6e 6f 74 20 61 20 70 72 ("not a pr")'
printf '\177EL' > elf-magic-short
check elf-magic-short 0 elf elf-magic-short "type: other" 'head: 7f 45 4c (".EL")'
: > empty
check empty 0 elf empty "type: empty"
lacks empty head
error="cannot open 'no-such-file': No such file" check missing-file 1 elf no-such-file
error="cannot read '.*': Is a directory" check directory 1 elf .

# ---- initrds -------------------------------------------------------------------------

# newc FILE SPEC-LINE...: a newc archive from mkcpio spec lines.
newc() {
	local out=$1
	shift
	printf '%s\n' "$@" > "$out.spec" && "$MKCPIO" -o "$out" "$out.spec"
}
dev=('dir /dev 0755 0 0' 'nod /dev/console 0600 0 0 c 5 1')
newc elf.cpio "${dev[@]}" "file /init elf-64-le 0755 0 0"
newc script.cpio "${dev[@]}" "file /init script 0755 0 0"
newc no-init.cpio "${dev[@]}"
mapfile -t want < <(elf_facts 64 1 62 | sed 's/^/init./')

check initrd-newc 0 initrd elf.cpio "format: newc" 'head: 30 37 30 37 30 31 30 30 ("07070100")' \
	"archives: 1" "init: found" "init.mode: 100755" "init.size: $(stat -c %s elf-64-le)" "${want[@]}"
gzip -n -9 < elf.cpio > elf.cpio.gz
check initrd-gzip 0 initrd elf.cpio.gz "format: gzip" "archives: 1" "init: found" "${want[@]}"
check initrd-no-init 0 initrd no-init.cpio "format: newc" "archives: 1" "init: missing"
lacks initrd-no-init init.type
check initrd-script 0 initrd script.cpio "init.type: script" "init.shebang: /bin/sh -e"

# A sequence of archives, plain and compressed, NUL padding between: the last /init wins.
{ cat script.cpio; gzip -n < elf.cpio; head -c 512 /dev/zero; } > script-then-elf
check later-wins-elf 0 initrd script-then-elf "format: newc" "archives: 2" "init.type: elf" "${want[@]}"
# (A cpio archive must start at a multiple of 4 bytes, as the kernel reads them.)
{ gzip -n < elf.cpio; gzip -n < no-init.cpio; } > elf-then-script
head -c $((512 - $(stat -c %s elf-then-script) % 512)) /dev/zero >> elf-then-script
cat script.cpio >> elf-then-script
check later-wins-script 0 initrd elf-then-script "format: gzip" "archives: 3" "init.type: script"
{ cat elf.cpio; gzip -n < no-init.cpio; } > init-kept
check init-kept 0 initrd init-kept "archives: 2" "init: found" "init.type: elf"
# Two gzip members back to back, as `cat a.gz b.gz` makes.
{ gzip -n < script.cpio; gzip -n < elf.cpio; } > two-members
check two-gzip-members 0 initrd two-members "archives: 2" "init.type: elf"
# Leading NULs: the format is what follows them.
{ head -c 8 /dev/zero; gzip -n < elf.cpio; } > leading-nuls
check leading-nuls 0 initrd leading-nuls "format: gzip" 'head: 00 00 00 00 00 00 00 00 ("........")' "init: found"

newc symlink.cpio "slink /init /bin/busybox 0777 0 0"
check init-symlink 0 initrd symlink.cpio "init.type: symlink" "init.target: /bin/busybox" "init.mode: 120777"
newc dir.cpio "dir /init 0755 0 0"
check init-directory 0 initrd dir.cpio "init.type: directory" "init.mode: 40755"
newc init-0644.cpio "file /init elf-32-be 0644 0 0"
check init-0644 0 initrd init-0644.cpio "init.mode: 100644" "init.class: 32" "init.byte-order: big" "init.machine: 8"
newc init-empty.cpio "file /init empty 0755 0 0"
check init-empty 0 initrd init-empty.cpio "init: found" "init.type: empty" "init.size: 0"

# Names that unpack to /init, written by GNU cpio, which keeps them as given.
if command -v cpio > /dev/null; then
	mkdir -p stage && cp script stage/init
	(cd stage && echo ./init | cpio -o -H newc --quiet) > dot-slash.cpio
	check init-dot-slash 0 initrd dot-slash.cpio "init: found" "init.type: script"
	(cd stage && echo init | cpio -o -H odc --quiet) > odc.cpio
	error='odc.cpio: an old-format \(odc\) cpio archive at offset 0' check odc 1 initrd odc.cpio \
		"format: odc" "init: unknown"
else
	fail init-dot-slash "GNU cpio is needed to write this fixture"
fi

# Not initrds, or not ones inspect can open.
yes 'not a cpio archive' | head -c 4096 > garbage
error='garbage: at offset 0, neither a cpio archive nor data compressed in a format the kernel knows: 6e 6f' \
	check garbage 1 initrd garbage "format: unknown" 'head: 6e 6f 74 20 61 20 63 70 ("not a cp")' "init: unknown"
printf '\x04\x22\x4d\x18\x64\x40\xa7\x00\x00\x00\x00' > lz4-frame
error=".*lz4's frame format, which the kernel cannot read" check lz4-frame 1 initrd lz4-frame \
	"format: lz4-frame" 'head: 04 22 4d 18 64 40 a7 00 ("."M.d@..")'
printf '\x02\x21\x4c\x18\x00\x00\x00\x00' > lz4-legacy
error='.*at offset 0, lz4-compressed data: inspect unpacks only gzip' check lz4-legacy 1 initrd lz4-legacy "format: lz4"
printf '\xfd7zXZ\0\0' > xz
error='.*xz-compressed data' check xz 1 initrd xz "format: xz" "init: unknown"
# Garbage after a good archive: what came before still counts.
{ cat elf.cpio; echo garbage; } > trailing-garbage
error=".*at offset $(stat -c %s elf.cpio), neither a cpio archive" check trailing-garbage 1 initrd trailing-garbage \
	"format: newc" "archives: 1" "init: found" "init.type: elf"
: > empty.initrd
check empty-initrd 0 initrd empty.initrd "format: empty" "archives: 0" "init: missing"
lacks empty-initrd head
head -c 1024 /dev/zero > zeros.initrd
check zeros-initrd 0 initrd zeros.initrd "format: empty" "init: missing"

# Broken archives.
head -c 400 elf.cpio > cut.cpio
error='.*the cpio entry "init" at offset 240 is cut short' check cpio-cut-in-data 1 initrd cut.cpio "init: unknown"
head -c 150 elf.cpio > cut-header.cpio
error='.*the cpio header at offset 116 is cut short \(34 of 110 bytes\)' check cpio-cut-in-header 1 initrd cut-header.cpio
cp elf.cpio bad-field.cpio && patch bad-field.cpio 14 'g'
error='.*field that is not 8 hex digits' check cpio-bad-field 1 initrd bad-field.cpio
cp elf.cpio bad-namesize.cpio && patch bad-namesize.cpio 94 'FFFFFFFF'
error='.*name of 4294967295 bytes' check cpio-bad-namesize 1 initrd bad-namesize.cpio
{ cat no-init.cpio; head -c 3 /dev/zero; cat elf.cpio; } > misaligned.cpio
error='.*broken padding: a cpio header at offset 515, not a multiple of 4' check cpio-misaligned 1 initrd misaligned.cpio
gzip -n < elf.cpio > corrupt.gz && patch corrupt.gz 20 '\xff\xff\xff\xff'
error='.*the gzip data at offset 0 is corrupt \(zlib: ' check gzip-corrupt 1 initrd corrupt.gz "format: gzip"
gzip -n < elf.cpio | head -c -6 > cut.gz
error='.*the gzip data at offset 0 is cut short' check gzip-cut 1 initrd cut.gz
gzip -n < elf.cpio | gzip -n > twice.gz
error='.*junk at offset 0 of the gzip data at offset 0, neither a cpio header nor padding: 1f 8b' \
	check gzip-in-gzip 1 initrd twice.gz
gzip -n < garbage > garbage.gz
error='.*junk at offset 0 of the gzip data' check gzip-of-garbage 1 initrd garbage.gz
# More than the 64 MiB inspect unpacks: refused, not unpacked without end.
head -c $((65 << 20)) /dev/zero | gzip -1 > bomb.gz
error='.*the gzip data at offset 0 unpacks to more than 67108864 bytes' check gzip-bomb 1 initrd bomb.gz
truncate -s $((65 << 20)) huge	# sparse: nothing written
error="'huge' is larger than 67108864 bytes" check file-too-large 1 initrd huge
rm -f huge

# Usage.
for args in "" "initrd" "elf a b" "disk x"; do
	# shellcheck disable=SC2086 # the words are the arguments
	"$INSPECT" $args > usage.out 2> usage.err
	status=$?
	[ "$status" = 2 ] && grep -q '^usage: inspect' usage.err && [ ! -s usage.out ] &&
		pass "usage error '$args'" || fail "usage error '$args'" "exit status $status"
done
"$INSPECT" -h > help.out 2>&1 && grep -q '^usage: inspect initrd FILE' help.out &&
	pass help || fail help "-h did not print the usage and exit 0"

exit "$TESTS_FAILED"
