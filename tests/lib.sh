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

# expect_status NAME WANT GOT
expect_status() {
	if [ "$3" = "$2" ]; then return 0; fi
	fail "$1" "exit status $3, expected $2"
	return 1
}

# expect_output NAME FILE REGEX...: every extended regex must match a line of FILE.
expect_output() {
	local name=$1 file=$2 regex
	shift 2
	for regex in "$@"; do
		if ! grep -qE -- "$regex" "$file"; then
			fail "$name" "output has no line matching /$regex/ (see $file)"
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

# build_probe FILE LOG: tests/launch/probe.c, the program the launcher tests run,
# linked statically with Debian's glibc for $ARCH (its cross package on another
# host), as FILE; the build's output goes to LOG.
build_probe() {
	local cc triple libc
	cc=$(m print-var-CC) triple=$(m print-var-TRIPLE)
	if [ "$ARCH" = "$(uname -m)" ]; then
		libc=libc6-dev:/usr/lib/$triple/libc.a
	else
		libc=libc6-dev-$(m print-var-DEBIAN_ARCH)-cross:/usr/$triple/lib/libc.a
	fi
	mkdir -p "$(dirname "$1")"
	"$top/tools/need.sh" "to build the launcher tests' program" "$libc" > "$2" 2>&1 &&
		$cc -static -O2 -Wall -Wextra -Werror -pthread -o "$1" "$top/tests/launch/probe.c" >> "$2" 2>&1
}

# launch NAME WANT NAKEDINIT-RUN-ARGS...: runs tools/nakedinit-run with stdin from
# /dev/null and its output in $logs/NAME.log, without carriage returns; its exit
# status must be WANT.
launch() {
	local name=$1 want=$2 status
	shift 2
	# shellcheck disable=SC2154 # logs: every script that calls this sets it
	"$top/tools/nakedinit-run" "$@" < /dev/null > "$logs/$name.raw" 2>&1
	status=$?
	tr -d '\r' < "$logs/$name.raw" > "$logs/$name.log"
	expect_status "$name" "$want" "$status"
}
