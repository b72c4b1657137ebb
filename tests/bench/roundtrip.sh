#!/bin/bash
# roundtrip.sh: the round trip of tools/nakedinit-run, for `make bench` (bench.sh puts
# its table in the results): for each architecture of ARCHES, the wall time from the
# command to its exit status, builds cached, of a `true` linked statically and one
# linked dynamically (the host's /bin/true on its architecture, tests/bench/true.c
# built by the cross compiler's defaults on another), and the initrd each packs
# (nakedinit-run -i); where arch/<arch>/bench.mk names a stock kernel and it is
# installed (the host's architecture), the static one on it too. Runs alone too, e.g. ARCHES=x86_64 N=3 tests/bench/roundtrip.sh.
# Output: a Markdown table on stdout; logs and data in $O/bench/roundtrip/.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/lib.sh
. tests/lib.sh
N=${N:-10}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "roundtrip: N=$N: expected a number of runs (1 or more)" >&2; exit 2; }
out=$O/bench/roundtrip
rm -rf "$out"
mkdir -p "$out"
say() { echo "bench: $*" >&2; }
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh

echo "| arch | true | initrd bytes | runs | median ms | min ms |"
echo "|---|---|--:|--:|--:|--:|"
for ARCH in ${ARCHES:-$(m list-arches)}; do
	ARCH=$(m print-var-ARCH)
	export ARCH
	cc=$(m print-var-CC)
	if ! tools/need.sh "for the round-trip bench" "$(libc_dev)" > "$out/$ARCH-build.log" 2>&1 ||
		! m KERNEL_PROFILE=programs kernel launch-prerequisites >> "$out/$ARCH-build.log" 2>&1 ||
		! "$cc" -O2 -static -o "$out/$ARCH-static" tests/bench/true.c >> "$out/$ARCH-build.log" 2>&1; then
		say "$ARCH: NOT MEASURED: the build failed (see $out/$ARCH-build.log)"
		continue
	fi
	dynamic=/bin/true
	if [ "$ARCH" != "$(m print-var-HOST_ARCH)" ]; then
		dynamic=$out/$ARCH-dynamic
		"$cc" -O2 -o "$dynamic" tests/bench/true.c >> "$out/$ARCH-build.log" 2>&1 || continue
	fi
	# The stock kernel on the machine it is made for, as bench.sh boots it: make
	# takes variables from MAKEFLAGS as from its command line.
	kinds=(static dynamic) stock_flags=''
	stock=$(m print-var-BENCH_STOCK_IMAGE)
	stock=$(compgen -G "${stock:-/nonexistent}" | sort -V | tail -n 1 || true)
	if [ -r "$stock" ]; then
		kinds+=(stock)
		for v in QEMU_MACHINE=BENCH_STOCK_MACHINE KERNEL_CMDLINE_ARCH=BENCH_STOCK_CMDLINE_ARCH; do
			value=$(m "print-var-${v#*=}")
			stock_flags+="${v%%=*}=${value// /\\ } "
		done
	fi
	for kind in "${kinds[@]}"; do
		program=$out/$ARCH-static flags='' run=()
		[ "$kind" != dynamic ] || program=$dynamic
		[ "$kind" != stock ] || flags=$stock_flags run=(-k "$stock")
		say "$ARCH: timing $N round trips of tools/nakedinit-run ${run[*]} $program"
		: > "$out/$ARCH-$kind.dat"
		for ((i = 1; i <= N; i++)); do
			start=${EPOCHREALTIME/./}
			if MAKEFLAGS=$flags tools/nakedinit-run "${run[@]}" -i "$out/$ARCH-$kind.cpio" "$program" \
				< /dev/null > "$out/$ARCH-$kind.$i.log" 2>&1; then
				echo "$(((${EPOCHREALTIME/./} - start) / 1000))" >> "$out/$ARCH-$kind.dat"
			else
				say "$ARCH: $kind: run $i FAILED (see $out/$ARCH-$kind.$i.log)"
			fi
		done
		bytes=-
		[ ! -f "$out/$ARCH-$kind.cpio" ] || bytes=$(stat -c %s "$out/$ARCH-$kind.cpio")
		label="$kind (\`${program#"$out/"}\`)"
		[ "$kind" != stock ] || label="static on \`$(basename "$stock")\`"
		echo "| $ARCH | $label | $bytes | $(runs_of "$ARCH-$kind")/$N | $(stat_of "$ARCH-$kind" 1 median) | $(stat_of "$ARCH-$kind" 1 min) |"
	done
done
