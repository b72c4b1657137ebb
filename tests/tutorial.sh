#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/tutorial.sh [DOC]: follows the tutorial DOC (default docs/your-own-init.md)
# word for word in a scratch copy of the repository's tracked files. Each "$ " line of
# its console blocks (with the lines of a here-document it starts) is run there with
# bash, in a clean environment, and must succeed; the lines after it are what it must
# print: in that order, "..." standing for any lines, a kernel timestamp for any time.
# The scratch copy reuses the kernels this build directory holds (symbolic links):
# make check runs this after the boot and launch tests, which build them.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
TEST_GROUP=${TEST_GROUP:-tutorial}
: "${ARCHES:?}"
doc=${1:-docs/your-own-init.md}
[ -f "$doc" ] || { fail "$doc" "no such file"; exit 0; }
every_arch_checked "$doc" || exit 0
built=$(cd "$O" && pwd)
dir=$built/tests/tutorial
repo=$dir/repo
rm -rf "$dir"
mkdir -p "$repo" "$dir/steps"

# Finished kernels only: one that is not up to date would be rebuilt through the link,
# in this build directory (build-kernel.sh writes .nakedinit-key when a build ends).
# make check has built them all by now; one missing would be built in the scratch copy.
for kernel in "$built"/*/kernel-*/.nakedinit-key; do
	[ -f "$kernel" ] || continue
	kernel=${kernel%/.nakedinit-key} link=$repo/build/${kernel#"$built"/}
	mkdir -p "$(dirname "$link")"
	ln -s "$kernel" "$link"
done
mkdir -p "$repo/build"
[ ! -d "$built/src" ] || ln -s "$built/src" "$repo/build/src"
# git lists what is tracked (a new machine may not have it). The checkout may belong
# to another user than the one testing (CI's, a container's): git refuses to read
# such a repository unless it is named safe.
if ! "$top/tools/need.sh" "to list the files the tutorial copies" git:git > "$dir/need.log" 2>&1; then
	fail "$doc" "cannot install git (see $dir/need.log)"
	exit 0
fi
if ! git -c safe.directory="$top" -C "$top" ls-files -z | (cd "$top" && xargs -0 cp --parents -t "$repo"); then
	fail "$doc" "cannot copy the repository's tracked files (git ls-files) into $repo"
	exit 0
fi

# The steps: N.cmd, the command, and N.want, what it prints.
awk -v dir="$dir/steps" '
	/^```console$/ { block = 1; next }
	/^```/ { block = 0; next }
	!block { next }
	heredoc != "" { print > cmd; if ($0 == heredoc) heredoc = ""; next }
	/^\$ / {
		n++; cmd = dir "/" n ".cmd"; want = dir "/" n ".want"
		printf "" > want
		print substr($0, 3) > cmd
		if (match($0, /<<-?'"'"'?[A-Za-z_]+'"'"'?$/)) {
			heredoc = substr($0, RSTART); gsub(/[<'"'"'-]/, "", heredoc)
		}
		next
	}
	{ print > want }' "$doc"

# matches WANT GOT: GOT has WANT's lines in order ("..." skips any lines); timestamps
# "[    0.39]" are compared as "[T]"; need.sh's lines, which depend on what the machine
# had installed, are not compared. Prints the first mismatch.
matches() {
	awk '
		{ gsub(/\[ *[0-9]+\.[0-9]+\]/, "[T]") }
		NR == FNR { want[++n] = $0; next }
		/^need: / { next }	# tools/need.sh installing what this machine lacked
		{ got[++m] = $0 }
		END {
			i = 1
			for (w = 1; w <= n; w++) {
				if (want[w] == "...") { skipping = 1; continue }
				while (skipping && i <= m && got[i] != want[w]) i++
				if (i > m) { print "no line \"" want[w] "\""; exit 1 }
				if (got[i] != want[w]) { print "\"" got[i] "\" where \"" want[w] "\" was expected"; exit 1 }
				i++; skipping = 0
			}
			if (!skipping && i <= m) { print "an unexpected line \"" got[i] "\""; exit 1 }
		}' "$1" <(tr -d '\r' < "$2")
}

for cmd in $(find "$dir/steps" -name '*.cmd' | sort -V); do
	step=${cmd%.cmd} name=$(head -n 1 "$cmd")
	(cd "$repo" && env -i PATH="$PATH" HOME="${HOME:-/}" TERM=dumb bash -eo pipefail "$cmd") > "$step.out" 2>&1
	status=$?
	if [ "$status" -ne 0 ]; then
		fail "$name" "exit status $status, expected 0 (see $step.out)"
	elif why=$(matches "$step.want" "$step.out"); then
		pass "$name"
	else
		fail "$name" "$why (see $step.out)"
	fi
done
