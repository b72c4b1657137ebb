#!/bin/bash
# SPDX-License-Identifier: MIT
# bench.sh: what `make bench` runs. For each architecture of ARCHES, in one run on
# this machine: the programs' sizes against the same programs built with C
# libraries; boot times against the architecture's floor (QEMU and firmware alone,
# arch/<arch>/floor.S) and, where it names one, a stock kernel; where the boot time
# goes; the kernel's and initrd's sizes and the kernel's build time; every goal with
# PASS or MISS. It writes figures only: docs/benchmarks.md explains them.
#
# Everything that differs per architecture comes from make (arch/<arch>/bench.mk,
# arch.mk, qemu.mk), the size goals from tests/tests.mk (SIZE_GOALS), the programs
# from the Makefile. Output: the tables (Markdown) on stdout and in
# $O/bench/results.md, charts in $O/bench/*.svg (tests/bench/charts.sh), logs and
# data beside them. A MISS is a finding: the exit status is 1 only when something
# could not be measured at all.
#
# Environment: O, ARCHES, MAKE (tests/lib.sh); N, boots per measurement (default
# 10); BENCH_CLEAN_KERNEL=1 also times a clean kernel build per architecture, in a
# scratch build directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/lib.sh
. tests/lib.sh
N=${N:-10}
BENCH_CLEAN_KERNEL=${BENCH_CLEAN_KERNEL:-0}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "bench: N=$N: expected a number of runs (1 or more)" >&2; exit 2; }
ARCHES=${ARCHES:-$(m list-arches)}
out=$O/bench
mkdir -p "$out"
rm -f "$out"/*.log "$out"/*.dat "$out"/*.lines
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh
NEED=tools/need.sh
N_STOCK=$((N < 5 ? N : 5))	# a stock kernel boots many times slower
N_BASELINE=$((N < 3 ? N : 3))	# each C library's build of the booted program
N_ROUNDTRIP=$((N < 5 ? N : 5))	# tools/nakedinit-run: a round trip each
N_SUITE=$((N < 3 ? N : 3))	# a test suite (tests/bench/suite.sh): a whole ctest run each
# Goal: nakedinit-run's own part of a round trip (all but QEMU's run), the same on
# every architecture.
BENCH_HOST_SIDE_GOAL_MS=5
# Goals: hosting a static program costs at most a quarter more than the demo's boot;
# a dynamically linked one at most this much more than a static one; a suite of small
# tests through nakedinit-run at most this many times its time under qemu-user.
BENCH_ROUNDTRIP_GOAL=1.25
BENCH_DYNAMIC_EXTRA_GOAL_MS=100
BENCH_SUITE_GOAL=5
# Goals of a kept guest (README, "Kept guests"): the suite at most this many times
# qemu-user's time, and a static true.
BENCH_KEPT_SUITE_GOAL=1.5
BENCH_KEPT_TRUE_GOAL=3
unmeasured=()	# what could not be measured at all: makes the exit status 1

say() { echo "bench: $*" >&2; }
lost() { say "NOT MEASURED: $*"; unmeasured+=("$*"); }

# --- what make knows ------------------------------------------------------------

declare -A var
# read_vars ARCH NAME...: var[ARCH.NAME] = the make variable NAME's value for ARCH.
read_vars() {
	local a=$1 values name i=0
	shift
	mapfile -t values < <(ARCH=$a m -j1 "${@/#/print-var-}")
	[ ${#values[@]} -eq $# ] || { say "make could not tell the variables for ARCH=$a"; exit 2; }
	for name; do
		var[$a.$name]=${values[i]}
		i=$((i + 1))
	done
}
arches=()	# as the Makefile names them (ARCHES may hold aliases)
for a in $ARCHES; do arches+=("$(ARCH=$a m print-var-ARCH)"); done
read_vars "${arches[0]}" PROGRAMS PROGRAM SIZE_GOALS HOST_ARCH LIB_SOURCES IMAGE_SIZE_GOAL
any=${arches[0]}
read -ra programs <<< "${var[$any.PROGRAMS]}"
booted=${var[$any.PROGRAM]}	# the program a boot boots unless told otherwise
host_arch=${var[$any.HOST_ARCH]}
read -ra lib_sources <<< "${var[$any.LIB_SOURCES]}"
declare -A size_goal	# size_goal[program] = bytes, PERCENT%LIBC or -
for goal in ${var[$any.SIZE_GOALS]}; do size_goal[${goal%%=*}]=${goal#*=}; done
read_vars "$any" "${programs[@]/#/HARNESS_ARGS.}"

# expect_of PROGRAM: the console line (extended regex) that shows PROGRAM did its
# work, as the harness judges: its -pass regex, else the result line "exit 0".
expect_of() {
	local args=() i
	eval "args=(${var[$any.HARNESS_ARGS.$1]})"
	for i in "${!args[@]}"; do
		[ "${args[$i]}" = -pass ] && { echo "${args[i + 1]#^}"; return; }
	done
	echo 'nakedinit: exit 0$'
}

arch_names=(CC CROSS_COMPILE TRIPLE ARCH_CFLAGS DEBIAN_ARCH QEMU_SYSTEM QEMU_PACKAGE ACCEL
	BUILT_KERNEL KERNEL_IMAGE KBUILD FLOOR INITRD_EXT IMAGE_FILE IMAGE_KERNEL_IMAGE BENCH_BOOT_GOAL_MS BENCH_LIBCS
	BENCH_STOCK_PACKAGE BENCH_STOCK_IMAGE BENCH_STOCK_MACHINE BENCH_STOCK_CMDLINE_ARCH
	BENCH_STOCK_DISK_DEVICE BENCH_STOCK_SPEEDUP_GOAL)
declare -A libcs	# libcs[arch] = the C libraries its baselines are built with here
all_libcs=()	# every C library of any architecture, in order of first mention
for a in "${arches[@]}"; do
	read_vars "$a" "${arch_names[@]}"
	libcs[$a]=
	for libc in ${var[$a.BENCH_LIBCS]}; do
		[[ " ${all_libcs[*]} " == *" $libc "* ]] || all_libcs+=("$libc")
		# musl-gcc wraps the host's gcc: Debian has no cross musl.
		[ "$libc" = musl ] && [ "$a" != "$host_arch" ] && continue
		libcs[$a]+=" $libc"
	done
done

# --- what the bench itself needs -------------------------------------------------

$NEED "to draw the benchmark charts" gnuplot-nox:gnuplot
for a in "${arches[@]}"; do
	for libc in ${libcs[$a]}; do
		case $libc in
		glibc)
			if [ "$a" = "$host_arch" ]; then
				$NEED "for the $a glibc baselines" "libc6-dev:/usr/lib/${var[$a.TRIPLE]}/libc.a"
			else
				$NEED "for the $a glibc baselines" \
					"libc6-dev-${var[$a.DEBIAN_ARCH]}-cross:/usr/${var[$a.TRIPLE]}/lib/libc.a"
			fi ;;
		musl) $NEED "for the $a musl baselines" musl-tools:musl-gcc ;;
		esac
	done
done

# --- build what is measured ------------------------------------------------------

built=()
for a in "${arches[@]}"; do
	say "building $a: programs, initrds, kernel (cached), test disk, floor guest"
	if ARCH=$a m all kernel disk "${var[$a.FLOOR]}" > "$out/build-$a.log" 2>&1; then
		built+=("$a")
	else
		tail -n 20 "$out/build-$a.log" >&2
		lost "$a: the build failed (see $out/build-$a.log)"
	fi
done

# The image: the kernel with the booted program built in (kernel/image.mk).
imaged=()
for a in "${built[@]}"; do
	say "building $a: the image (make image; relinks the demo's kernel)"
	if ARCH=$a m image > "$out/image-$a.log" 2>&1; then
		imaged+=("$a")
	else
		lost "$a: make image failed (see $out/image-$a.log)"
	fi
done

# The kernel source's nolibc, from the tree the kernel was built from.
nolibc=
for d in ${KERNEL_SRC:+"$KERNEL_SRC"} $(ls -dv "$O"/src/linux-source-* 2>/dev/null | tac); do
	[ -f "$d/tools/include/nolibc/nolibc.h" ] && { nolibc=$d/tools/include/nolibc; break; }
done

# --- the baselines: our programs as ordinary C programs -------------------------

# The smallest flags found for a static program, for every C library, as ours
# (Makefile: PROGRAM_CFLAGS), plus the architecture's ARCH_CFLAGS; then strip -s.
# shellcheck disable=SC2054  # the commas belong to -Wl, options
BASE_CFLAGS=(-std=gnu11 -Oz -flto -static -Wall -Wextra -fno-pie -no-pie -fno-stack-protector
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident
	-ffunction-sections -fdata-sections -Wl,--gc-sections -Wl,--build-id=none
	-Wl,-z,norelro -Wl,-z,noseparate-code -Isrc -Itests/bench/baselines)
declare -A size	# size[arch.program.libc] = bytes ("ours": as built)
baselined=()	# the programs that have a baseline source
for p in "${programs[@]}"; do
	[ -f "tests/bench/baselines/$p.c" ] && baselined+=("$p")
done

# baseline ARCH LIBC PROGRAM: builds $O/ARCH/baselines/PROGRAM-LIBC and its initrd,
# records its size. Its source links src/lib/ as ours does.
baseline() {
	local a=$1 libc=$2 p=$3 cc=${var[$1.CC]} strip=${var[$1.CROSS_COMPILE]}strip
	local exe=$O/$1/baselines/$3-$2 flags=() log=$out/baselines-$1.log
	case $libc in
	glibc) ;;
	musl) cc=musl-gcc strip=strip ;;
	# nolibc's _start calls main from assembly, which link-time optimisation cannot see.
	nolibc) flags=(-nostdlib -DBASELINE_NOLIBC -I"$nolibc" "-Wl,-u,main") ;;
	*) lost "$a: BENCH_LIBCS names $libc, which bench.sh cannot build with"; return ;;
	esac
	# shellcheck disable=SC2206 # the flags are words
	flags+=(${var[$a.ARCH_CFLAGS]})
	mkdir -p "$(dirname "$exe")"
	if "$cc" "${BASE_CFLAGS[@]}" "${flags[@]}" -DNAKEDINIT_ARCH="\"$a\"" -o "$exe" \
		"tests/bench/baselines/$p.c" "${lib_sources[@]}" -lgcc >> "$log" 2>&1 &&
		"$strip" -s "$exe" 2>> "$log" &&
		ARCH=$a m "$exe.cpio${var[$a.INITRD_EXT]}" >> "$log" 2>&1; then
		size[$a.$p.$libc]=$(stat -c %s "$exe")
	else
		lost "$a: $p with $libc did not build (see $log)"
	fi
}

for a in "${built[@]}"; do
	: > "$out/baselines-$a.log"
	for p in "${programs[@]}"; do
		size[$a.$p.ours]=$(stat -c %s "$O/$a/$p")
	done
	for p in "${baselined[@]}"; do
		for libc in ${libcs[$a]}; do
			if [ "$libc" = nolibc ] && [ -z "$nolibc" ]; then
				lost "$a: $p with nolibc: no tools/include/nolibc in the kernel source (KERNEL_SRC or $O/src)"
				continue
			fi
			baseline "$a" "$libc" "$p"
		done
	done
done

# --- boot timing -----------------------------------------------------------------

# Wall-clock boot times mean little on a busy machine: say how busy it was.
load_before=$(cut -d' ' -f1 /proc/loadavg)
awk -v l="$load_before" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }' &&
	say "warning: the machine is busy (load average $load_before on $(nproc) CPUs): boot times will be inflated"

# console_lines NAME: the program's own lines of run 1 of NAME, into NAME.lines.
console_lines() { grep -o 'nakedinit: .*' "$out/$1.1.log" > "$out/$1.lines" 2>/dev/null || true; }

declare -A same_output	# same_output[arch.program.libc] = yes|differs|crashed
declare -A stock_kernel stock_result
# qemu_cmd MAKE-VARIABLES...: the QEMU command `make boot` runs for $a, with those.
qemu_cmd() { ARCH=$a m print-qemu-cmd "$@"; }
for a in "${built[@]}"; do
	$NEED "to boot the $a guest" "${var[$a.QEMU_PACKAGE]}:${var[$a.QEMU_SYSTEM]}"
	# The floor and our boot in turns, so that a change in the machine's load hits
	# both alike.
	say "$a: timing $N boots each of the floor guest and of our kernel + $booted, in turns"
	floor_cmd=$(qemu_cmd KERNEL="${var[$a.FLOOR]}") ours_cmd=$(qemu_cmd) expect=$(expect_of "$booted")
	: > "$out/$a-floor.dat"; : > "$out/$a-$booted-ours.dat"
	for ((i = 1; i <= N; i++)); do
		timed_run "$a-floor" "$i" "" "$floor_cmd" || true
		timed_run "$a-$booted-ours" "$i" "$expect" "$ours_cmd" || true
	done
	say "$a: the floor: $(runs_of "$a-floor") of $N runs ended cleanly; ours: $(runs_of "$a-$booted-ours") of $N passed"
	if [[ " ${imaged[*]} " == *" $a "* ]]; then
		say "$a: timing $N boots of the image (make run IMAGE=1)"
		timed "$a-image" "$N" "$expect" "$(qemu_cmd IMAGE=1)"
		[ "$(runs_of "$a-image")" -gt 0 ] || lost "$a: no boot of the image passed (see $out/$a-image.*.log)"
	fi
	[ "$(runs_of "$a-floor")" -gt 0 ] || lost "$a: no boot of the floor guest ended cleanly (see $out/$a-floor.*.log)"
	[ "$(runs_of "$a-$booted-ours")" -gt 0 ] || lost "$a: no boot of our kernel passed (see $out/$a-$booted-ours.*.log)"

	# Each baseline as /init on our kernel: the same console lines as ours?
	for p in "${baselined[@]}"; do
		runs=1
		[ "$p" = "$booted" ] && runs=$N_BASELINE
		[ "$p" = "$booted" ] || timed "$a-$p-ours" 1 "$(expect_of "$p")" "$(qemu_cmd PROGRAM="$p")"
		console_lines "$a-$p-ours"
		for libc in ${libcs[$a]}; do
			[ -n "${size[$a.$p.$libc]:-}" ] || continue
			say "$a: booting $p built with $libc, $runs run(s)"
			run=$a-$p-$libc
			timed "$run" "$runs" "$(expect_of "$p")" \
				"$(qemu_cmd INITRD="$O/$a/baselines/$p-$libc.cpio${var[$a.INITRD_EXT]}")"
			console_lines "$run"
			if [ -s "$out/$run.lines" ] && cmp -s "$out/$run.lines" "$out/$a-$p-ours.lines"; then
				same_output[$a.$p.$libc]=yes
			elif grep -q 'Attempted to kill init' "$out/$run.1.log"; then
				same_output[$a.$p.$libc]=crashed
				say "$a: $p with $libc crashed on our kernel (see $out/$run.1.log)"
			else
				same_output[$a.$p.$libc]=differs
				say "$a: $p with $libc printed other lines than ours (see $out/$run.1.log)"
			fi
		done
	done

	# A stock kernel, booting our initrd on its usual machine. Its package installs
	# into the host's /boot: only for the host's architecture.
	package=${var[$a.BENCH_STOCK_PACKAGE]}
	if [ -n "$package" ] && [ "$a" = "$host_arch" ]; then
		$NEED "for the stock-kernel comparison" "$package:${var[$a.BENCH_STOCK_IMAGE]}"
		image=$(compgen -G "${var[$a.BENCH_STOCK_IMAGE]}" | sort -V | tail -n 1 || true)
		if [ -r "$image" ]; then
			stock_kernel[$a]=$image
			say "$a: timing $N_STOCK boots of $image (${var[$a.BENCH_STOCK_MACHINE]})"
			# It may lack what our init reads (a disk driver built as a module, not in
			# our initrd): any result line completes the boot.
			timed "$a-stock" "$N_STOCK" 'nakedinit: exit [0-9]+$' \
				"$(qemu_cmd KERNEL="$image" QEMU_MACHINE="${var[$a.BENCH_STOCK_MACHINE]}" \
					KERNEL_CMDLINE_ARCH="${var[$a.BENCH_STOCK_CMDLINE_ARCH]}" \
					QEMU_DISK_DEVICE="${var[$a.BENCH_STOCK_DISK_DEVICE]}")"
			stock_result[$a]=$(grep -o 'nakedinit: exit [0-9]*' "$out/$a-stock.1.log" 2>/dev/null | head -n 1 || true)
			[ "$(runs_of "$a-stock")" -gt 0 ] || lost "$a: no boot of the stock kernel completed (see $out/$a-stock.*.log)"
		else
			lost "$a: the stock kernel ${image:-${var[$a.BENCH_STOCK_IMAGE]}} is not readable"
		fi
	fi
done
# The round trip of tools/nakedinit-run, a static and a dynamically linked `true`.
ARCHES="${built[*]}" N=$N_ROUNDTRIP tests/bench/roundtrip.sh > "$out/roundtrip.md" ||
	lost "the round trips of tools/nakedinit-run (see $out/roundtrip/)"
# Where a round trip's time goes, with the kernel's messages (roundtrip.sh's programs).
ARCHES="${built[*]}" N=$N_ROUNDTRIP tests/bench/breakdown.sh > "$out/breakdown.md" ||
	lost "the breakdown of the round trips (see $out/breakdown/)"
# A project's test suite through it, against qemu-user; shared folders' read rates.
ARCHES="${built[*]}" N=$N_SUITE tests/bench/suite.sh > "$out/suite.md" ||
	lost "the test suite and the shared folders (see $out/suite/)"
# The launcher beside Debian's static PID 1s for containers (for the host only).
declare -A pid1_size
for tool in tini:/usr/bin/tini-static catatonit:/usr/bin/catatonit; do
	$NEED "to compare the launcher's size" "${tool%%:*}:${tool#*:}" &&
		pid1_size[$tool]=$(stat -c %s "${tool#*:}")
done
load_after=$(cut -d' ' -f1 /proc/loadavg)

# --- kernel figures --------------------------------------------------------------

declare -A kbuild
for a in "${built[@]}"; do
	kbuild[$a]="unknown (no build-seconds)"
	if read -r secs kind < "${var[$a.KBUILD]}/build-seconds"; then
		kbuild[$a]="$secs s ($kind)"
	fi 2> /dev/null
	if [ "$BENCH_CLEAN_KERNEL" = 1 ]; then
		scratch=$out/clean-kernel
		tree=${nolibc%/tools/include/nolibc}
		say "$a: timing a clean kernel build in $scratch (minutes)"
		rm -rf "$scratch"
		if O=$scratch ARCH=$a m KERNEL_SRC="$tree" kernel > "$out/clean-kernel-$a.log" 2>&1 &&
			read -r secs kind < "$(O=$scratch ARCH=$a m print-var-KBUILD)/build-seconds"; then
			kbuild[$a]="$secs s (clean, this run)"
		else
			lost "$a: the clean kernel build failed (see $out/clean-kernel-$a.log)"
		fi
		rm -rf "$scratch"
	fi
done

# --- the tables ------------------------------------------------------------------

# calc EXPRESSION NUMBER...: the awk EXPRESSION of the numbers, a[1], a[2], ...,
# printed as %.1f; "-" if one is unknown.
calc() {
	local expr=$1 x
	shift
	for x; do [[ $x =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo -; return; }; done
	awk -v args="$*" 'BEGIN { split(args, a, " "); printf "%.1f\n", '"$expr"' }'
}
times_floor() { local r; r=$(calc 'a[1] / a[2]' "$1" "$2"); [ "$r" = - ] && echo - || echo "$r×"; }

goal_rows=() passed=0 missed=0 open=0
# goal ARCH WHAT MEASURED PASS|MISS|-: one row of the goals table.
goal() {
	local verdict=$4
	case $verdict in
	PASS) passed=$((passed + 1)) ;;
	MISS) missed=$((missed + 1)) ;;
	*) verdict="not measured"; open=$((open + 1)) ;;
	esac
	goal_rows+=("| $1 | $2 | $3 | $verdict |")
}
# at_most X LIMIT: PASS if X <= LIMIT, MISS if not, - if either is unknown.
at_most() { awk -v x="$1" -v l="$2" 'BEGIN { if (x == "-" || l == "-" || x == "" || l == "") print "-"; else print (x + 0 <= l + 0) ? "PASS" : "MISS" }'; }

for a in "${built[@]}"; do
	med=$(stat_of "$a-$booted-ours" 1 median)
	floor=$(stat_of "$a-floor" 1 median)
	g=${var[$a.BENCH_BOOT_GOAL_MS]}
	[ -z "$g" ] || goal "$a" "boot ($booted), median ≤ $g ms" "$med ms, $(times_floor "$med" "$floor") floor" "$(at_most "$med" "$g")"
	g=${var[$a.BENCH_STOCK_SPEEDUP_GOAL]}
	if [ -n "${var[$a.BENCH_STOCK_PACKAGE]}" ] && [ -n "$g" ]; then
		smed=$(stat_of "$a-stock" 1 median)
		speedup=$(calc 'a[1] / a[2]' "$smed" "$med")
		goal "$a" "boot ≥ $g× faster than \`${var[$a.BENCH_STOCK_PACKAGE]}\`" \
			"$speedup× ($med vs $smed ms)" "$(at_most "$g" "$speedup")"
	fi
	run=$(stat_of "roundtrip/$a-static" 1 median)
	goal "$a" "nakedinit-run, static true, ≤ $BENCH_ROUNDTRIP_GOAL× the boot ($booted)" \
		"$run ms = $(calc 'a[1] / a[2]' "$run" "$med")× $med ms" \
		"$(at_most "$run" "$(calc "$BENCH_ROUNDTRIP_GOAL * a[1]" "$med")")"
	dynamic=$(stat_of "roundtrip/$a-dynamic" 1 median)
	goal "$a" "nakedinit-run, dynamic true, ≤ static + $BENCH_DYNAMIC_EXTRA_GOAL_MS ms" \
		"$dynamic ms against $run ms" "$(at_most "$dynamic" "$(calc "a[1] + $BENCH_DYNAMIC_EXTRA_GOAL_MS" "$run")")"
	ours=$(stat_of "suite/$a-nakedinit-run" 1 median) theirs=$(stat_of "suite/$a-qemu-user" 1 median)
	goal "$a" "a suite of 20 tests (ctest -j2) through nakedinit-run ≤ $BENCH_SUITE_GOAL× qemu-user" \
		"$ours ms = $(calc 'a[1] / a[2]' "$ours" "$theirs")× $theirs ms" \
		"$(at_most "$ours" "$(calc "$BENCH_SUITE_GOAL * a[1]" "$theirs")")"
	kept=$(stat_of "suite/$a-kept" 1 median)
	goal "$a" "the same suite in a kept guest ≤ $BENCH_KEPT_SUITE_GOAL× qemu-user" \
		"$kept ms = $(calc 'a[1] / a[2]' "$kept" "$theirs")× $theirs ms" \
		"$(at_most "$kept" "$(calc "$BENCH_KEPT_SUITE_GOAL * a[1]" "$theirs")")"
	fixed=$(stat_of "suite/$a-kept-fixed" 1 median)
	goal "$a" "the same suite in a kept guest, --no-randomize, ≤ $BENCH_KEPT_SUITE_GOAL× qemu-user" \
		"$fixed ms = $(calc 'a[1] / a[2]' "$fixed" "$theirs")× $theirs ms" \
		"$(at_most "$fixed" "$(calc "$BENCH_KEPT_SUITE_GOAL * a[1]" "$theirs")")"
	ours=$(stat_of "suite/$a-true-kept" 1 median) theirs=$(stat_of "suite/$a-true-qemu-user" 1 median)
	goal "$a" "a static true in a kept guest ≤ $BENCH_KEPT_TRUE_GOAL× qemu-user" \
		"$ours ms = $(calc 'a[1] / a[2]' "$ours" "$theirs")× $theirs ms" \
		"$(at_most "$ours" "$(calc "$BENCH_KEPT_TRUE_GOAL * a[1]" "$theirs")")"
	host_side=$(stat_of "roundtrip/$a-static" 2 median)
	goal "$a" "nakedinit-run's host side (all but QEMU's run), static true, ≤ $BENCH_HOST_SIDE_GOAL_MS ms" \
		"$host_side ms of $run ms (the shell starting a static true here: $(stat_of roundtrip/floor 1 median) ms)" \
		"$(at_most "$host_side" "$BENCH_HOST_SIDE_GOAL_MS")"
	if [[ " ${imaged[*]} " == *" $a "* ]]; then
		s=$(stat -c %s "${var[$a.IMAGE_FILE]}") g=${var[$any.IMAGE_SIZE_GOAL]}
		goal "$a" "image (kernel and $booted in one file) ≤ $((g / 1024)) KiB" \
			"$s B = $(calc '100 * a[1] / a[2]' "$s" "$g")% of the goal" "$(at_most "$s" "$g")"
	fi
	for p in "${programs[@]}"; do
		s=${size[$a.$p.ours]} g=${size_goal[$p]:--}
		case $g in
		-) ;;
		*%*)
			pct=${g%%%*} libc=${g#*%} base=${size[$a.$p.${g#*%}]:--}
			goal "$a" "$p ≤ $pct% of its $libc build" "$s B = $(calc '100 * a[1] / a[2]' "$s" "$base")% of $base B" \
				"$(at_most "$s" "$(calc 'a[1] * a[2] / 100' "$base" "$pct")")" ;;
		*) goal "$a" "$p ≤ $g B" "$s B" "$(at_most "$s" "$g")" ;;
		esac
	done
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
if grep -qw hypervisor /proc/cpuinfo; then virt="a virtual machine"; else virt="bare metal"; fi
qemu_version=$("${var[${built[0]:-$any}.QEMU_SYSTEM]}" --version 2>/dev/null | head -n 1 | sed 's/QEMU emulator version //' || true)
accels=$(for a in "${built[@]}"; do echo "${var[$a.ACCEL]}"; done | sort -u | tr '\n' ' ')
or_dash() { echo "${1:--}"; }
row_libcs() { local l; for l in "${all_libcs[@]}"; do printf ' %s |' "$l"; done; }
row_rules() { printf -- '--:|%.0s' "${all_libcs[@]}"; }
{
echo "## nakedinit benchmark"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), on $cpu, $(nproc) CPUs, $mem RAM ($virt), $(. /etc/os-release && echo "$PRETTY_NAME"),"
echo "host kernel $(uname -r), QEMU $qemu_version (accelerator: ${accels% }), $(gcc --version | head -n 1);"
echo "load average $load_before before the boots, $load_after after. Runs: N=$N (C library builds: $N_BASELINE, stock kernel: $N_STOCK, round trips: $N_ROUNDTRIP)."
echo
echo "### Goals"
echo
echo "| arch | goal | measured | |"
echo "|---|---|---|---|"
printf '%s\n' "${goal_rows[@]}"
echo
echo "$passed PASS, $missed MISS$([ "$open" = 0 ] || echo ", $open not measured")."
echo
echo "### Floor: QEMU and firmware alone (ms)"
echo
echo "| arch | runs | median | min | QEMU CPU time |"
echo "|---|--:|--:|--:|--:|"
for a in "${built[@]}"; do
	echo "| $a | $(runs_of "$a-floor")/$N | $(stat_of "$a-floor" 1 median) | $(stat_of "$a-floor" 1 min) | $(stat_of "$a-floor" 6 median) |"
done
echo
echo "### Program size (bytes)"
echo
echo "| arch | program | nakedinit |$(row_libcs)"
echo "|---|---|--:|$(row_rules)"
for a in "${built[@]}"; do
	for p in "${programs[@]}"; do
		cells=
		for libc in "${all_libcs[@]}"; do
			v=${size[$a.$p.$libc]:-}
			case ${v:+${same_output[$a.$p.$libc]:-}} in
			differs) v="$v (output differs)" ;;
			crashed) v="$v (crashed)" ;;
			esac
			cells+=" $(or_dash "$v") |"
		done
		echo "| $a | $p | ${size[$a.$p.ours]} |$cells"
	done
done
same=0 differ=0 crashed=0
for v in "${same_output[@]}"; do
	case $v in yes) same=$((same + 1)) ;; crashed) crashed=$((crashed + 1)) ;; *) differ=$((differ + 1)) ;; esac
done
echo
echo "Booted as /init on our kernel, $same C library builds printed our lines$([ "$differ" = 0 ] || echo ", $differ did not")$([ "$crashed" = 0 ] || echo ", $crashed crashed")."
echo
echo "### Boot time (ms)"
echo
echo "| arch | kernel + init | runs | median | min | median / floor | kernel's time at \`Run /init\` (s) | QEMU CPU time |"
echo "|---|---|--:|--:|--:|--:|--:|--:|"
for a in "${built[@]}"; do
	floor=$(stat_of "$a-floor" 1 median)
	rows=("$a-$booted-ours|ours|$N")
	for libc in ${libcs[$a]}; do rows+=("$a-$booted-$libc|our kernel, $booted with $libc|$N_BASELINE"); done
	[ -z "${stock_kernel[$a]:-}" ] ||
		rows+=("$a-stock|\`$(basename "${stock_kernel[$a]}")\` on \`${var[$a.BENCH_STOCK_MACHINE]}\`, our $booted ($(or_dash "${stock_result[$a]#nakedinit: }"))|$N_STOCK")
	for row in "${rows[@]}"; do
		IFS='|' read -r run label runs <<< "$row"
		[ -f "$out/$run.dat" ] || continue
		med=$(stat_of "$run" 1 median)
		echo "| $a | $label | $(runs_of "$run")/$runs | $med | $(stat_of "$run" 1 min) | $(times_floor "$med" "$floor") | $(stat_of "$run" 5 median) | $(stat_of "$run" 6 median) |"
	done
done
echo
echo "QEMU launch to exit; runs: those that passed, of those made; median / floor: over this architecture's floor median."
echo
echo "### Round trip of tools/nakedinit-run (ms)"
echo
cat "$out/roundtrip.md"
echo
echo "From the command to its exit status, builds cached ($N_ROUNDTRIP runs): make's checks, the libraries found, the initrd packed, the saved guest restored (a warm start, the default) or the boot (--cold), the program, the power-off."
echo
echo "### A test suite, and shared folders"
echo
cat "$out/suite.md"
echo
echo "tests/projects/cmake's 20 tests under \`ctest -j2\`, its emulator nakedinit-run -w or qemu-user ($N_SUITE runs each, alternating); ratio: nakedinit-run's over qemu-user's. A program reading a read-only share (-v, 9p) under TCG: one 50 MB file, 1,000 files of 1 KiB."
echo
echo "### Where the boot time goes (ms, medians)"
echo
echo "| arch | kernel | QEMU start + firmware | kernel to \`Run /init\` | init to QEMU exit | total | floor |"
echo "|---|---|--:|--:|--:|--:|--:|"
for a in "${built[@]}"; do
	# (The floor is our machine's: none is measured for the stock kernel's.)
	for row in "$a-$booted-ours|ours|$(stat_of "$a-floor" 1 median)" "$a-stock|stock|-"; do
		IFS='|' read -r run label floor <<< "$row"
		[ -f "$out/$run.dat" ] || continue
		echo "| $a | $label | $(stat_of "$run" 2 median) | $(stat_of "$run" 3 median) | $(stat_of "$run" 4 median) | $(stat_of "$run" 1 median) | $floor |"
	done
done
echo
echo "### Where a cold round trip's time goes (ms, medians)"
echo
cat "$out/breakdown.md"
echo
echo "tools/nakedinit-run --cold with --append=loglevel=7 -V ($N_ROUNDTRIP runs), each console line stamped as it arrives (tests/bench/breakdown.sh): the programs' kernel, beside the demo's boot above. The kernel's messages cost a little themselves."
echo
echo "Launcher size: $(for a in "${built[@]}"; do printf '%s %s B; ' "$a" "${size[$a.launch.ours]:--}"; done)Debian's $host_arch \`tini-static\` $(or_dash "${pid1_size[tini:/usr/bin/tini-static]:-}") B, \`catatonit\` $(or_dash "${pid1_size[catatonit:/usr/bin/catatonit]:-}") B."
echo
echo "### Kernel and initrd"
echo
echo "| arch | kernel image | bytes | initrd ($booted) bytes | kernel build time |"
echo "|---|---|--:|--:|---|"
for a in "${built[@]}"; do
	echo "| $a | \`${var[$a.KERNEL_IMAGE]}\` | $(stat -c %s "${var[$a.BUILT_KERNEL]}") | $(stat -c %s "$O/$a/$booted.cpio${var[$a.INITRD_EXT]}") | ${kbuild[$a]} |"
done
echo
echo "### One image: the kernel with $booted built in (make image)"
echo
echo "| arch | image | bytes | kernel + initrd it replaces, bytes | boot runs | median (ms) | kernel + initrd median (ms) |"
echo "|---|---|--:|--:|--:|--:|--:|"
for a in "${imaged[@]}"; do
	pair=$(( $(stat -c %s "${var[$a.BUILT_KERNEL]}") + $(stat -c %s "$O/$a/$booted.cpio${var[$a.INITRD_EXT]}") ))
	echo "| $a | \`${var[$a.IMAGE_KERNEL_IMAGE]}\` | $(stat -c %s "${var[$a.IMAGE_FILE]}") | $pair | $(runs_of "$a-image")/$N | $(stat_of "$a-image" 1 median) | $(stat_of "$a-$booted-ours" 1 median) |"
done
} > "$out/results.md"

# --- the charts --------------------------------------------------------------------

# Boot time: one group of bars per architecture (the floor, ours, our kernel with
# each C library's build, the stock kernel), the goal as a dashed line.
series=(floor ours "${all_libcs[@]}" stock)
: > "$out/boot-series.dat"
for i in "${!series[@]}"; do
	case ${series[$i]} in
	floor) title="floor: QEMU and firmware alone" ;;
	ours) title="nakedinit: our kernel and $booted" ;;
	stock) title="stock kernel on its usual machine, our $booted" ;;
	*) title="our kernel, $booted built with ${series[$i]}" ;;
	esac
	echo "$((i + 1)) $title" >> "$out/boot-series.dat"
done
x=0
: > "$out/boot-bars.dat"; : > "$out/boot-goals.dat"; : > "$out/boot-groups.dat"
for a in "${built[@]}"; do
	first=$((x + 1))
	for i in "${!series[@]}"; do
		case ${series[$i]} in
		floor|stock) run=$a-${series[$i]} ;;
		*) run=$a-$booted-${series[$i]} ;;
		esac
		[ -s "$out/$run.dat" ] || continue
		x=$((x + 1))
		echo "$x $(stat_of "$run" 1 median) $((i + 1))" >> "$out/boot-bars.dat"
	done
	[ "$x" -ge "$first" ] || continue
	echo "$((first - 1)).5 $(or_dash "${var[$a.BENCH_BOOT_GOAL_MS]}") $((x - first + 1))" >> "$out/boot-goals.dat"
	echo "$(awk -v f="$first" -v l="$x" 'BEGIN { print (f + l) / 2 }') $a" >> "$out/boot-groups.dat"
	x=$((x + 1))	# a gap between groups
done
: > "$out/phases.dat"
for a in "${built[@]}"; do
	run=$a-$booted-ours
	[ -s "$out/$run.dat" ] || continue
	echo "$a $(stat_of "$run" 2 median) $(stat_of "$run" 3 median) $(stat_of "$run" 4 median) $(stat_of "$run" 1 median) $(stat_of "$a-floor" 1 median)" >> "$out/phases.dat"
done

charts=
if [ -s "$out/boot-bars.dat" ] && tests/bench/charts.sh "$out" 2> "$out/gnuplot.log"; then
	charts="$out/bench-boot.svg $out/bench-phases.svg"
else
	[ -s "$out/gnuplot.log" ] && cat "$out/gnuplot.log" >&2
	lost "the charts: no boot times to draw, or gnuplot failed (see $out/gnuplot.log)"
fi

cat "$out/results.md"
echo
echo "bench: tables in $out/results.md${charts:+, charts: $charts}; docs/benchmarks.md explains them"
if [ ${#unmeasured[@]} -gt 0 ]; then
	echo "bench: could not measure:" >&2
	printf '  %s\n' "${unmeasured[@]}" >&2
	exit 1
fi
