#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/selftests.sh: the kernel's own selftests as the measure of the programs' kernel,
# for $ARCH. Each program of tests/selftests/list is built statically from the kernel
# source the build unpacks, run by tools/nakedinit-run and by qemu-user, and judged
# from its exit status and TAP lines; one PASS/FAIL line a test compares the
# nakedinit-run verdict with tests/selftests/$ARCH.expected (qemu-user's is recorded,
# never judged). Logs: $O/tests/$ARCH/selftests/NAME.{nakedinit,qemu-user}.log.
#   SELFTESTS=quick|full|NAME,NAME...  which tests (default: full under CHECK_ALL=1,
#                                      else quick; quick leaves qemu-user out, its
#                                      verdicts shown as recorded)
#   SELFTESTS_RECORD=1   rewrite $ARCH.expected and $ARCH.counts from this run's
#                        verdicts (keeping their reasons), and docs/selftests.md
#                        (docs/gen/selftests.sh, which make docs runs too)
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
TEST_GROUP="$ARCH: selftests"
here=$top/tests/selftests
logs=$O/tests/$ARCH/selftests
bin=$O/$ARCH/selftests
expected=$here/$ARCH.expected
counts=$here/$ARCH.counts
: "${SELFTESTS:=$([ "${CHECK_ALL:-0}" = 1 ] && echo full || echo quick)}"
: "${SELFTESTS_RECORD:=0}"
TIMEOUT_SECONDS=120
mkdir -p "$logs" "$bin"
case $O in /*) ;; *) bin=$PWD/$bin ;; esac

# --- the sources ---------------------------------------------------------------------

# selftests_tree: the tools/testing/selftests folder of the kernel source the build
# unpacked; else unpacked from the tarball alone, once, into $O/selftests-src.
selftests_tree() {
	local tree tarball
	tree=$(ls -d "$O"/src/linux-source-*/tools/testing/selftests 2> /dev/null | sort -V | tail -n 1)
	if [ -n "$tree" ]; then
		echo "$tree"
		return 0
	fi
	tree=$O/selftests-src
	if [ ! -d "$tree/tools/testing/selftests" ]; then
		tarball=$(ls /usr/src/linux-source-*.tar.* 2> /dev/null | sort -V | tail -n 1)
		[ -n "$tarball" ] || return 1
		mkdir -p "$tree.partial" &&
			tar -xf "$tarball" -C "$tree.partial" --strip-components=1 --wildcards \
				'*/tools/testing/selftests' '*/tools/include' &&
			mv "$tree.partial" "$tree" || return 1
	fi
	echo "$tree/tools/testing/selftests"
}

# selected: the list's lines this run takes, comments dropped, as
# "NAME MODE SOURCES ARGS...".
selected() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$here/list" | awk -v want="$SELFTESTS" '
		NF == 0 { next }
		want == "full" || (want == "quick" && $2 == "quick") || index("," want ",", "," $1 ",") { print }'
}

# --- building ------------------------------------------------------------------------

