#!/bin/bash
# The failure gallery: broken initrds, inits, disks, command lines and kernels, each
# built on purpose and booted, to show what the kernel says and how the harness
# (tools/boot.exp) diagnoses it.
#
#   gallery.sh list        the cases, with what each breaks      (make fail)
#   gallery.sh run NAME    build case NAME and boot it, live     (make fail NAME=...)
#   gallery.sh check       every case, one PASS/FAIL line each   (make check, tests/boot.sh)
#
# ARCH, O and MAKE come from the environment (the Makefile sets them). Everything a
# case builds goes under $O/$ARCH/gallery; `check` keeps each console in
# $O/tests/$ARCH/gallery/NAME.log.
set -uo pipefail
: "${ARCH:?}" "${O:?}" "${MAKE:=make}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

# The cases, one a line: NAME | STATUS | BUILDS | BOOT | ABOUT | MESSAGE | DIAGNOSIS
#   STATUS     the harness's exit status: 100 a diagnosed boot failure, 1..99 the
#              init's own result (2 bad option, 3 mount, 4 open, 5 read, 6 short read,
#              7 not a block device)
#   BUILDS     the broken artifacts the case needs, files under $O/$ARCH/gallery
#              (see build() below), or -
#   BOOT       `make boot` arguments on top of the working defaults (the built
#              kernel, init.cpio.gz, the test disk, no CMDLINE); @FILE is an artifact
#   MESSAGE    extended regex for the console line that shows the cause: the
#              kernel's own message, or the init's
#   DIAGNOSIS  extended regex for the harness's last line, "boot: ..."
#   ({arch} in MESSAGE or DIAGNOSIS stands for the architecture booted.)
# A case whose STATUS is the init's must also show "nakedinit: exit STATUS", then the
# kernel's "reboot: Power down", and no kernel panic. No case may need the timeout.
cases='
garbage | 100 | garbage | INITRD=@garbage | the initrd is 4 KiB of text, not a cpio archive | Initramfs unpacking failed: invalid magic at start of compressed archive | ^boot: failed: the initrd is neither a cpio archive nor compressed in a format the kernel knows: it starts with 6e 6f 74 20
tar-gz | 100 | tar-gz | INITRD=@tar-gz | the initrd is a tar.gz holding the init: gzip is fine, tar is not cpio | Initramfs unpacking failed: no cpio magic | ^boot: failed: the initrd is not a cpio archive \(no cpio magic\)$
odc | 100 | odc | INITRD=@odc | the initrd is a cpio in the old portable format (cpio -H odc), not newc | Initramfs unpacking failed: incorrect cpio method used: use -H newc option | ^boot: failed: the initrd is an old-format cpio; the kernel reads only newc
xz | 100 | xz nodevtmpfs.kernel | INITRD=@xz KERNEL=@nodevtmpfs.kernel | the initrd is xz-compressed, booted on the gallery kernel built without xz (RD_XZ) | Initramfs unpacking failed: compression method xz not configured | ^boot: failed: the initrd is compressed with xz, which this kernel cannot decompress$
lz4-frame | 100 | lz4-frame | INITRD=@lz4-frame | the initrd is lz4-compressed in the frame format (lz4 without -l) | Initramfs unpacking failed: invalid magic at start of compressed archive | ^boot: failed: .*: it is lz4.s frame format; the kernel reads only lz4.s legacy format \(lz4 -l\)$
no-init | 100 | no-init | INITRD=@no-init | the initrd has /dev/console but no /init | VFS: Unable to mount root fs on unknown-block\(0,0\) | ^boot: failed: /init is missing from the initrd
init-not-executable | 100 | init-0644 | INITRD=@init-0644 | /init has mode 0644 | Failed to execute /init \(error -13\) | ^boot: failed: /init is not executable \(error -13, EACCES
init-other-arch | 100 | init-other-arch | INITRD=@init-other-arch | /init is the init built for the next architecture in `make list-arches` | Failed to execute /init \(error -8\) | ^boot: failed: /init is not an executable for this architecture \(error -8, ENOEXEC\): it is an ELF for [a-z0-9_]+, and this guest is {arch}$
init-script | 100 | init-script | INITRD=@init-script | /init is a #!/bin/sh script, and there is no /bin/sh (nor script support in the kernel) | Failed to execute /init \(error -8\) | ^boot: failed: /init is a script \(#!/bin/sh\), and this kernel runs only ELF executables
init-dynamic | 100 | init-dynamic | INITRD=@init-dynamic | /init is hello linked dynamically, as C programs are by default: its loader is not in the initrd | Failed to execute /init \(error -2\) | ^boot: failed: /init is dynamically linked, and its loader /lib[a-z0-9]*/ld-linux[^ ]* is not in the initrd
init-exits | 100 | init-exits | INITRD=@init-exits | /init prints a line and exits (tests/gallery/exits.c) | Kernel panic - not syncing: Attempted to kill init! | ^boot: failed: the init exited: PID 1 must never exit
no-disk | 4 | - | DISK=none | no disk is attached | ^nakedinit: open /dev/vda: ENOENT \(-2\)$ | ^boot: failed: the init reported exit 4$
empty-disk | 6 | empty-disk | DISK=@empty-disk | the disk is 0 bytes long, shorter than the 8 bytes the init reads | ^nakedinit: short read from /dev/vda$ | ^boot: failed: the init reported exit 6$
bad-bytes | 2 | - | CMDLINE=bytes=abc | bytes= is not a number | ^nakedinit: option bytes=abc: EINVAL \(-22\)$ | ^boot: failed: the init reported exit 2$
zero-bytes | 2 | - | CMDLINE=bytes=0 | bytes=0: the init reads 1 to 512 bytes | ^nakedinit: option bytes=0: EINVAL \(-22\)$ | ^boot: failed: the init reported exit 2$
too-many-bytes | 2 | - | CMDLINE=bytes=513 | bytes=513: the init reads 1 to 512 bytes | ^nakedinit: option bytes=513: EINVAL \(-22\)$ | ^boot: failed: the init reported exit 2$
relative-disk | 2 | - | CMDLINE=disk=vda | disk= is not an absolute path | ^nakedinit: option disk=vda: EINVAL \(-22\)$ | ^boot: failed: the init reported exit 2$
disk-is-directory | 7 | - | CMDLINE=disk=/dev | disk=/dev is a directory, not a block device | ^nakedinit: open /dev: ENOTBLK \(-15\)$ | ^boot: failed: the init reported exit 7$
disk-is-console | 7 | - | CMDLINE=disk=/dev/console | disk=/dev/console is a character device: reading it would wait for input forever | ^nakedinit: open /dev/console: ENOTBLK \(-15\)$ | ^boot: failed: the init reported exit 7$
no-devtmpfs | 3 | nodevtmpfs.kernel | KERNEL=@nodevtmpfs.kernel | the kernel is built without devtmpfs (CONFIG_DEVTMPFS) | ^nakedinit: mount devtmpfs on /dev: ENODEV \(-19\)$ | ^boot: failed: the init reported exit 3$
'

B=$O/$ARCH
G=$B/gallery
m() { "$MAKE" --no-print-directory -s O="$O" ARCH="$ARCH" "$@"; }

trim() { local s=$1; s=${s#"${s%%[! ]*}"}; printf '%s' "${s%"${s##*[! ]}"}"; }

# case_fields NAME: sets name status builds boot about message diagnosis, or fails.
case_fields() {
	local line fields=()
	line=$(grep -E "^$1 \|" <<< "$cases") || return 1
	while [[ $line == *' | '* ]]; do
		fields+=("$(trim "${line%% | *}")")
		line=${line#* | }
	done
	fields+=("$(trim "$line")")
	[ "${#fields[@]}" = 7 ] || { echo "gallery: case $1: ${#fields[@]} fields, expected 7" >&2; return 1; }
	name=${fields[0]} status=${fields[1]} builds=${fields[2]} boot=${fields[3]}
	about=${fields[4]} message=${fields[5]//\{arch\}/$ARCH} diagnosis=${fields[6]//\{arch\}/$ARCH}
}

case_names() { grep -oE '^[a-z0-9-]+ \|' <<< "$cases" | cut -d' ' -f1; }

# spec_cpio FILE SPEC-LINE...: a newc initrd from gen_init_cpio spec lines.
spec_cpio() {
	local out=$1
	shift
	printf '%s\n' "$@" > "$out.spec" && "$O/host/mkcpio" -o "$out" "$out.spec"
}

# stage: a directory holding just the init, for the archivers other than ours.
stage() {
	rm -rf "$G/stage" && mkdir -p "$G/stage" && cp "$B/init" "$G/stage/init" &&
		chmod 0755 "$G/stage/init" && touch -d @0 "$G/stage/init"
}

# build FILE: makes the broken artifact $G/FILE.
build() {
	local out=$G/$1 dev='dir /dev 0755 0 0' console='nod /dev/console 0600 0 0 c 5 1' other
	case $1 in
	garbage)
		head -c 4096 < <(yes 'not a cpio archive') > "$out" ;;
	tar-gz)
		stage && tar --format=ustar --mtime=@0 --owner=0 --group=0 --numeric-owner \
			-C "$G/stage" -cf - init | gzip -n > "$out" ;;
	odc)
		stage && (cd "$G/stage" && echo init | cpio -o -H odc --quiet --owner=0:0 --reproducible) > "$out" ;;
	xz)
		xz --check=crc32 -c "$B/init.cpio" > "$out" ;;
	lz4-frame)
		lz4 -q -c "$B/init.cpio" > "$out" ;;
	no-init)
		spec_cpio "$out" "$dev" "$console" ;;
	init-0644)
		spec_cpio "$out" "$dev" "$console" "file /init $B/init 0644 0 0" ;;
	init-other-arch)
		# the next architecture after ours in `make list-arches`, round the end
		other=$(m list-arches | tr ' ' '\n' | grep -A1 -x "$ARCH" | sed -n 2p)
		other=${other:-$(m list-arches | cut -d' ' -f1)}
		m ARCH="$other" programs &&
			spec_cpio "$out" "$dev" "$console" "file /init $O/$other/init 0755 0 0" ;;
	init-script)
		printf '#!/bin/sh\necho "this shell script has no shell to run it"\n' > "$out.sh" &&
			spec_cpio "$out" "$dev" "$console" "file /init $out.sh 0755 0 0" ;;
	init-dynamic)
		m "$G/hello-dynamic.elf" && spec_cpio "$out" "$dev" "$console" "file /init $G/hello-dynamic.elf 0755 0 0" ;;
	init-exits)
		m "$G/exits.elf" && spec_cpio "$out" "$dev" "$console" "file /init $G/exits.elf 0755 0 0" ;;
	empty-disk)
		: > "$out" ;;
	nodevtmpfs.kernel)
		m kernel-nodevtmpfs ;;
	*)
		echo "gallery: no recipe for $1" >&2
		return 1 ;;
	esac
}

