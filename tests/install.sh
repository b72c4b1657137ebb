#!/bin/bash
# SPDX-License-Identifier: MIT
# make install for $ARCH (run by tests/check.sh): installed into a scratch PREFIX,
# nakedinit-run runs tests/launch/probe.c from there as a user who is not root,
# with the checkout hidden (a mount namespace with an empty folder over it) and
# make and apt-get made to fail loudly, writing nowhere but its TMPDIR; an
# architecture not installed is refused, not built. Then installing again gives
# the same files, make uninstall leaves the PREFIX as it was (a PREFIX's usual
# folders made first, as /usr/local has them), and DESTDIR puts every file under
# the staging folder, naming the final paths. Logs: $O/tests/$ARCH/install/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
TEST_GROUP="$ARCH: install"
logs=$O/tests/$ARCH/install
mkdir -p "$logs"
logs=$(cd "$logs" && pwd)

programs_ready || exit 0
# Outside the checkout, readable by everyone: what the hidden checkout cannot hold.
scratch=$(mktemp -d /tmp/nakedinit-install.XXXXXX) || exit 2
trap 'rm -rf "$scratch"' EXIT
chmod 0755 "$scratch"
prefix=$scratch/prefix
mkdir -p "$prefix"/{bin,lib,share/man/man1,share/bash-completion/completions}
cp "$probe" "$scratch/probe"

# tree DIR: every path under DIR, its type and mode, and a file's sha256 or a link's target.
tree() {
	(cd "$1" && find . -printf '%p %y %m %l\n' | LC_ALL=C sort | while read -r path type mode target; do
		[ "$type" != f ] || target=$(sha256sum < "$path")
		echo "$path $type $mode $target"
	done)
}
tree "$prefix" > "$logs/before.tree"

installed() { m install PREFIX="$prefix" ARCHES="$ARCH" > "$logs/$1.log" 2>&1; }
if ! installed install; then
	fail "make install PREFIX=$prefix" "failed (see $logs/install.log)"
	exit 0
fi
expect_output "make install names what runs need" "$logs/install.log" '^nakedinit-run needs at run time: qemu-system-' &&
	pass "make install names what runs need of the machine, in one line"

# As nobody, in a mount namespace with the checkout hidden: that needs root, and a
# machine that allows mount namespaces (a container may not): else as nobody, or
# as the user running the tests, with the checkout where it is.
hide=''
[ "$(id -u)" != 0 ] || ! unshare -m true 2> /dev/null || hide=1
mkdir -p "$scratch/shims" "$scratch/tmp" && chmod 0777 "$scratch/tmp"
for tool in make apt-get sudo; do
	printf '#!/bin/sh\necho "shim: %s called" >&2\nexit 1\n' "$tool" > "$scratch/shims/$tool"
	chmod 0755 "$scratch/shims/$tool"
