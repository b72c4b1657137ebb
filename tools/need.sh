#!/bin/sh
# SPDX-License-Identifier: MIT
# need.sh WHY PACKAGE:PROBE...
# Installs the Debian packages whose PROBE is missing, saying what and why.
# PROBE is a command name, or an absolute path (a glob is fine) the package provides.
#   tools/need.sh "to compress the initrd" gzip:gzip lz4:lz4 xz-utils:/usr/bin/xz
set -eu
why=$1
shift
missing=
for item in "$@"; do
	package=${item%%:*} probe=${item#*:}
	case $probe in
	/*) for path in $probe; do [ -e "$path" ] && continue 2; done ;;
	*) command -v "$probe" >/dev/null 2>&1 && continue ;;
	esac
	case " $missing " in *" $package "*) ;; *) missing="$missing $package" ;; esac
done
[ -z "$missing" ] && exit 0

echo "need:$missing: missing, needed $why; installing with apt-get" >&2
if ! command -v apt-get >/dev/null 2>&1; then
	echo "need: no apt-get here: install$missing yourself" >&2
	exit 1
fi
sudo=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "need: not root and no sudo: install$missing as root" >&2; exit 1; }
	sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# Another install (a parallel make, make check's architectures side by side) may be
# under way: one at a time, since apt-get update's lock is not waited for as dpkg's is.
exec 9> "${TMPDIR:-/tmp}/nakedinit-need.lock"
flock 9
apt() { $sudo apt-get -o DPkg::Lock::Timeout=600 "$@"; }
# A fresh machine has no package lists yet; an old list may name files no longer there.
# shellcheck disable=SC2086
if ! apt install -y -q --no-install-recommends $missing >/dev/null 2>&1; then
	apt update -q >/dev/null
	apt install -y -q --no-install-recommends $missing >/dev/null
fi
echo "need:$missing: installed" >&2
