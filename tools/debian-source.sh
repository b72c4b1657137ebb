#!/bin/sh
# SPDX-License-Identifier: MIT
# debian-source.sh PACKAGE[=VERSION] DEST_DIR
# Owns DEST_DIR and a private apt setup beside it, DEST_DIR/../apt: Debian's source
# of PACKAGE, unpacked into DEST_DIR with Debian's patches applied, its exact
# version in DEST_DIR/.version. The machine's apt configuration is left alone:
# its sources are read, turned into deb-src ones, and apt-get runs on that copy,
# with package lists and cache of its own, as any user. apt checks the files it
# downloads against the archive's signed Release file.
# Once DEST_DIR/.version is there (and names VERSION, if given), it does nothing.
# Runs for several architectures may start at once: one unpacks, the others wait.
#   tools/debian-source.sh busybox=1:1.35.0-4+deb12u1 build/src/busybox-1.35.0
set -eu
package=$1 dest=$2
want=
case $package in *=*) want=${package#*=} ;; esac

# up_to_date: DEST_DIR holds the source asked for.
up_to_date() { [ -f "$dest/.version" ] && { [ -z "$want" ] || [ "$(cat "$dest/.version")" = "$want" ]; }; }
up_to_date && exit 0

here=$(cd "$(dirname "$0")" && pwd)
"$here/need.sh" "to unpack Debian source packages" dpkg-dev:dpkg-source
apt=$(dirname "$dest")/apt
mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/download"
apt=$(cd "$apt" && pwd)
exec 9> "$apt/lock"
flock 9
up_to_date && exit 0

# The machine's sources, as deb-src: one-line lists ("deb [options] URI ...") and
# deb822 ones ("Types: deb"). Whatever deb-src entries it had stay; duplicates are
# harmless.
sed -n 's/^[[:space:]]*deb\(-src\)\{0,1\}[[:space:]]/deb-src /p' /etc/apt/sources.list > "$apt/sources.list" 2> /dev/null || :
rm -f "$apt/sources.list.d/"*
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	case $f in
	*.list) sed -n 's/^[[:space:]]*deb\(-src\)\{0,1\}[[:space:]]/deb-src /p' "$f" ;;
	*.sources) sed 's/^Types:.*/Types: deb-src/' "$f" ;;
	esac > "$apt/sources.list.d/${f##*/}"
done

# apt-get on the private setup. Sandbox::User: as root, apt would download as the
# user _apt, who may not write into the build directory.
private_apt() {
	apt-get -q -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts="$apt/sources.list.d" \
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
		-o APT::Sandbox::User="$(id -un)" "$@"
}
echo "debian-source: fetching the source of $package (apt-get source)"
private_apt update > "$apt/update.log" 2>&1 || { cat "$apt/update.log" >&2; exit 1; }
rm -rf "$apt/download" && mkdir "$apt/download"
(cd "$apt/download" && private_apt source --download-only "$package") > "$apt/source.log" 2>&1 ||
	{ cat "$apt/source.log" >&2; exit 1; }
dsc=$(ls "$apt/download/"*.dsc)
version=$(sed -n 's/^Version: //p' "$dsc")

# Unpacked aside and moved into place, so that an interrupted run leaves no half tree.
# dpkg-source checks the tarballs against the .dsc; the .dsc's own signature it can
# check only with debian-keyring installed, and warns: apt checked its hash already.
echo "debian-source: unpacking ${dsc##*/} into $dest"
rm -rf "$dest" "$dest.partial"
dpkg-source --no-copy -x "$dsc" "$dest.partial" > "$apt/unpack.log" 2>&1 ||
	{ cat "$apt/unpack.log" >&2; exit 1; }
echo "$version" > "$dest.partial/.version"
mv "$dest.partial" "$dest"
