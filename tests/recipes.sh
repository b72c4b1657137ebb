#!/bin/bash
# SPDX-License-Identifier: MIT
# Build systems' test runners for $ARCH (run by tests/check.sh): tools/nakedinit-run
# -w as CMake's CMAKE_CROSSCOMPILING_EMULATOR (ctest), meson's exe_wrapper (meson
# test) and go test's -exec, each also in a kept guest (NAKEDINIT_KEPT=1, --kept), on
# the projects of tests/projects/, cross-built for
# $ARCH (with the host's own compilers for the host's architecture). Every test
# there reads a data file from the folder its runner starts it in, which -w shares
# with the guest, and checks the host name: "nakedinit", the guest's, shows that it
# ran in the guest, not on the host. Build folders and logs: $O/tests/$ARCH/recipes/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
TEST_GROUP="$ARCH: recipes"
logs=$O/tests/$ARCH/recipes
mkdir -p "$logs"
run=$top/tools/nakedinit-run
projects=$top/tests/projects

programs_ready cmake:cmake meson:meson ninja-build:ninja golang-go:go "$(libc_dev)" || exit 0
# Absolute: the build systems run the tests from folders of their own.
work=$(cd "$logs" && pwd)
cc=$(m print-var-CC)

# --- CMake: ctest runs each test as "nakedinit-run -w /…/build/squareN nakedinit" ---
build=$work/cmake
rm -rf "$build"
# CMAKE_SYSTEM_NAME makes it a cross build, which uses the emulator, even for the
# host's own architecture.
if ! cmake -S "$projects/cmake" -B "$build" -DCMAKE_SYSTEM_NAME=Linux \
	-DCMAKE_SYSTEM_PROCESSOR="$ARCH" -DCMAKE_C_COMPILER="$cc" \
	-DCMAKE_CROSSCOMPILING_EMULATOR="$run;-w" -DWANT_HOSTNAME=nakedinit > "$logs/cmake.log" 2>&1 ||
	! cmake --build "$build" -j2 >> "$logs/cmake.log" 2>&1; then
	fail cmake "the project does not build (see $logs/cmake.log)"
else
	# ctest returns non-zero when a test fails: the summary line tells the rest.
	(cd "$build" && ctest -j2 --output-on-failure) > "$logs/ctest.log" 2>&1
	"$O/host/inspect" elf "$build/square1" > "$logs/square1.elf"
	if ! grep -qxF "runpath: $build" "$logs/square1.elf"; then
		fail cmake "square1 has no RUNPATH of $build (see $logs/square1.elf)"
	else
		expect_output cmake "$logs/ctest.log" '^100% tests passed, 0 tests failed out of 20$' &&
			pass "CMake: ctest -j2 runs 20 tests through nakedinit-run -w, the emulator: each in the guest, its library found by the absolute RUNPATH, squares.txt in the build folder"
	fi
	(cd "$build" && NAKEDINIT_KEPT=1 ctest -j2 --output-on-failure) > "$logs/ctest-kept.log" 2>&1
	expect_output cmake-kept "$logs/ctest-kept.log" '^100% tests passed, 0 tests failed out of 20$' &&
		pass "CMake, NAKEDINIT_KEPT=1 ctest -j2: the same 20 tests pass in a kept guest"
	(cd "$build" && NAKEDINIT_KEPT=1 NAKEDINIT_NO_RANDOMIZE=1 ctest -j2 --output-on-failure) \
		> "$logs/ctest-kept-fixed.log" 2>&1
	expect_output cmake-kept-fixed "$logs/ctest-kept-fixed.log" '^100% tests passed, 0 tests failed out of 20$' &&
		pass "CMake, NAKEDINIT_KEPT=1 NAKEDINIT_NO_RANDOMIZE=1 ctest -j2: the same 20 tests pass, their addresses fixed"

	# A test fails without its data file, or with a wrong one: it reads the file.
	mv "$build/squares.txt" "$build/squares.txt.kept"
	(cd "$build" && ctest -R '^square7$' --output-on-failure) > "$logs/ctest-missing.log" 2>&1
	expect_status cmake-missing 8 $? "$logs/ctest-missing.log" &&
		expect_output cmake-missing "$logs/ctest-missing.log" '^squares.txt: No such file or directory$' &&
		pass "CMake: a test without its data file fails"
	sed '7s/ 49$/ 48/' "$build/squares.txt.kept" > "$build/squares.txt"
	(cd "$build" && ctest -R '^square7$' --output-on-failure) > "$logs/ctest-wrong.log" 2>&1
	expect_status cmake-wrong 8 $? "$logs/ctest-wrong.log" &&
		expect_output cmake-wrong "$logs/ctest-wrong.log" "^squares.txt line 7: '7 48', expected '7 49'$" &&
		pass "CMake: a test with a wrong data file fails"
	(cd "$build" && NAKEDINIT_KEPT=1 ctest -R '^square7$' --output-on-failure) > "$logs/ctest-wrong-kept.log" 2>&1
	expect_status cmake-wrong-kept 8 $? "$logs/ctest-wrong-kept.log" &&
		expect_output cmake-wrong-kept "$logs/ctest-wrong-kept.log" "^squares.txt line 7: '7 48', expected '7 49'$" &&
		pass "CMake: in a kept guest too, the file as the host changed it"
	mv "$build/squares.txt.kept" "$build/squares.txt"
