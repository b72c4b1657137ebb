#!/bin/sh
# SPDX-License-Identifier: MIT
# merge-fragments.sh BASE [PROFILE...]: one kernel config fragment, printed: BASE, then
# each PROFILE, whose lines replace those before it for the same options (CONFIG_X=...
# and "# CONFIG_X is not set" alike), so every option is set once and
# kconfig-check.sh can check that each landed.
set -eu
merged=$(cat "$1")
shift
for profile in "$@"; do
	options=$(sed -nE 's/^(# )?(CONFIG_[A-Za-z0-9_]+)(=| is not set).*/\2/p' "$profile" | paste -sd'|')
	if [ -n "$options" ]; then
		merged=$(printf '%s\n' "$merged" | grep -vE "^(# )?($options)(=| is not set)" || true)
	fi
	merged=$(printf '%s\n\n# --- %s\n%s' "$merged" "$profile" "$(cat "$profile")")
done
printf '%s\n' "$merged"