# build NAME SOURCES: $bin/NAME, statically, with the Makefile's compiler for $ARCH;
# the compiler's output in $logs/NAME.build.log. Built again only when older than a
# source, the list or this script (its flags).
build() {
	local name=$1 files=() file out=$bin/$1 stale=0 numbers=()
	IFS=, read -ra files <<< "$2"
	for file in "${files[@]}"; do
		[ "$out" -nt "$tree/$file" ] || stale=1
	done
	[ "$stale" = 0 ] && [ "$out" -nt "$here/list" ] && [ "$out" -nt "$here/compat/sys/capability.h" ] &&
		[ "$out" -nt "$top/tests/selftests.sh" ] && return 0
	# A test that numbers a system call -1 where its includes have not defined it
	# (mrelease_test: "#define __NR_process_mrelease -1", before any <sys/syscall.h>)
	# would call nothing but ENOSYS: the C library's numbers (Debian's uapi) first.
	grep -qE '^#define[[:space:]]+__NR_[a-z0-9_]+[[:space:]]+-1' "${files[@]/#/$tree/}" &&
		numbers=(-include sys/syscall.h)
	# (what the selftests' Makefiles add: -D_GNU_SOURCE=, -pthread, the kselftest headers,
	# the test's own folder, futex's include/; tools/include only after the C library's
	# headers, for what they lack (rseq's linux/compiler.h): its uapi copies before them
	# break glibc's. The libraries -lrt -lm -ldl are in glibc's libc.a.)
	"$cc" -static -pthread -O2 -w -D_GNU_SOURCE= "${numbers[@]}" -I"$here/compat" -I"$tree" \
		-I"$tree/futex/include" -I"$tree/$(dirname "${files[0]}")" -idirafter "$tree/../../include" \
		-o "$out.new" "${files[@]/#/$tree/}" -lrt -lm -ldl > "$logs/$name.build.log" 2>&1 &&
		mv "$out.new" "$out"
}

# build_error NAME: the compiler's first error, for the SKIP line.
build_error() {
	grep -m 1 -E 'error|undefined reference' "$logs/$1.build.log" | sed "s|$tree/||" | cut -c 1-160
}

# --- running -------------------------------------------------------------------------

# folder NAME: the folder a test must start in, with the files its Makefile makes
# beside it (execveat's), as $bin/NAME.d, printed; nothing for the others.
folder() {
	local dir=$bin/$1.d
	case $1 in
	execveat)
		rm -rf "$dir" && mkdir -p "$dir/subdir" && cp "$bin/execveat" "$tree/exec/Makefile" "$dir/" &&
			ln -s execveat "$dir/execveat.symlink" && cp "$bin/execveat" "$dir/execveat.denatured" &&
			chmod -x "$dir/execveat.denatured" && printf '#!/bin/sh\nexit $*\n' > "$dir/script" &&
			chmod +x "$dir/script" && echo "$dir"
		;;
	esac
}

# run_nakedinit NAME ARGS...: through tools/nakedinit-run on the programs' kernel, 2
# CPUs; stdout and stderr in NAME.nakedinit.log, the console in NAME.nakedinit.console.
# Its status is the program's. A test with a folder ($dir, from folder) gets it in
# the guest's own files (-d), and the guest's shell starts it there.
run_nakedinit() {
	local name=$1 log=$logs/$1.nakedinit start=("$bin/$1")
	shift
	[ -z "$dir" ] ||
		start=(-d "$dir:/$name.d" "$O/$ARCH/busybox" sh -c 'cd "$0" && exec "$@"' "/$name.d" "./$name")
	"$top/tools/nakedinit-run" -t "$TIMEOUT_SECONDS" --cpus 2 -l "$log.console" \
		"${start[@]}" "$@" < /dev/null > "$log.log" 2>&1
}

