#!/bin/bash
# SPDX-License-Identifier: MIT
# compare.sh: boot times of variants of one architecture's boot, side by side.
#
# Usage: tests/bench/compare.sh [-n ROUNDS] ARCH 'LABEL: MAKE-VARIABLES'...
#   e.g. tests/bench/compare.sh "$(uname -m)" 'now:' 'new: KERNEL=/tmp/k/image' \
#            'cpu max: QEMU_TCG_CPU=max' 'no fw_devlink: CMDLINE=fw_devlink=off'
# Each variant boots the QEMU command `make print-qemu-cmd` gives with those
# variables (shell words: quote values with spaces). ROUNDS (default 9) rounds of
# one boot per variant, interleaved, so a change in the machine's load hits every
# variant alike. Prints, per variant, the median and minimum of QEMU launch to exit,
# the medians of its three parts (as `make bench`) and of QEMU's CPU time.
# Logs: $O/bench/compare/.
# A run counts when the console shows the kernel's `Run /init` and power-off lines
# (so not with `quiet`). Only QEMU-level and command-line changes can be expressed
# so; for a kernel configuration, build a scratch kernel (docs/benchmarks.md says
# how) and pass KERNEL=.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=9
if [ "${1:-}" = -n ]; then rounds=$2; shift 2; fi
[ $# -ge 2 ] || { sed -n '4,6s/^# \{0,1\}//p' "$0" >&2; exit 2; }
ARCH=$1
shift
# shellcheck source=tests/lib.sh
. tests/lib.sh
out=$O/bench/compare
mkdir -p "$out"
say() { echo "compare: $*" >&2; }
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh

labels=() cmds=() names=()
for variant in "$@"; do
	label=${variant%%:*}
	[ "$label" != "$variant" ] || { say "'$variant': expected 'LABEL: MAKE-VARIABLES'"; exit 2; }
	eval "vars=(${variant#*:})"
	# shellcheck disable=SC2154 # vars is set by the eval
	cmd=$(m print-qemu-cmd "${vars[@]}")
	labels+=("$label") cmds+=("$cmd") names+=("$ARCH-$(echo "$label" | tr -c 'A-Za-z0-9_.\n-' '_')")
	say "$label: $cmd"
	: > "$out/${names[-1]}.dat"
done

for ((r = 1; r <= rounds; r++)); do
	for i in "${!cmds[@]}"; do
		timed_run "${names[$i]}" "$r" 'nakedinit: ' "${cmds[$i]}" 2> /dev/null || true
	done
done

printf '%-24s %5s %7s %7s  %9s %8s %8s  %8s\n' variant runs median min "QEMU+fw" kernel init "QEMU CPU"
for i in "${!names[@]}"; do
	n=${names[$i]}
	printf '%-24s %2s/%-2s %7s %7s  %9s %8s %8s  %8s\n' "${labels[$i]}" "$(runs_of "$n")" "$rounds" \
		"$(stat_of "$n" 1 median)" "$(stat_of "$n" 1 min)" "$(stat_of "$n" 2 median)" \
		"$(stat_of "$n" 3 median)" "$(stat_of "$n" 4 median)" "$(stat_of "$n" 6 median)"
done
echo "(ms; median of the runs that passed, except min)"
