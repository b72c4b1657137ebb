#!/bin/bash
# SPDX-License-Identifier: MIT
# The failure gallery: broken initrds, inits, disks, command lines and kernels, each
# built on purpose and booted, to show what the kernel says and how the harness
# (tools/boot.exp) diagnoses it.
#
#   gallery.sh list        the cases, with what each breaks      (make fail)
#   gallery.sh run NAME    build case NAME and boot it, live     (make fail NAME=...)
#   gallery.sh check       every case, one PASS/FAIL line each   (make check)
#
# Each case is one file, cases/NAME.case, a piece of bash that sets:
#   about      what it breaks, one line
#   status     the harness's exit status: 100 a diagnosed boot failure, 1..99 the
#              init's own result (README: 2 bad option, 3 mount, 4 open, ... 7 not a
#              block device)
#   message    extended regex for the console line that shows the cause: the
#              kernel's own message, or the init's
#   diagnosis  extended regex for the harness's last line, "boot: ..."
#   boot       `make boot` arguments on top of the working defaults (the demo kernel,
#              init.cpio.gz, the test disk, no CMDLINE)
#   own_kernel=1  (optional) it boots a kernel of its own, minutes to build for
#              one test: `check-all` runs it, `check` does not
# and may define build(), which makes what the case boots: $artifact is its file,
# $B the architecture's build directory, $G the gallery's. The helpers below
# (initrd_with, stage_init, other_arch, build_gallery_kernel, m) are theirs to use.
# A case whose status is the init's must also show "nakedinit: exit STATUS", then the
# kernel's "reboot: Power down", and no kernel panic. No case may need the timeout.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
: "${ARCH:?}"

B=$O/$ARCH
G=$B/gallery
MKCPIO=$O/host/mkcpio
# shellcheck disable=SC2034 # for the cases
gallery_kernel=$B/kernel-gallery/$(m print-var-KERNEL_IMAGE)

# initrd_with FILE [MODE]: $artifact, the initrd the Makefile makes, with FILE as /init
# ("" for none).
initrd_with() { "$top/tools/initrd.sh" "$MKCPIO" "$artifact" "${1:--}" "${2:-0755}"; }

# stage_init: $stage, a directory holding just the init, for archivers other than ours.
stage_init() {
	stage=$G/stage
	rm -rf "$stage" && mkdir -p "$stage" && cp "$B/init" "$stage/init" &&
		chmod 0755 "$stage/init" && touch -d @0 "$stage/init"
}

build_gallery_kernel() { m KERNEL_PROFILE=gallery kernel; }

case_names() { for f in "$here"/cases/*.case; do basename "$f" .case; done; }

# load NAME: reads case NAME: its fields, and build() (or none).
load() {
	local file=$here/cases/$1.case
	[ -f "$file" ] || return 1
	name=$1 artifact=$G/$1 about='' status='' message='' diagnosis='' boot=() own_kernel=
	build() { :; }
	# shellcheck source=/dev/null
	. "$file"
	[ -n "$about" ] && [ -n "$status" ] && [ -n "$message" ] && [ -n "$diagnosis" ] || {
		echo "gallery: $file must set about, status, message and diagnosis" >&2
		return 1
	}
}

# prepare: builds what the case needs, after `make gallery-prerequisites`.
prepare() { mkdir -p "$G" && build; }

list() {
	local n
	echo "The failure gallery for $ARCH: \`make fail NAME=<name>\` builds one and boots it."
	echo "(status: what the harness exits with; 100 is a diagnosed boot failure, below 100 the init's result)"
	echo
	for n in $(case_names); do
		load "$n" || return 1
		printf '  %-20s %3s  %s\n' "$name" "$status" "$about"
	done
}

run() {
	local got
	load "$1" || { echo "gallery: no case named '$1' (\`make fail\` lists them)" >&2; return 105; }
	echo "gallery: $name: $about"
	m gallery-prerequisites && prepare || return 105
	echo "gallery: $name: make boot ${boot[*]}"
	eval "$(m print-boot-cmd "${boot[@]}")"
	got=$?
	echo "gallery: $name: the harness exited $got; the gallery expects $status"
	return "$got"
}

# check_case NAME: one PASS or FAIL line.
check_case() {
	local logs=$O/tests/$ARCH/gallery test="$ARCH: gallery $1" got
	load "$1" || { fail "$test" "cases/$1.case is incomplete"; return; }
	if [ -n "$own_kernel" ] && [ "${CHECK_ALL:-0}" != 1 ]; then
		skip "$test" "it needs a kernel of its own: make check-all runs it (make fail NAME=$name runs it alone)"
		return
	fi
	prepare > "$logs/$name.build.log" 2>&1 || {
		fail "$test" "building it failed (see $logs/$name.build.log)"
		return
	}
	boot_log "gallery/$name" "${boot[@]}"
	got=$?
	expect_status "$test" "$status" "$got" || return
	expect_output "$test" "$logs/$name.log" "$message" "$diagnosis" || return
	if [ "$status" -lt 100 ]; then
		expect_output "$test" "$logs/$name.log" "^nakedinit: exit $status$" "reboot: Power down" || return
		expect_no_output "$test" "$logs/$name.log" 'Kernel panic' || return
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