# run_qemu_user NAME ARGS...: under qemu-$ARCH-static, in a scratch folder of its own,
# with the guest's environment, stopped after $TIMEOUT_SECONDS (then killed 5 s
# later); output in NAME.qemu-user.log. As root, as the guest has: in a mount
# namespace of its own with a fresh /tmp, so that a test's mounts (proc on
# /tmp/proc.XXXXXX) do not reach the host's (unless $O is under /tmp), and in a pid
# namespace of its own, with its /proc, whose first process is timeout: when timeout
# ends, the kernel kills whatever the test left, even the children that
# kselftest_harness puts in process groups of their own (setpgrp), which timeout's
# kill of its group misses (a hung seccomp_bpf outlived its run by many minutes).
run_qemu_user() {
	local name=$1 status scratch=$logs/$1.scratch contain=() tmp=''
	shift
	rm -rf "$scratch" && mkdir -p "$scratch" || return 125
	[ -z "$dir" ] || cp -a "$dir/." "$scratch/" || return 125
	if [ "$(id -u)" = 0 ]; then
		[[ $bin == /tmp/* ]] || tmp='mount -t tmpfs tmpfs /tmp && '
		contain=(unshare --mount --propagation private --pid --fork --kill-child --mount-proc --
			sh -c "${tmp}exec \"\$@\"" sh)
	fi
	(cd "$scratch" && exec "${contain[@]}" timeout -k 5 "$TIMEOUT_SECONDS" env -i \
		PATH=/bin:/sbin:/usr/bin:/usr/sbin TERM=linux HOME=/root "qemu-$ARCH-static" "$bin/$name" "$@") \
		< /dev/null > "$logs/$name.qemu-user.log" 2>&1
	status=$?
	rm -rf "$scratch"
	return $status
}

# tap_counts LOG: "PASSED/FAILED/SKIPPED": its TAP lines (ok N, not ok N, # SKIP), or
# the ksft "# Totals: pass:X fail:Y ... skip:Z" lines where they count more (kcmp_test
# counts its checks without a line each), a failure more where kselftest_harness's
# "# FAILED:" says so without a "not ok"; and the old-style checks, a line that ends
# in "[OK]", "[FAIL]" or "[FAILED]" (posix_timers and set-timer-lat print them, and
# exit 0 after a failed one; not "# [OK]", a TAP comment); "-" for a program that
# printed none of these.
tap_counts() {
	awk '
		function total(key) { return match($0, key ":[0-9]+") ? substr($0, RSTART + length(key) + 1, RLENGTH - length(key) - 1) : 0 }
		/^[ \t]*(not )?ok [0-9]+/ {
			seen = 1
			if (/# *[Ss][Kk][Ii][Pp]/) skip++
			else if (/^[ \t]*not ok/) fail++
			else pass++
		}
		/^# FAILED: / { seen = 1; summary_failed = 1 }
		/^# Totals: / { seen = 1; t_pass += total("pass"); t_fail += total("fail") + total("error"); t_skip += total("skip") }
		/^[^#].*\[OK\][ \t\r]*$/ { seen = 1; old_pass++ }
		/^[^#].*\[FAIL(ED)?\][ \t\r]*$/ { seen = 1; old_fail++ }
		END {
			if (!seen) { print "-"; exit }
			if (t_pass > pass) pass = t_pass
			if (t_fail > fail) fail = t_fail
			if (t_skip > skip) skip = t_skip
			pass += old_pass
			fail += old_fail
			if (summary_failed && !fail) fail = 1
			printf "%d/%d/%d\n", pass, fail, skip
		}' "$1"
}

# verdict STATUS COUNTS: pass (exit 0, no subtest failed), skip (KSFT_SKIP, 4, or
# exit 0 with every subtest skipped) or fail.
verdict() {
	local status=$1 pass=0 failed=0 skipped=0
	[ "$2" = - ] || IFS=/ read -r pass failed skipped <<< "$2"
	if [ "$failed" -gt 0 ]; then
		echo fail
	elif [ "$status" = 4 ] || { [ "$status" = 0 ] && [ "$pass" = 0 ] && [ "$skipped" -gt 0 ]; }; then
		echo skip
	elif [ "$status" = 0 ]; then
		echo pass
	else
		echo fail
	fi
}

# key_line LOG STATUS: the line that says most about a result not a pass.
key_line() {
	local line
	line=$(grep -m 1 -E '^[ \t]*not ok|# SKIP|FAIL|[Ee]rror|ENOSYS|[Nn]ot supported|Unsupported' "$1")
	[ -n "$line" ] || line=$(grep -v '^[[:space:]]*$' "$1" | tail -n 1)
	[ "$2" != 124 ] || line="timed out after $TIMEOUT_SECONDS s; last: $line"
	printf '%s' "$line" | tr '\t' ' ' | cut -c 1-160
}

# --- expectations --------------------------------------------------------------------

# expectation NAME FIELD: from $ARCH.expected, 2: nakedinit-run's verdict, 3:
# qemu-user's, 4: the reason (the rest of the line).
expectation() {
	[ -f "$expected" ] || return 0
	awk -v name="$1" -v field="$2" '$1 == name {
		if (field < 4) { print $field; exit }
		sub(/^[^ \t]+[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]*/, ""); print; exit }' "$expected"
}

