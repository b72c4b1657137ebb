#!/bin/bash
# SPDX-License-Identifier: MIT
# What a program finds around it, for $ARCH (run by tests/check.sh): where it is,
# its streams, its process group, a shell and the basic commands. tests/launch/around.c
# prints what it finds; each test compares that with what the same program prints on
# the host, where it runs there (x86_64): the expected lines below are the host's,
# and on the host's architecture the host run is checked against them too. Logs:
# $O/tests/$ARCH/around/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
TEST_GROUP="$ARCH: around"
logs=$O/tests/$ARCH/around
mkdir -p "$logs/bin" "$logs/next"
logs=$(cd "$logs" && pwd)	# the tests run in its folders
run=$top/tools/nakedinit-run

programs_ready || exit 0
around=$logs/bin/around
if ! $(m print-var-CC) -static -O2 -Wall -Wextra -Werror -o "$around" "$top/tests/launch/around.c" \
	> "$logs/around.build.log" 2>&1; then
	fail build "tests/launch/around.c does not build (see $logs/around.build.log)"
	exit 0
fi
native=$([ "$ARCH" = "$(uname -m)" ] && echo yes)

# compare NAME DESCRIPTION WANT-FILE HOST-COMMAND COMMAND...: COMMAND (in the current
# folder) prints WANT-FILE's bytes exactly; and on the host's architecture, so does
# HOST-COMMAND (a shell command: the program run on the host; "" for none).
compare() {
	local name=$1 description=$2 want=$3 host=$4
	shift 4
	"$@" > "$logs/$name.out" 2> "$logs/$name.err"
	if ! cmp -s "$want" "$logs/$name.out"; then
		diff "$want" "$logs/$name.out" > "$logs/$name.diff"
		fail "$name" "what the program found differs (see $logs/$name.diff, $logs/$name.err)"
	elif [ -n "$native" ] && [ -n "$host" ] && ! eval "$host" 2> /dev/null | cmp -s "$want" -; then
		fail "$name" "on the host, $host prints other lines than expected (see $want)"
	else
		pass "$description"
	fi
}

printf '%s\n' "argv[0] and /proc/self/exe: the same file" "started again by argv[0]: ok" > "$logs/where.want"
(cd "$logs/bin" && compare where-w \
	"-w ./PROGRAM: argv[0] is the program that runs (/proc/self/exe), which starts itself again by it" \
	"$logs/where.want" "./around where" "$run" -w ./around where)
(cd "$logs/next" && compare where-w-up "-w ../FOLDER/PROGRAM: the same" \
	"$logs/where.want" "../bin/around where" "$run" -w ../bin/around where)
(cd "$logs/bin" && compare where-absolute "an absolute path, without -w: the same" \
	"$logs/where.want" '"$around" where' "$run" "$around" where)
(cd "$logs/bin" && compare where-relative "./PROGRAM without -w (it starts in /, where it is): the same" \
	"$logs/where.want" "" "$run" ./around where)
(export PATH="$logs/bin:$PATH" && compare where-path \
	"a program found on PATH: argv[0] is its name, found on the guest's PATH: the same" \
	"$logs/where.want" "around where" "$run" around where)

# Streams: pipes where the host gave pipes (the splice is of the program's own first
# 100 bytes).
{
	printf '%s\n' "stdin: pipe" "stdout: pipe" "FIONREAD: bytes waiting"
	head -c 100 "$around"
	printf '\n%s\n%s\n' "splice to stdout: 100 bytes" "stdin: 11 bytes, then EOF"
} > "$logs/streams.want"
pipes() { printf 'hello world' | "$@" | cat; }
compare streams \
	"streams the host gave as pipes are pipes: fstat, FIONREAD, splice(2) to stdout; bytes and EOF as given" \
	"$logs/streams.want" 'pipes "$around" streams' pipes "$run" "$around" streams

printf '%s\n' "leads a session: no" "setpgid(0, 0): ok" > "$logs/group.want"
compare group "a process group of its own, not a session: setpgid(0, 0) works" \
	"$logs/group.want" '"$around" group' "$run" "$around" group

printf '%s\n' "system: ran" "system: 3" "popen: POPEN" "pclose: 0" "script: 1 one" \
	"/tmp/around-script: 0" "true: 0" "false: 1" "sleep: 0" "env: 0" "sh: 0" > "$logs/shell.want"
compare shell "a shell and the basic commands: system(3), popen(3), a #!/bin/sh script, true, false, sleep, env, sh" \
	"$logs/shell.want" '"$around" shell' "$run" "$around" shell
compare shell-cold "the same in a guest booted for the run (--cold): its initrd holds them" \
	"$logs/shell.want" "" "$run" --cold "$around" shell
# -f at one of their paths replaces it; --bare leaves them all out.
printf '#!/bin/sh\nexit 7\n' > "$logs/true7"
chmod +x "$logs/true7"
sed -e 's/^true: 0$/true: 7/' -e 's/^env: 0$/env: 7/' "$logs/shell.want" > "$logs/shell-f.want"
compare shell-f "-f FILE:/bin/true replaces the guest's true (env true runs it too)" "$logs/shell-f.want" "" \
	"$run" -f "$logs/true7:/bin/true" "$around" shell
compare shell-f-cold "the same, --cold" "$logs/shell-f.want" "" "$run" --cold -f "$logs/true7:/bin/true" "$around" shell
printf '%s\n' "system: 127" "popen: Cannot allocate memory" "/tmp/around-script: No such file or directory" \
	"true: No such file or directory" "false: No such file or directory" \
	"sleep: No such file or directory" "env: No such file or directory" \
	"sh: No such file or directory" > "$logs/bare.want"
compare bare "--bare: no shell nor commands, the program alone" "$logs/bare.want" "" \
	"$run" --bare "$around" shell
compare bare-cold "the same, --cold" "$logs/bare.want" "" "$run" --bare --cold "$around" shell
exit 0
