#!/bin/bash
# SPDX-License-Identifier: MIT
# "Bring any program" tests for $ARCH (run by tests/check.sh): tools/nakedinit-run
# hosts programs built with $ARCH's compilers as they are by default, dynamically
# linked: C (tests/bring/look.c) and C++ (hello.cpp, libstdc++); a library found
# through DT_RUNPATH $ORIGIN, one through an absolute DT_RUNPATH to a host folder,
# and one missing; files brought in with -f, -d and -s,
# which look.c describes as the host's stat and cksum do. On the host's
# architecture, also an interactive BusyBox shell (make shell). Each test checks the
# result and what the guest printed. Logs: $O/tests/$ARCH/bring/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
TEST_GROUP="$ARCH: bring"
logs=$O/tests/$ARCH/bring
bin=$O/$ARCH/tests/bring
rm -rf "$bin"
mkdir -p "$logs" "$bin/origin/lib" "$bin/gone"

if ! m KERNEL_PROFILE=programs kernel launch-prerequisites > "$logs/build.log" 2>&1; then
	fail build "make KERNEL_PROFILE=programs kernel launch-prerequisites failed (see $logs/build.log)"
	exit 0
fi
# The programs: $ARCH's gcc and g++ (Debian's cross compilers on another host).
cc=$(m print-var-CC) cxx=$(m print-var-CROSS_COMPILE)g++ gcc_package=$(m print-var-GCC_PACKAGE)
triple=$(m print-var-TRIPLE)
build() {	# build NAME COMPILER ARGS...: one program, its output in the build log
	echo "$2 ${*:3}" >> "$logs/programs.build.log"
	"${@:2}" >> "$logs/programs.build.log" 2>&1 || { fail "$1" "does not build (see $logs/programs.build.log)"; return 1; }
}
flags=(-O2 -Wall -Wextra -Werror)
: > "$logs/programs.build.log"
"$top/tools/need.sh" "to build the bring tests' programs" "$(libc_dev)" \
	"${gcc_package/#gcc/g++}:$cxx" > "$logs/need.log" 2>&1 || {
	fail programs "their compilers and C library could not be installed (see $logs/need.log)"
	exit 0
}
build look "$cc" "${flags[@]}" -o "$bin/look" tests/bring/look.c || exit 0

# By default, the compilers link dynamically: the program names its loader.
if "$O/host/inspect" elf "$bin/look" | grep -q '^interpreter: '; then
	launch_ok c 0 "a C program as $cc builds it by default (dynamically linked) prints its arguments" \
		'^arg 1: a$' '^arg 2: b c$' '^arg 3: $' '^nakedinit: exit 0$' -- "$bin/look" a 'b c' ''
else
	fail c "$cc built a program that names no loader: not dynamically linked"
fi
build c++ "$cxx" "${flags[@]}" -o "$bin/hello" tests/bring/hello.cpp &&
	launch_ok c++ 0 "a C++ program (libstdc++, libgcc_s for an exception) prints its arguments" \
		'^c\+\+: caught an exception$' '^c\+\+ arg 1: a$' '^c\+\+ arg 2: b c$' -- "$bin/hello" a 'b c'

# shellcheck disable=SC2016 # $ORIGIN is the loader's, not the shell's
build origin "$cc" "${flags[@]}" -shared -fPIC -o "$bin/origin/lib/libbring.so" tests/bring/lib.c &&
	build origin "$cc" "${flags[@]}" -o "$bin/origin/uselib" tests/bring/uselib.c \
		-L"$bin/origin/lib" -lbring -Wl,--enable-new-dtags,-rpath,'$ORIGIN/lib' &&
	launch_ok origin 0 "a library found through DT_RUNPATH \$ORIGIN/lib comes along" \
		'^hello from a library$' -- "$bin/origin/uselib"
