#!/bin/bash
# SPDX-License-Identifier: MIT
# What the guest reaches of the host, for $ARCH (run by tests/check.sh beside
# tests/launch.sh): folders shared with nakedinit-run -v and -w, over 9p, and the
# network of --net. tests/launch/probe.c's "shares" request tries, in a shared
# folder, what a program may and may not do there; the host then checks what the
# folder holds. Logs and folders: $O/tests/$ARCH/shares/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
TEST_GROUP="$ARCH: shares"
logs=$O/tests/$ARCH/shares
mkdir -p "$logs"
run=$top/tools/nakedinit-run

programs_ready python3-minimal:python3 || exit 0
# Absolute: some runs start in another folder.
logs=$(cd "$logs" && pwd -P) probe=$(realpath "$probe")
dirs=$logs/dirs
rm -rf "$dirs" && mkdir -p "$dirs"
umask 022

# folder NAME: a new shared folder $dirs/NAME: in.txt, a link out by an absolute
# path and one that climbs out, both to $dirs/secret.txt, and (as root) a node of
# the host's memory device (/dev/mem's numbers).
echo "host secret" > "$dirs/secret.txt"
folder() {
	mkdir "$dirs/$1" && echo "host file" > "$dirs/$1/in.txt" &&
		ln -s "$dirs/secret.txt" "$dirs/$1/abs-link" && ln -s ../secret.txt "$dirs/$1/up-link" || return 1
	[ "$(id -u)" != 0 ] || mknod "$dirs/$1/device" c 1 1
}
# listing DIR: what DIR holds, a line each.
listing() { (cd "$1" && find . -printf '%p %y %m %s\n' | LC_ALL=C sort); }
# What no share may let out, whatever else the run printed.
never_out() { expect_no_output "$1" "$logs/$1.log" "host secret"; }

folder rw && launch rw 0 -v "$dirs/rw:/data" "$probe" shares /data &&
	expect_output rw "$logs/rw.log" "^read: ok, host file$" "^create: ok$" "^mkdir: ok$" \
		"^absolute link: ENOENT$" "^climbing link: ENOENT$" "^dot-dot: ENOENT$" \
		"^hard link out: EXDEV$" && never_out rw &&
	[ "$(cat "$dirs/rw/new.txt")" = "from the guest" ] &&
	[ "$(stat -c %a "$dirs/rw/new.txt" "$dirs/rw/newdir" | xargs)" = "640 750" ] &&
	pass "-v HOST:GUEST: the guest reads and writes the folder, with the modes it gives; links that point out (absolute, climbing), .. and hard links lead nowhere on the host" ||
	fail rw "see $logs/rw.log and $dirs/rw"
if [ "$(id -u)" = 0 ]; then
	expect_output rw "$logs/rw.log" "^device node: EACCES$" && [ ! -e "$dirs/rw/made-device" ] &&
		pass "a device node in a share opens nothing (nodev), and the guest makes none" ||
		fail device "see $logs/rw.log"
else
	skip device "making the host's device node needs root"
fi

# Read-only: refused by the guest's mount, and by QEMU when the guest mounts it
# read-write again.
folder ro && before=$(listing "$dirs/ro") &&
	launch ro 0 -v "$dirs/ro:/data:ro" "$probe" shares /data &&
	expect_output ro "$logs/ro.log" "^read: ok, host file$" "^create: EROFS$" "^mkdir: EROFS$" \
		"^remount read-write: ok$" "^write after remount: EROFS$" && never_out ro &&
	[ "$(listing "$dirs/ro")" = "$before" ] &&
	pass "-v HOST:GUEST:ro: nothing written, even mounted read-write again in the guest (QEMU's readonly)" ||
	fail ro "see $logs/ro.log and $dirs/ro"

# Whose the files are: the user's who ran nakedinit-run (as root, the test runs it as
# nobody), whatever the guest's root asks.
user=$(id -u) as=()
if [ "$user" = 0 ]; then
	user=65534 as=(setpriv --reuid=65534 --regid=65534 --clear-groups env TMPDIR="$dirs/tmp")
	mkdir -m 1777 "$dirs/tmp"
fi
if ! "${as[@]}" test -x "$run" -a -r "$probe"; then
	skip owner "user $user cannot reach $run or $probe (the folders' modes): make check as a user of your own tests it"
