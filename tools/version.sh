#!/bin/sh
# SPDX-License-Identifier: MIT
# version.sh: nakedinit's version, one line: git's name for the commit in a
# checkout (the latest tag, commits since, -dirty for uncommitted changes), else
# the release's, debian/changelog's first entry (a release's tarball has no .git).
top=$(dirname "$0")/..
git -C "$top" describe --tags --always --dirty 2> /dev/null ||
	sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$top/debian/changelog"
