#!/bin/bash
# SPDX-License-Identifier: MIT
# The committed documents docs/NAME.md are what their generators docs/gen/NAME.sh make
# of the current sources: `make docs` into a scratch directory, then each is compared
# with the committed one, timestamps and durations replaced in both (docs/normalise.sed).
# A stale one fails, named, with the start of the difference. docs/boot.md boots the
# kernels: make check runs this after the boot tests, which build them.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
TEST_GROUP=${TEST_GROUP:-docs}
: "${ARCHES:?}"
every_arch_checked "docs/*.md" || exit 0
scratch=$O/tests/docs
rm -rf "$scratch"
mkdir -p "$scratch"
if ! m docs DOCS_OUT="$scratch/new" > "$scratch/make.log" 2>&1; then
	fail "make docs" "failed (see $scratch/make.log)"
	exit 0
fi
for gen in docs/gen/*.sh; do
	name=$(basename "$gen" .sh)
	doc=docs/$name.md
	if [ ! -e "$doc" ]; then
		fail "$doc" "missing: run make docs and commit it"
	elif diff -u --label "$doc" --label "$gen" <(sed -Ef docs/normalise.sed "$doc") \
		<(sed -Ef docs/normalise.sed "$scratch/new/$name.md") > "$scratch/$name.diff"; then
		pass "$doc is what $gen makes of the current sources"
	else
		fail "$doc" "stale: $gen makes it differently of the current sources; run make docs (diff: $scratch/$name.diff)"
		sed -n '3,20s/^/    /p' "$scratch/$name.diff"
	fi
done