elif folder owner && chown -R "$user:$user" "$dirs/owner" &&
	"${as[@]}" "$run" -v "$dirs/owner:/data" "$probe" shares /data < /dev/null > "$logs/owner.log" 2>&1; then
	expect_output owner "$logs/owner.log" "^create: ok$" "^mknod: EPERM$" &&
		[ "$(stat -c '%u %a' "$dirs/owner/new.txt")" = "$user 640" ] &&
		[ "$(stat -c '%u %a' "$dirs/owner/newdir")" = "$user 750" ] &&
		pass "files the guest makes belong to the user who ran nakedinit-run ($user), with the guest's modes; no device node" ||
		fail owner "see $logs/owner.log and $dirs/owner"
else
	fail owner "nakedinit-run as user $user failed (see $logs/owner.log)"
fi

# -w: the current folder, at its own path, as the program's working folder.
folder work && (cd "$dirs/work" && launch work 0 -w "$probe" shares .) &&
	expect_output work "$logs/work.log" "^cwd: $dirs/work$" "^read: ok, host file$" "^create: ok$" &&
	[ -f "$dirs/work/new.txt" ] &&
	pass "-w: the program starts in the current folder, shared at the same path" ||
	fail work "see $logs/work.log"

# A share inside another, given first: mounted after it, on top.
mkdir -p "$dirs/outer" "$dirs/inner" && echo inner > "$dirs/inner/in.txt" &&
	launch nested 0 -v "$dirs/inner:/data/inner:ro" -v "$dirs/outer:/data" "$probe" shares /data/inner &&
	expect_output nested "$logs/nested.log" "^read: ok, inner$" && [ -d "$dirs/outer/inner" ] &&
	pass "a share inside another is mounted on top of it, whatever the order given" ||
	fail nested "see $logs/nested.log"

refused not-folder "-v $dirs/none:/data: $dirs/none is not a folder" -v "$dirs/none:/data" "$probe"
refused relative "the guest path data is not absolute" -v "$dirs/rw:data" "$probe"
refused no-guest "expected HOST:GUEST" -v "$dirs/rw" "$probe"
refused proc "/proc is the launcher's /proc" -v "$dirs/rw:/proc" "$probe"
refused hides "a share at /opt would hide /opt/secret.txt \(-f " -f "$dirs/secret.txt:/opt/secret.txt" \
	-v "$dirs/rw:/opt" "$probe"
refused hides-program "a share would hide the program at /bin/probe" -v "$dirs/rw:/bin" --argv0=probe "$probe"
refused twice "/data is shared already" -v "$dirs/rw:/data" -v "$dirs/ro:/data/" "$probe"
(cd / && refused root-cwd "-w: the current folder is /" -w "$probe")
many=()
for i in 1 2 3 4 5 6; do many+=(-v "$dirs/rw:/data$i"); done
refused too-many "6 shared folders: the guest has room for 5" "${many[@]}" "$probe"

# --net: a page from a server on the host's loopback, at QEMU's address for the host.
# Without it, the guest has no way out.
mkdir -p "$dirs/www" && echo "served by the host" > "$dirs/www/index.html"
python3 -c '
import http.server, socketserver, sys, os
os.chdir(sys.argv[1])
server = socketserver.TCPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
print(server.server_address[1], flush=True)
server.serve_forever()' "$dirs/www" > "$logs/server.port" 2> "$logs/server.log" &
server=$!
# (It says its port once it listens; a loaded machine may take seconds to start it.)
for _ in $(seq 300); do [ -s "$logs/server.port" ] && break; sleep 0.1; done
port=$(cat "$logs/server.port")
[[ $port =~ ^[0-9]+$ ]] || fail net "the test's HTTP server gave no port in 30 s (see $logs/server.log)"
launch_ok net 0 "--net: the guest fetches a page from the host's loopback (10.0.2.2)" \
	"^HTTP/1.0 200 OK" "^served by the host$" -- --net "$probe" fetch 10.0.2.2 "$port"
launch_ok resolver 0 "--net: /etc/resolv.conf names QEMU's DNS server" "^resolv.conf: nameserver$" -- \
	--net "$probe" ordinary
launch_ok no-net 1 "without --net, the host is out of reach" "^connect: ENETUNREACH$" -- "$probe" fetch 10.0.2.2 "$port"
kill "$server" 2> /dev/null
wait "$server" 2> /dev/null

