# shellcheck shell=bash
# Shared by the test scripts: one line per test, "PASS: name" or "FAIL: name: why".
# tests/check.sh counts those lines for the closing "N passed, M failed".
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

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

# need_sanitizers WHY: clang and the runtimes that -fsanitize=address,undefined and
# -fsanitize=fuzzer link (clang alone has none of them).
need_sanitizers() {
	local rt='/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt'
	"$(dirname "${BASH_SOURCE[0]}")/../tools/need.sh" "$1" clang:clang \
		"libclang-rt-14-dev:$rt.asan-*.a" "libclang-rt-14-dev:$rt.ubsan_standalone-*.a" \
		"libclang-rt-14-dev:$rt.fuzzer-*.a"
}
