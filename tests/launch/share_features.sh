#!/bin/bash
# SPDX-License-Identifier: MIT
# share_features.sh DIR COMMAND...: runs COMMAND (share_features, through a runner
# or not) in DIR, a fresh folder, answering its sf.ping (host_sees) meanwhile, then
# prints what the host sees of what it left: host_mmap, host_mode, host_owner,
# host_symlink. E.g.
#   tests/launch/share_features.sh /tmp/x ./share_features . host
#   tests/launch/share_features.sh /tmp/x nakedinit-run -w ./share_features . host
set -u
dir=$1
shift
cd "$dir" || exit 2
rm -f sf.*
(
	for _ in $(seq 300); do
		if [ -e sf.ping ]; then
			echo after >> sf.seen
			: > sf.pong
			break
		fi
		sleep 0.1
	done
) &
watcher=$!
"$@"
status=$?
kill "$watcher" 2> /dev/null
wait "$watcher" 2> /dev/null
if [ "$(head -c 13 sf.mmap 2> /dev/null)" = "mapped bytes" ]; then
	echo "host_mmap: ok"
else
	echo "host_mmap: FAIL $(head -c 13 sf.mmap 2> /dev/null | od -An -c | head -1)"
fi
echo "host_mode: $(stat -c %a sf.mode 2> /dev/null || echo none)"
echo "host_owner: $(stat -c %u:%g sf.owned 2> /dev/null || echo none) (runner $(id -u):$(id -g))"
echo "host_symlink: $(readlink sf.link 2> /dev/null || echo none)"
rm -rf sf.*
exit $status