# An absolute DT_RUNPATH to a build folder of the host (as CMake links a test to a
# library of its build folder): for another architecture, not in the cross sysroot.
mkdir -p "$bin/abs/lib"
build absolute "$cc" "${flags[@]}" -shared -fPIC -o "$bin/abs/lib/libbring.so" tests/bring/lib.c &&
	build absolute "$cc" "${flags[@]}" -o "$bin/abs/uselib" tests/bring/uselib.c \
		-L"$bin/abs/lib" -lbring -Wl,--enable-new-dtags,-rpath,"$(cd "$bin/abs/lib" && pwd)" &&
	launch_ok absolute 0 "a library found through an absolute DT_RUNPATH to a host folder comes along" \
		'^hello from a library$' -- "$bin/abs/uselib"
# An ordinary system's /etc: root and its group; a file brought replaces one.
build users "$cc" "${flags[@]}" -o "$bin/users" tests/bring/users.c &&
	launch_ok users 0 "/etc/passwd and /etc/group: getpwuid(0) and getgrgid(0) give root" \
		'^uid 0: root, gid 0: root$' -- "$bin/users" &&
	launch_ok users-replaced 0 "an /etc file brought with -f replaces the default one" \
		'^uid 0: none, gid 0: root$' -- -f tests/bring/users.c:/etc/passwd "$bin/users"
# The loopback network: a server on 127.0.0.1, and on localhost's IPv4 and IPv6
# addresses (/etc/hosts), each reached by the same program.
build loopback "$cc" "${flags[@]}" -o "$bin/loopback" tests/bring/loopback.c &&
	launch_ok loopback 0 "the loopback network is up: TCP on 127.0.0.1 and on localhost, IPv4 and IPv6" \
		'^127\.0\.0\.1: ok$' '^localhost \(IPv4\): ok$' '^localhost \(IPv6\): ok$' -- "$bin/loopback"
# A library the program was linked with, gone since.
build missing "$cc" "${flags[@]}" -shared -fPIC -o "$bin/gone/libgone.so" tests/bring/lib.c &&
	build missing "$cc" "${flags[@]}" -o "$bin/gone/uselib" tests/bring/uselib.c -L"$bin/gone" -lgone &&
	rm "$bin/gone/libgone.so" &&
	refused missing-library '^nakedinit-run: .*/uselib needs libgone.so, which is in none of: .*\(no Debian package' \
		"$bin/gone/uselib"

# Files in: binary content, modes, a folder in a folder, a symbolic link; where each
# lands by default and where it is told to; what -s makes.
files=$bin/files
mkdir -p "$files/tree/sub"
cp "$bin/look" "$files/data.bin" && chmod 0640 "$files/data.bin"
echo "top of the tree" > "$files/tree/top.txt"
cp "$O/host/inspect" "$files/tree/sub/deep.bin" && chmod 0600 "$files/tree/sub/deep.bin"
printf '#!/bin/sh\necho hi\n' > "$files/tree/sub/run.sh" && chmod 0755 "$files/tree/sub/run.sh"
chmod 0750 "$files/tree/sub"
ln -s sub/deep.bin "$files/tree/link"
# seen GUEST HOST: what look.c prints for GUEST when it is HOST.
seen() {
	if [ -L "$2" ]; then
		echo "$1: link $(readlink "$2")"
	elif [ -d "$2" ]; then
		echo "$1: dir $(stat -c %a "$2")"
	else
		echo "$1: file $(stat -c %a "$2") $(cksum < "$2")"
	fi
}
{
	seen ./data.bin "$files/data.bin"
	seen /etc/copy.bin "$files/data.bin"
	seen /opt/data.bin "$files/data.bin"
	for path in tree tree/top.txt tree/sub tree/sub/deep.bin tree/sub/run.sh tree/link; do
		seen "/$path" "$files/$path"
	done
	seen /srv/t/sub/deep.bin "$files/tree/sub/deep.bin"
	echo "/null: char 1,3"
	echo "/data.link: link /data.bin"
	echo "/empty: dir 700"
} > "$logs/files.want"
mapfile -t paths < <(sed 's/: .*//' "$logs/files.want")
if launch files 0 -f "$files/data.bin" -f "$files/data.bin:/etc/copy.bin" -f "$files/data.bin:/opt/" \
	-d "$files/tree" -d "$files/tree:srv/t" -s 'nod /null 0666 0 0 c 1 3' \
	-s $'slink /data.link /data.bin 0777 0 0\ndir /empty 0700 0 0' \
	"$bin/look" "${paths[@]}"; then
	if diff "$logs/files.want" <(grep -E '^\.?/[^:]*: ' "$logs/files.log") > "$logs/files.diff"; then
		pass "-f, -d and -s: content byte for byte (cksum), modes, folders, links, a device node, where the rule puts them"
	else
		fail files "what the program saw differs from the host's files (see $logs/files.diff)"
	fi
