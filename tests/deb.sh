#!/bin/bash
# SPDX-License-Identifier: MIT
# The Debian package (run by tests/check.sh under make check-all: it needs every
# architecture's programs' kernel): make deb builds nakedinit_VERSION_ARCH.deb,
# lintian finds no error or warning in it, a second build gives the same bytes;
# then, as root, apt-get installs it, the installed nakedinit-run runs a riscv64
# program as a user who is not root, man finds its page, and apt-get remove
# takes it all away. Logs: $O/tests/deb/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
TEST_GROUP=deb
logs=$O/tests/deb
mkdir -p "$logs"
logs=$(cd "$logs" && pwd)

if ! m deb > "$logs/deb.log" 2>&1; then
	fail "make deb" "failed (see $logs/deb.log)"
	exit 0
fi
deb=$(ls "$O"/deb/nakedinit_*_*.deb 2> /dev/null)
if [ "$(wc -w <<< "$deb")" != 1 ]; then
	fail "make deb" "expected one $O/deb/nakedinit_VERSION_ARCH.deb, found: ${deb:-none}"
	exit 0
fi
pass "make deb builds $(basename "$deb") ($(du -h "$deb" | cut -f1))"
sha256sum < "$deb" > "$logs/first.sum"
# The kernels are Debian's linux-source built, the BusyBoxes Debian's busybox source
# linked with Debian's glibc: the package says so (debian/rules).
built_using=$(dpkg-deb -f "$deb" Built-Using)
if [[ $built_using =~ (^|, )linux\ \(=\ [^\)]+\) ]] && [[ $built_using =~ (^|, )busybox\ \(=\ [^\)]+\) ]] &&
	[[ $built_using =~ (^|, )glibc\ \(=\ [^\)]+\) ]]; then
	pass "Built-Using: $built_using"
else
	fail "Built-Using" "'$built_using', expected linux, busybox and glibc (= VERSION): the sources built in"
fi

if ! "$top/tools/need.sh" "to check the package" lintian:lintian > "$logs/lintian.log" 2>&1; then
	fail lintian "did not install (see $logs/lintian.log)"
else
	lintian "$O/deb/nakedinit.changes" > "$logs/lintian.log" 2>&1
	if grep -E '^[EW]: ' "$logs/lintian.log"; then
		fail lintian "errors or warnings (above; $logs/lintian.log)"
	else
		pass "lintian: no error, no warning"
	fi
fi

if ! m deb > "$logs/again.log" 2>&1; then
	fail "make deb again" "failed (see $logs/again.log)"
elif sha256sum < "$deb" | cmp -s - "$logs/first.sum"; then
	pass "two builds of the package give the same bytes"
else
	fail "reproducible" "a second make deb gave other bytes"
fi

if [ "$(id -u)" != 0 ]; then
	skip "apt-get install ./$(basename "$deb")" "installing a package needs root"
	exit 0
fi
apt() { DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=600 "$@"; }
if ! apt install "$(realpath "$deb")" > "$logs/install.log" 2>&1; then
	fail "apt-get install ./$(basename "$deb")" "failed (see $logs/install.log)"
	exit 0
fi
# A riscv64 program, outside the checkout, run as nobody.
scratch=$(mktemp -d /tmp/nakedinit-deb.XXXXXX) || exit 2
trap 'rm -rf "$scratch"' EXIT
chmod 0755 "$scratch"
if ! ARCH=riscv64 build_probe "$scratch/probe" "$logs/probe.build.log"; then
	fail probe "does not build for riscv64 (see $logs/probe.build.log)"
else
	(cd "$scratch" && setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		env HOME=/nonexistent nakedinit-run -a riscv64 ./probe exit 7) < /dev/null > "$logs/run.log" 2>&1
	expect_status "installed: run" 7 $? && expect_output "installed: run" "$logs/run.log" '^exit 7$' &&
		[ "$(command -v nakedinit-run)" = /usr/bin/nakedinit-run ] &&
		pass "installed by apt-get: nakedinit-run -a riscv64 ./prog, as nobody"
fi
if page=$(man -w nakedinit-run 2> "$logs/man.log") && [ "$page" = /usr/share/man/man1/nakedinit-run.1.gz ]; then
	pass "man -w nakedinit-run: $page"
else
	fail "man -w nakedinit-run" "no page, or not the package's: '$page' (see $logs/man.log)"
fi
if ! apt remove nakedinit > "$logs/remove.log" 2>&1; then
	fail "apt-get remove nakedinit" "failed (see $logs/remove.log)"
elif [ -e /usr/bin/nakedinit-run ] || [ -e /usr/lib/nakedinit ] || [ -e /usr/share/man/man1/nakedinit-run.1.gz ]; then
	fail "apt-get remove nakedinit" "left files behind in /usr"
else
	pass "apt-get remove nakedinit takes it all away"
fi
exit 0