fi

# --- meson: meson test runs each test through the cross file's exe_wrapper ----------
build=$work/meson
rm -rf "$build"
sed -e "s|@CC@|$cc|" -e "s|@ARCH@|$ARCH|g" -e "s|@RUN@|$run|" \
	"$projects/meson/cross.ini.in" > "$work/meson-cross.ini"
if ! meson setup --cross-file "$work/meson-cross.ini" -Dwant_hostname=nakedinit \
	"$build" "$projects/meson" > "$logs/meson.log" 2>&1; then
	fail meson "the project does not build (see $logs/meson.log)"
else
	meson test -C "$build" --num-processes 2 --print-errorlogs > "$logs/meson-test.log" 2>&1
	expect_status meson 0 $? "$logs/meson-test.log" &&
		expect_output meson "$logs/meson-test.log" '^Ok: +3 *$' '^Fail: +0 *$' &&
		pass "meson: meson test runs 3 tests through nakedinit-run -w, the cross file's exe_wrapper: each in the guest, one reading a file of the source folder (workdir), one of the build folder"
	NAKEDINIT_KEPT=1 meson test -C "$build" --num-processes 2 --print-errorlogs > "$logs/meson-test-kept.log" 2>&1
	expect_status meson-kept 0 $? "$logs/meson-test-kept.log" &&
		expect_output meson-kept "$logs/meson-test-kept.log" '^Ok: +3 *$' '^Fail: +0 *$' &&
		pass "meson, NAKEDINIT_KEPT=1 meson test: the same 3 tests pass in a kept guest"
fi

# --- Go: go test -exec runs the test binary in the package's folder -----------------
case $ARCH in
x86_64) goarch=amd64 ;;
aarch64) goarch=arm64 ;;
*) goarch=$ARCH ;;
esac
# The allocation test needs -m: alloc_test.go. -count=1: no result from go's cache,
# which would skip the run. GOPROXY=off: the module needs nothing from the network.
(cd "$projects/go" && CGO_ENABLED=0 GOARCH=$goarch GOPROXY=off GOCACHE=$work/go-cache \
	go test -count=1 -v -exec "'$run' -w -m 512M" ./... -args -want-hostname=nakedinit) \
	> "$logs/go.log" 2>&1
expect_status go 0 $? "$logs/go.log" &&
	expect_output go "$logs/go.log" '^--- PASS: TestTestdata ' '^--- PASS: TestHostname ' \
		'^--- PASS: TestAllocate ' '^ +words_test.go:[0-9]+: on nakedinit$' &&
	pass "Go: go test -exec 'nakedinit-run -w -m 512M' (GOARCH=$goarch): testdata/ read in the guest, 320 MiB allocated and freed by 64 goroutines"
(cd "$projects/go" && CGO_ENABLED=0 GOARCH=$goarch GOPROXY=off GOCACHE=$work/go-cache \
	go test -count=1 -v -exec "'$run' --kept -w -m 512M" ./... -args -want-hostname=nakedinit) \
	> "$logs/go-kept.log" 2>&1
expect_status go-kept 0 $? "$logs/go-kept.log" &&
	expect_output go-kept "$logs/go-kept.log" '^--- PASS: TestTestdata ' '^--- PASS: TestHostname ' \
		'^--- PASS: TestAllocate ' &&
	pass "Go: go test -exec 'nakedinit-run --kept -w -m 512M': the same tests pass in a kept guest"
"$run" -a "$ARCH" --kept-stop > /dev/null 2>&1
exit 0