fi

# The host-side checks are the same on every architecture: once, on the host's.
if [ "$ARCH" = "$(m print-var-HOST_ARCH)" ]; then
	refused dotdot "^nakedinit-run: -f .*: the guest path /\.\./x has a '\.' or '\.\.' component$" \
		-f "$files/data.bin:../x" "$bin/look"
	refused launcher-path '^nakedinit-run: -f .*: /init is taken by the launcher$' \
		-f "$files/data.bin:/init" "$bin/look"
	refused hidden '^nakedinit-run: -f .*: /sys/x would be hidden: the launcher mounts over /sys$' \
		-f "$files/data.bin:/sys/x" "$bin/look"
	refused collision "^nakedinit-run: -d .*: /x is taken by -f $files/data.bin:/x$" \
		-f "$files/data.bin:/x" -d "$files/tree:/x" "$bin/look"
	refused library-path "^nakedinit-run: -f .*: /lib/$triple/libc.so.6 is taken by a library the program needs" \
		-f "$files/data.bin:/lib/$triple/libc.so.6" "$bin/look"
	refused bad-spec "^nakedinit-run: -s 'nod /x 0666 0 0 q 1 3': bad device type 'q'" \
		-s 'nod /x 0666 0 0 q 1 3' "$bin/look"

	# The shell: job control on the terminal; Ctrl-C stops the foreground job only. (Its
	# prompt is "~ # ": root's home, /, is the folder it starts in.)
	if "$top/tools/need.sh" "for the shell tests" busybox-static:/bin/busybox > "$logs/busybox.log" 2>&1; then
		typed shell 3 '[/~] # ' 'ls /proc\r' 'cpuinfo' 'cat /proc/cpuinfo\r' 'processor' 'mount\r' \
			'proc on /proc' "sh -c 'echo sl\"\"eeping; exec sleep 100'\\r" '\nsleeping' '\003' \
			'[/~] # ' 'echo "st"atus=$?\r' 'status=' 'exit 3\r' -- "$top/tools/nakedinit-run" busybox sh &&
			expect_output shell "$logs/shell.log" '^self +|^cpuinfo +| cpuinfo ' '^processor[[:space:]]*: 0$' \
				'^proc on /proc type proc' '^status=130$' &&
			expect_no_output shell "$logs/shell.log" 'job control turned off' &&
			pass "busybox sh: ls /proc, cat /proc/cpuinfo, mount; Ctrl-C ends a foreground job (130), not the shell; exit 3 gives 3"
	else
		fail shell "busybox-static could not be installed (see $logs/busybox.log)"
	fi
	typed make-shell 0 '[/~] # ' 'echo "$(readlink /bin/sh) "$((6*7))\r' '/bin/busybox 42' 'exit\r' -- \
		"$MAKE" --no-print-directory -s O="$O" shell &&
		pass "make shell gives a shell: the guest's own BusyBox, /bin/sh"
fi
exit 0
