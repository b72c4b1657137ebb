# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# The test library, sourced by every test script.
#
# Every test prints one line: "PASS: name", "FAIL: name: why" or "SKIP: name: why",
# the name prefixed with "$TEST_GROUP: " where a script sets one. tests/check.sh
# counts the lines for the closing "N passed, M failed"; nothing else counts. A
# script that must exit non-zero after a failure exits with $TESTS_FAILED.
# Scripts read O, ARCH (where they test one), ARCHES and MAKE from the environment,
# as the Makefile exports them, and run from the top directory.
: "${O:=build}" "${MAKE:=make}"
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck disable=SC2034 # the scripts' exit status
TESTS_FAILED=0

pass() { echo "PASS: ${TEST_GROUP:+$TEST_GROUP: }$1"; }
# shellcheck disable=SC2034 # the scripts' exit status
fail() { echo "FAIL: ${TEST_GROUP:+$TEST_GROUP: }$1: $2"; TESTS_FAILED=1; }
skip() { echo "SKIP: ${TEST_GROUP:+$TEST_GROUP: }$1: $2"; }

# m ARGS...: make, quietly, for $ARCH (where set) in $O.
m() { "$MAKE" --no-print-directory -s O="$O" ${ARCH:+ARCH="$ARCH"} "$@"; }

# boot_log NAME MAKE-ARGS...: boots what `make boot MAKE-ARGS` boots, through the
# harness itself (make would turn every failure into its own status 2), and returns
# the harness's exit status. The console is kept in $O/tests/$ARCH/NAME.log, without
# the serial console's carriage returns.
boot_log() {
	local name=$1 command status log=$O/tests/$ARCH/$1
	shift
	mkdir -p "$(dirname "$log")"
	command=$(m print-boot-cmd "$@") || return 105
	eval "$command" > "$log.raw" 2>&1
	status=$?
	tr -d '\r' < "$log.raw" > "$log.log"
	return $status
}

# other_arch: the architecture after $ARCH in `make list-arches`, round the end.
other_arch() {
	local all i
	read -ra all <<< "$(m list-arches)"
	for i in "${!all[@]}"; do
		if [ "${all[$i]}" = "$ARCH" ]; then
			echo "${all[(i + 1) % ${#all[@]}]}"
			return 0
		fi
	done
	return 1
}

# show_tail FILE: FILE's last lines, under a failure: CI keeps only what was printed.
show_tail() { tail -n 25 "$1" 2>&1 | sed 's/^/  | /'; }

# expect_status NAME WANT GOT [LOG]: with LOG, the failure shows LOG's last lines.
expect_status() {
	if [ "$3" = "$2" ]; then return 0; fi
	fail "$1" "exit status $3, expected $2${4:+ (see $4)}"
	if [ -n "${4:-}" ]; then show_tail "$4"; fi
	return 1
}

# expect_output NAME FILE REGEX...: every extended regex must match a line of FILE.
expect_output() {
	local name=$1 file=$2 regex
	shift 2
	for regex in "$@"; do
		if ! grep -qE -- "$regex" "$file"; then
			fail "$name" "output has no line matching /$regex/ (see $file)"
			show_tail "$file"
			return 1
		fi
	done
}

# expect_no_output NAME FILE REGEX: no line of FILE may match.
expect_no_output() {
	if grep -qE -- "$3" "$2"; then
		fail "$1" "output has a line matching /$3/ (see $2)"
		return 1
	fi
}

# need_sanitizers WHY: clang and the runtimes that -fsanitize=address,undefined and
# -fsanitize=fuzzer link (clang alone has none of them).
need_sanitizers() {
	local rt='/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt'
	"$top/tools/need.sh" "$1" clang:clang \
		"libclang-rt-14-dev:$rt.asan-*.a" "libclang-rt-14-dev:$rt.ubsan_standalone-*.a" \
		"libclang-rt-14-dev:$rt.fuzzer-*.a"
}

# tested_in_full: whether this run gives $ARCH the tests that each need a kernel
# profile of their own (programs, efi): each costs a kernel build of minutes, and what they test beyond the demo's kernel is mostly the same C on every
# architecture. make check gives them to the host's architecture; make check-all
# (CHECK_ALL=1) to every one.
tested_in_full() { [ "${CHECK_ALL:-0}" = 1 ] || [ "$ARCH" = "$(uname -m)" ]; }

# every_arch_checked: whether ARCHES names every architecture (in any order), as what
# covers all of them (the docs, the tutorial) needs; else a SKIP line for NAME.
every_arch_checked() {
	local every
	every=$(m list-arches)
	[ "$(tr ' ' '\n' <<< "$ARCHES" | sort | xargs)" = "$(tr ' ' '\n' <<< "$every" | sort | xargs)" ] && return 0
	skip "$1" "it covers every architecture ($every); ARCHES=\"$ARCHES\" leaves some out"
	return 1
}