# judge NAME VERDICT COUNTS QEMU-VERDICT KEY: the test's one line.
judge() {
	local name=$1 got=$2 subtests=$3 qemu=$4 key=$5 want reason
	want=$(expectation "$name" 2) reason=$(expectation "$name" 4)
	[ "$subtests" = - ] && subtests='no TAP' || subtests="subtests passed/failed/skipped $subtests"
	if [ -z "$want" ]; then
		fail "$name" "$got ($subtests; qemu-user: $qemu), and no line in $expected: run with SELFTESTS_RECORD=1"
	elif [ "$got" = "$want" ]; then
		pass "$name: $got, as expected ($subtests; qemu-user: $qemu)${reason:+: $reason}"
	elif [ "$want" = pass ]; then
		fail "$name" "$got, expected to pass (a regression; $subtests): $key (see $logs/$name.nakedinit.log)"
	else
		fail "$name" "$got, expected $want${reason:+ ($reason)}: update $expected (SELFTESTS_RECORD=1)"
	fi
}

# record: rewrite $ARCH.expected and $ARCH.counts with this run's results ($results:
# "NAME VERDICT VERDICT COUNTS STATUS COUNTS STATUS KEY" lines), the tests not run
# this time as they were, the existing reasons kept (a new one is the key line, to be
# edited into a why), in the list's order; then docs/selftests.md.
record() {
	local name result reason n_verdict q_verdict n_counts n_status q_counts q_status key
	local new_expected=$expected.new new_counts=$counts.new
	{
		echo "# SPDX-License-Identifier: MIT"
		echo "# tests/selftests/$ARCH.expected: each selftest's verdict on $ARCH, written by"
		echo "# SELFTESTS_RECORD=1 tests/selftests.sh, its reasons by hand:"
		echo "# NAME  NAKEDINIT-RUN  QEMU-USER  REASON (why it is not a pass)"
	} > "$new_expected"
	{
		echo "# SPDX-License-Identifier: MIT"
		echo "# tests/selftests/$ARCH.counts: each selftest's last recorded run on $ARCH"
		echo "# (SELFTESTS_RECORD=1 tests/selftests.sh): exit status and TAP subtests"
		echo "# passed/failed/skipped (- for no TAP), under nakedinit-run, then qemu-user."
		echo "# NAME  STATUS  COUNTS  STATUS  COUNTS"
	} > "$new_counts"
	while read -r name _; do
		result=$(grep -m 1 "^$name " <<< "$results")
		if [ -z "$result" ]; then
			grep -m 1 "^$name " "$expected" >> "$new_expected" 2> /dev/null
			grep -m 1 "^$name " "$counts" >> "$new_counts" 2> /dev/null
			continue
		fi
		read -r _ n_verdict q_verdict n_counts n_status q_counts q_status key <<< "$result"
		reason=$(expectation "$name" 4)
		if [ "$n_verdict" = pass ] && [ "$q_verdict" = pass ]; then
			reason=''
		elif [ -z "$reason" ]; then
			reason="TODO: $key"
		fi
		printf '%-32s %-4s %-4s %s\n' "$name" "$n_verdict" "$q_verdict" "$reason" | sed 's/ *$//' >> "$new_expected"
		printf '%-32s %-3s %-9s %-3s %s\n' "$name" "$n_status" "$n_counts" "$q_status" "$q_counts" >> "$new_counts"
	done < <(SELFTESTS=full selected)
	mv "$new_expected" "$expected" && mv "$new_counts" "$counts"
	if DOCS_ARCHES=$(m list-arches) "$top/docs/gen/selftests.sh" > "$top/docs/selftests.md.new"; then
		mv "$top/docs/selftests.md.new" "$top/docs/selftests.md"
		echo "selftests: recorded $expected, $counts and docs/selftests.md"
	else
		rm -f "$top/docs/selftests.md.new"
		fail record "docs/gen/selftests.sh failed: recorded $expected and $counts, docs/selftests.md left as it was"
	fi
}