# binfmt_misc: a program of another architecture run as ./probe, no emulator named,
# under a handler name of this test's own, removed after.
misc=/proc/sys/fs/binfmt_misc handler=nakedinit-test-$$
# What test suites do in their working folder (tests/launch/share_features.c): in a
# -w share, the same lines as on the host, in a folder of the host's own file system
# (the program itself run there on the host's architecture, the lines recorded below
# on another), but for what 9p cannot give (README, "Shared folders"): Unix sockets
# and FIFOs (Debian's QEMU 7.2 refuses to open a special file it made, its fix for
# CVE-2023-2861: ENXIO), O_TMPFILE (Linux 6.1's 9p has no tmpfile: EOPNOTSUPP), and a
# file used after its unlink (QEMU reopens files by their path: ENOENT).
features=$logs/features
rm -rf "$features" && mkdir -p "$features/host" "$features/share"
on_9p='s/^(unix_socket|fifo|tmpfile_link|exec_unlinked|unlinked_open): ok$/\1: not on 9p/'
if ! $(m print-var-CC) -static -O2 -o "$features/sf" "$top/tests/launch/share_features.c" > "$logs/sf.build.log" 2>&1; then
	fail features "tests/launch/share_features.c does not build (see $logs/sf.build.log)"
else
	cp "$features/sf" "$features/share/sf"
	if [ "$ARCH" = "$(uname -m)" ]; then
		"$top/tests/launch/share_features.sh" "$features/host" "$features/sf" . host 2>&1
	else
		printf '%s: ok\n' unix_socket fifo tmpfile_link exec_plain exec_fd exec_unlinked unlinked_open \
			rename_over hard_link flock fcntl_lock mmap_shared modes chown symlink xattr host_sees host_mmap
		printf '%s\n' "host_mode: 754" "host_owner: 1234:1234 (runner $(id -u):$(id -g))" "host_symlink: sf.mode"
	fi | sed -E "$on_9p" > "$features/want"
	"$top/tests/launch/share_features.sh" "$features/share" "$run" -w ./sf . host < /dev/null 2>&1 |
		sed -E 's/^(unix_socket|fifo): FAIL ENXIO@[0-9]+$/\1: not on 9p/; s/^tmpfile_link: FAIL EOPNOTSUPP@[0-9]+$/tmpfile_link: not on 9p/; s/^(exec_unlinked|unlinked_open): FAIL ENOENT@[0-9]+$/\1: not on 9p/' \
		> "$features/got"
	if [ "$(id -u)" != 0 ]; then
		skip features "the owner test needs root (chown to 1234)"
	elif diff "$features/want" "$features/got" > "$features/diff"; then
		pass "-w: renames, hard links, flock and fcntl locks, shared mmap writes the host sees, exec of a file and of an fd, modes, owners, links, xattrs, the host's changes, as on the host (sockets, FIFOs, O_TMPFILE, unlinked files: not on 9p)"
	else
		fail features "a -w share behaves otherwise than the host's folder (see $features/diff)"
	fi
fi

if [ "$ARCH" = "$(uname -m)" ]; then
	skip binfmt "$ARCH is the host's architecture, which runs its programs itself (make check-all tests the others)"
elif [ ! -w "$misc/register" ]; then
	skip binfmt "$misc/register is not writable here (binfmt_misc mounted, and root)"
else
	folder binfmt && cp "$probe" "$dirs/binfmt/probe" &&
		"$run" --binfmt-register="$handler" > "$logs/binfmt.log" 2>&1 &&
		(cd "$dirs/binfmt" && ./probe shares . < /dev/null >> "$logs/binfmt.log" 2>&1; echo "status: $?" >> "$logs/binfmt.log")
	"$run" --binfmt-remove="$handler" >> "$logs/binfmt.log" 2>&1
	expect_output binfmt "$logs/binfmt.log" "^$misc/$handler-$ARCH: " "^cwd: $dirs/binfmt$" \
		"^read: ok, host file$" "^status: 0$" && ! compgen -G "$misc/$handler-*" > /dev/null &&
		pass "--binfmt-register: ./probe runs through nakedinit-run in its folder, as with qemu-user-binfmt; --binfmt-remove removes it" ||
		fail binfmt "see $logs/binfmt.log"
fi
exit 0