# --- programs hosted by tools/nakedinit-run (tests/launch.sh, tests/bring.sh) --------
# Each keeps what it printed in $logs/NAME.out and NAME.err, the guest's console
# (nakedinit-run -l: the launcher's lines, "nakedinit: exit N") in NAME.console, and
# the three in NAME.log for the regexes (the console's carriage returns dropped),
# in the folder the script names.
: "${logs:=$O/tests}"

# build_probe FILE LOG: tests/launch/probe.c, the program the launcher tests run,
# linked statically with Debian's glibc for $ARCH, as FILE; the build's output goes
# to LOG.
build_probe() {
	mkdir -p "$(dirname "$1")"
	"$top/tools/need.sh" "to build the launcher tests' program" "$(libc_dev)" > "$2" 2>&1 &&
		$(m print-var-CC) -static -O2 -Wall -Wextra -Werror -pthread -o "$1" "$top/tests/launch/probe.c" >> "$2" 2>&1
}

# programs_ready [NEED...]: the programs' kernel and what a run needs (and the
# Debian packages NEED, as tools/need.sh takes them), and the probe as $probe; else
# a FAIL line and 1, for the script to stop.
programs_ready() {
	if ! m KERNEL_PROFILE=programs kernel launch-prerequisites > "$logs/build.log" 2>&1 ||
		{ [ $# -gt 0 ] && ! "$top/tools/need.sh" "for $TEST_GROUP" "$@" >> "$logs/build.log" 2>&1; }; then
		fail build "make KERNEL_PROFILE=programs kernel launch-prerequisites failed (see $logs/build.log)"
		return 1
	fi
	probe=$O/$ARCH/tests/probe
	if ! build_probe "$probe" "$logs/probe.build.log"; then
		fail probe "does not build with $(m print-var-CC) -static (see $logs/probe.build.log)"
		return 1
	fi
}
# launch NAME WANT NAKEDINIT-RUN-ARGS...: runs it with stdin from /dev/null; its exit
# status must be WANT.
launch() {
	local name=$1 want=$2 status
	shift 2
	rm -f "$logs/$name.console"
	"$top/tools/nakedinit-run" -l "$logs/$name.console" "$@" < /dev/null > "$logs/$name.out" 2> "$logs/$name.err"
	status=$?
	cat "$logs/$name.out" "$logs/$name.err" "$logs/$name.console" 2> /dev/null | tr -d '\r' > "$logs/$name.log"
	expect_status "$name" "$want" "$status"
}
# launch_ok NAME WANT DESCRIPTION REGEX... -- NAKEDINIT-RUN-ARGS...: launch, and every
# REGEX must match a line of the output.
launch_ok() {
	local name=$1 want=$2 description=$3 regexes=()
	shift 3
	while [ "$1" != -- ]; do
		regexes+=("$1")
		shift
	done
	shift
	launch "$name" "$want" "$@" && expect_output "$name" "$logs/$name.log" "${regexes[@]}" &&
		pass "$description"
}
# refused NAME REGEX NAKEDINIT-RUN-ARGS...: nakedinit-run must refuse before anything
# boots: 125, a line matching REGEX, and nothing from a guest.
refused() {
	local name=$1 regex=$2 status=0
	shift 2
	"$top/tools/nakedinit-run" "$@" < /dev/null > "$logs/$name.log" 2>&1 || status=$?
	expect_status "$name" 125 "$status" && expect_output "$name" "$logs/$name.log" "$regex" &&
		expect_no_output "$name" "$logs/$name.log" '^(nakedinit|boot): ' &&
		pass "refused before booting: $name"
}
# typed NAME WANT WAIT KEYS [WAIT KEYS]... -- COMMAND...: COMMAND on a terminal, keys
# typed as tests/launch/type.exp says; its exit status must be WANT. What the
# terminal showed is in $logs/NAME.log.
typed() {
	local name=$1 want=$2 status
	shift 2
	"$top/tools/need.sh" "for the terminal tests" expect:expect > /dev/null || return 1
	"$top/tests/launch/type.exp" "$@" > "$logs/$name.raw" 2>&1
	status=$?
	tr -d '\r' < "$logs/$name.raw" > "$logs/$name.log"
	expect_status "$name" "$want" "$status"
}
# libc_dev: Debian's C library for building programs for $ARCH (its cross package on
# another host), as tools/need.sh takes it.
libc_dev() {
	local triple suffix
	{ read -r triple; read -r suffix; } < <(m print-var-TRIPLE print-var-CROSS_PACKAGE_SUFFIX)
	if [ -z "$suffix" ]; then
		echo "libc6-dev:/usr/lib/$triple/libc.a"
	else
		echo "libc6-dev$suffix:/usr/$triple/lib/libc.a"
	fi
}
