#!/bin/sh
# SPDX-License-Identifier: MIT
# kconfig-check.sh FRAGMENT CONFIG
# Kconfig silently drops an option whose dependencies are not met, so a fragment can
# ask for something the kernel never gets. This checks every option of FRAGMENT
# against the final CONFIG and names each one that did not land, with its line.
set -eu
fragment=$1 config=$2
awk -v fragment="$fragment" '
	FNR == NR { final[$0] = 1; if (match($0, /^CONFIG_[A-Za-z0-9_]+=/)) set[substr($0, 1, RLENGTH - 1)] = $0; next }
	/^CONFIG_[A-Za-z0-9_]+=/ {
		name = substr($0, 1, index($0, "=") - 1)
		if (!($0 in final)) {
			printf "%s:%d: %s did not land in .config (it has %s): a dependency is missing\n",
				fragment, FNR, $0, (name in set) ? set[name] : "it unset"
			bad = 1
		}
		next
	}
	/^# CONFIG_[A-Za-z0-9_]+ is not set$/ {
		name = $2
		if (name in set) {
			printf "%s:%d: %s is asked off, but .config has %s: something selects it\n",
				fragment, FNR, name, set[name]
			bad = 1
		}
		next
	}
	/^#/ || /^[ \t]*$/ { next }
	{ printf "%s:%d: not a Kconfig line: %s\n", fragment, FNR, $0; bad = 1 }
	END { exit bad }
' "$config" "$fragment"
