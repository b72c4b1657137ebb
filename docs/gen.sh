#!/bin/bash
# SPDX-License-Identifier: MIT
# docs/gen.sh OUTDIR: writes OUTDIR/NAME.md for every generator docs/gen/NAME.sh, each
# to a temporary file first, so a failing generator leaves no half-written document,
# and only where it changed in more than the figures docs/normalise.sed replaces.
# make docs runs it (with OUTDIR docs/) after building what the generators read for
# every architecture in DOCS_ARCHES; tests/docs.sh runs it with a scratch directory.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: docs/gen.sh OUTDIR" >&2; exit 2; }
out=$1
: "${DOCS_ARCHES:?}"
mkdir -p "$out"
for gen in docs/gen/*.sh; do
	name=$(basename "$gen" .sh)
	if ! "$gen" > "$out/$name.md.tmp"; then
		rm -f "$out/$name.md.tmp"
		echo "docs/gen.sh: $gen failed: $out/$name.md left as it was" >&2
		exit 1
	fi
	# Figures that vary from run to run alone do not make a document new.
	if [ -f "$out/$name.md" ] && cmp -s <(sed -Ef docs/normalise.sed "$out/$name.md") \
		<(sed -Ef docs/normalise.sed "$out/$name.md.tmp"); then
		rm "$out/$name.md.tmp"
	else
		mv "$out/$name.md.tmp" "$out/$name.md"
	fi
done