# prepare: builds what case $name needs, after `make gallery-prerequisites`.
prepare() {
	local file
	mkdir -p "$G"
	[ "$builds" = - ] && return 0
	for file in $builds; do
		build "$file" || { echo "gallery: building $G/$file failed" >&2; return 1; }
	done
}
boot_args=()
set_boot_args() {
	local word var
	local -A value=([KERNEL]=$(m print-var-BUILT_KERNEL) [INITRD]=$B/init.cpio.gz [DISK]=$O/disk.img [CMDLINE]="")
	for word in $boot; do
		word=${word//@/$G/}
		value[${word%%=*}]=${word#*=}
	done
	boot_args=()
	for var in KERNEL INITRD DISK CMDLINE; do
		boot_args+=("$var=${value[$var]}")
	done
}

# boot_case: boots case $name, console to stdout; returns the harness's status.
boot_case() {
	local command
	set_boot_args
	command=$(m print-boot-cmd "${boot_args[@]}") || return 105
	eval "$command"
}

list() {
	local n
	echo "The failure gallery for $ARCH: \`make fail NAME=<name>\` builds one and boots it."
	echo "(status: what the harness exits with; 100 is a diagnosed boot failure, below 100 the init's result)"
	echo
	for n in $(case_names); do
		case_fields "$n" || return 1
		printf '  %-20s %3s  %s\n' "$name" "$status" "$about"
	done
}

run() {
	local got
	case_fields "$1" || { echo "gallery: no case named '$1' (\`make fail\` lists them)" >&2; return 105; }
	echo "gallery: $name: $about"
	m gallery-prerequisites && prepare || return 105
	set_boot_args
	echo "gallery: $name: make boot ${boot_args[*]}"
	boot_case
	got=$?
	echo "gallery: $name: the harness exited $got; the gallery expects $status"
	return "$got"
}

# check_case NAME: one PASS or FAIL line.
check_case() {
	local logs=$O/tests/$ARCH/gallery test="$ARCH: gallery $1" got start seconds
	case_fields "$1" || { fail "$test" "bad table line"; return; }
	mkdir -p "$logs"
	prepare > "$logs/$name.build.log" 2>&1 || {
		fail "$test" "building it failed (see $logs/$name.build.log)"
		return
	}
	start=$SECONDS
	boot_case > "$logs/$name.raw" 2>&1
	got=$?
	seconds=$((SECONDS - start))
	tr -d '\r' < "$logs/$name.raw" > "$logs/$name.log"
	expect_status "$test" "$status" "$got" || return
	expect_output "$test" "$logs/$name.log" "$message" "$diagnosis" || return
	if [ "$status" -lt 100 ]; then
		expect_output "$test" "$logs/$name.log" "^nakedinit: exit $status$" "reboot: Power down" || return
		if grep -q 'Kernel panic' "$logs/$name.log"; then
			fail "$test" "the kernel panicked (see $logs/$name.log)"
			return
		fi
	fi
	if [ "$seconds" -gt 20 ]; then
		fail "$test" "took $seconds s: a case must end in a few seconds (see $logs/$name.log)"
		return
	fi
	pass "$test"
}

check() {
	local n logs=$O/tests/$ARCH/gallery
	mkdir -p "$logs"
	m gallery-prerequisites > "$logs/prerequisites.log" 2>&1 || {
		fail "$ARCH: gallery" "make gallery-prerequisites failed (see $logs/prerequisites.log)"
		return
	}
	for n in $(case_names); do
		check_case "$n"
	done
}

case ${1:-} in
list) list ;;
run) [ $# = 2 ] || { echo "usage: gallery.sh run NAME" >&2; exit 105; }; run "$2" ;;
check) check ;;
*) echo "usage: gallery.sh list | run NAME | check" >&2; exit 105 ;;
esac