# --- the run -------------------------------------------------------------------------

# one NAME SOURCES ARGS...: builds, runs under both, judges; appends to $results.
one() {
	local name=$1 sources=$2 n_status q_status n_counts q_counts n_verdict q_verdict key reason
	shift 2
	if ! build "$name" "$sources"; then
		reason="does not build for $ARCH: $(build_error "$name")"
		skip "$name" "$reason (see $logs/$name.build.log)"
		results+="$name skip skip - - - - $reason"$'\n'
		return 0
	fi
	dir=$(folder "$name")
	run_nakedinit "$name" "$@"
	n_status=$?
	n_counts=$(tap_counts "$logs/$name.nakedinit.log")
	n_verdict=$(verdict "$n_status" "$n_counts")
	if [ "$SELFTESTS" = quick ]; then
		q_status=- q_counts=- q_verdict="$(expectation "$name" 3) (recorded)"
	else
		run_qemu_user "$name" "$@"
		q_status=$?
		q_counts=$(tap_counts "$logs/$name.qemu-user.log")
		q_verdict=$(verdict "$q_status" "$q_counts")
	fi
	key=''
	[ "$n_verdict" = pass ] || key=$(key_line "$logs/$name.nakedinit.log" "$n_status")
	[ "$n_verdict" != pass ] || [ "$q_status" = - ] || [ "$q_verdict" = pass ] ||
		key="qemu-user: $(key_line "$logs/$name.qemu-user.log" "$q_status")"
	judge "$name" "$n_verdict" "$n_counts" "$q_verdict" "$key"
	results+="$name $n_verdict $q_verdict $n_counts $n_status $q_counts $q_status $key"$'\n'
}

# prepare: the first run builds what nakedinit-run needs (the programs' kernel, minutes),
# under its lock, with make's progress on stderr: done here, with tests/launch's probe,
# so that no test's log has it.
prepare() {
	build_probe "$bin/probe" "$logs/prepare.log" &&
		"$top/tools/nakedinit-run" -t "$TIMEOUT_SECONDS" "$bin/probe" exit 0 < /dev/null >> "$logs/prepare.log" 2>&1
}

if ! tested_in_full; then
	skip all "the programs' kernel for $ARCH is tested by make check-all (CHECK_ALL=1)"
	exit 0
fi
cc=$(m print-var-CC)
if ! "$top/tools/need.sh" "to build and run the kernel's selftests" "$(libc_dev)" \
	"qemu-user-static:qemu-$ARCH-static" > "$logs/need.log" 2>&1; then
	fail build "the C library or qemu-user-static could not be installed (see $logs/need.log)"
	exit 0
fi
if ! tree=$(selftests_tree); then
	fail source "no kernel source: neither $O/src/linux-source-* nor /usr/src/linux-source-*.tar.*"
	exit 0
fi
if ! prepare; then
	fail prepare "tools/nakedinit-run could not run a program on the programs' kernel (see $logs/prepare.log)"
	exit 0
fi
results=''
while read -r name _ sources args; do
	read -ra args <<< "$args"
	one "$name" "$sources" "${args[@]}"
done < <(selected)
if [ "$SELFTESTS_RECORD" = 1 ] && [ "$SELFTESTS" = quick ]; then
	echo "selftests: not recorded: SELFTESTS=quick runs no qemu-user" >&2
elif [ "$SELFTESTS_RECORD" = 1 ]; then
	record
fi
exit 0
