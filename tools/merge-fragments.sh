#!/bin/sh
# merge-fragments.sh BASE [PROFILE]: one kernel config fragment, printed: BASE, then
# PROFILE, whose lines replace BASE's for the same options (CONFIG_X=... and
# "# CONFIG_X is not set" alike), so every option is set once and kconfig-check.sh
# can check that each landed.
set -eu
base=$1 profile=${2:-}
[ -n "$profile" ] || { cat "$base"; exit 0; }
options=$(sed -nE 's/^(# )?(CONFIG_[A-Za-z0-9_]+)(=| is not set).*/\2/p' "$profile" | paste -sd'|')
if [ -n "$options" ]; then
	grep -vE "^(# )?($options)(=| is not set)" "$base"
else
	cat "$base"
fi
echo
echo "# --- $profile"
cat "$profile"