done
# hidden NAME WANT ARGS...: the installed nakedinit-run ARGS..., its status must be WANT.
hidden() {
	local name=$1 want=$2 status
	shift 2
	if [ -n "$hide" ]; then
		unshare -m sh -c 'mount -t tmpfs -o ro,mode=0755 none "$1" && shift &&
			exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"' sh "$top" \
			env PATH="$scratch/shims:$PATH" TMPDIR="$scratch/tmp" HOME=/nonexistent \
			"$prefix/bin/nakedinit-run" "$@"
	elif [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- env PATH="$scratch/shims:$PATH" \
			TMPDIR="$scratch/tmp" HOME=/nonexistent "$prefix/bin/nakedinit-run" "$@"
	else
		env PATH="$scratch/shims:$PATH" TMPDIR="$scratch/tmp" "$prefix/bin/nakedinit-run" "$@"
	fi < /dev/null > "$logs/$name.log" 2>&1
	status=$?
	expect_status "$name" "$want" "$status" && expect_no_output "$name" "$logs/$name.log" '^shim: ' &&
		{ [ -z "$(ls -A "$scratch/tmp")" ] || { fail "$name" "left files in its TMPDIR: $(ls -A "$scratch/tmp")"; return 1; }; }
}
who="as nobody, with the checkout hidden"
[ -n "$hide" ] || who="as nobody (no mount namespace here: the checkout cannot be hidden)"
[ "$(id -u)" = 0 ] || who="as $(id -un) (not root: the checkout cannot be hidden)"
hidden run 7 "$scratch/probe" exit 7 && expect_output run "$logs/run.log" '^exit 7$' &&
	pass "the installed nakedinit-run runs a program, $who, without make or apt-get"
other=$(other_arch)
hidden not-installed 125 -F -a "$other" /bin/true &&
	expect_output not-installed "$logs/not-installed.log" "^nakedinit-run: $other: not installed in $prefix/lib/nakedinit" &&
	pass "an architecture not installed is refused in one line, not built"

# What the machine lacks is named, not installed: a QEMU that is not there (the
# scratch install's run.env made to name one).
env_file=$prefix/lib/nakedinit/$ARCH/run.env
cp "$env_file" "$scratch/run.env"
sed -i "s/^qemu=('[^']*'/qemu=('qemu-system-nakedinit-missing'/" "$env_file"
hidden no-qemu 125 "$scratch/probe" exit 7 &&
	expect_output no-qemu "$logs/no-qemu.log" '^nakedinit-run: qemu-system-nakedinit-missing is not installed: install the package qemu-system-' &&
	pass "a missing QEMU is named in one line, with its package: 125"
cp "$scratch/run.env" "$env_file"
# And for a dynamically linked program of another architecture than the host's,
# Debian's cross C library (the run.env made to look for it in an empty sysroot).
if [ "$ARCH" != "$(uname -m)" ]; then
	if ! "$top/tools/need.sh" "to build a dynamically linked program" "$(libc_dev)" > "$logs/dynamic.build.log" 2>&1 ||
		! $(m print-var-CC) -O2 -o "$scratch/dynamic" "$top/tests/launch/probe.c" -pthread >> "$logs/dynamic.build.log" 2>&1; then
		fail dynamic "does not build with $(m print-var-CC) (see $logs/dynamic.build.log)"
	else
		sed -i "s|^sysroot=.*|sysroot='$scratch/no-sysroot'|" "$env_file"
		hidden no-libc 125 "$scratch/dynamic" exit 7 &&
			expect_output no-libc "$logs/no-libc.log" '^nakedinit-run: .* needs .*: install the package libc6-[a-z0-9]+-cross' &&
			pass "a missing cross C library is named in one line, with its package: 125"
	fi
fi
cp "$scratch/run.env" "$env_file"

tree "$prefix" > "$logs/installed.tree"
if ! installed again; then
	fail "make install again" "failed (see $logs/again.log)"
elif tree "$prefix" | diff "$logs/installed.tree" - > "$logs/again.diff"; then
	pass "installing twice gives the same files"
else
	fail "make install again" "changed the files (see $logs/again.diff)"
fi

if ! m uninstall PREFIX="$prefix" > "$logs/uninstall.log" 2>&1; then
	fail "make uninstall" "failed (see $logs/uninstall.log)"
elif tree "$prefix" | diff "$logs/before.tree" - > "$logs/uninstall.diff"; then
	pass "make uninstall leaves the PREFIX as it was"
else
	fail "make uninstall" "the PREFIX is not as it was (see $logs/uninstall.diff)"
fi

# DESTDIR: the files under the staging folder, as PREFIX=/usr would have them, and
# nothing in them naming the staging folder; nothing new in /usr.
stage=$scratch/stage
usr_before=$(ls -d /usr/bin/nakedinit-run /usr/lib/nakedinit 2> /dev/null)
if ! m install DESTDIR="$stage" PREFIX=/usr ARCHES="$ARCH" > "$logs/destdir.log" 2>&1; then
	fail "make install DESTDIR=" "failed (see $logs/destdir.log)"
elif [ "$(ls -A "$stage")" != usr ]; then
	fail "make install DESTDIR=" "$stage holds more than usr: $(ls -A "$stage")"
elif [ "$(ls -d /usr/bin/nakedinit-run /usr/lib/nakedinit 2> /dev/null)" != "$usr_before" ]; then
	fail "make install DESTDIR=" "it installed into /usr itself"
elif grep -rlF "$stage" "$stage" > "$logs/destdir.named"; then
	fail "make install DESTDIR=" "files name the staging folder (see $logs/destdir.named)"
elif ! grep -qaF /usr/lib/nakedinit "$stage/usr/bin/nakedinit-run"; then
	fail "make install DESTDIR=" "the installed nakedinit-run does not name /usr/lib/nakedinit"
else
	pass "make install DESTDIR=STAGE PREFIX=/usr puts every file under STAGE, naming /usr"
fi
exit 0
