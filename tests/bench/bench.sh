#!/bin/bash
# bench.sh: what `make bench` runs. Measures, on this machine and in one run:
#   - the size of our hello and init against the same two programs built with
#     glibc (static), musl (static, host architecture) and the kernel's nolibc;
#   - boot time, QEMU launch to QEMU exit, median and minimum of N runs, for our
#     kernel + initrd on each architecture, and for Debian's stock kernel (x86_64,
#     on its usual -M pc) booting the same initrd; where that time goes;
#   - initrd size, kernel image size, kernel build time;
# and prints one Markdown table with each goal and PASS or MISS next to it, also
# written to $O/bench/results.md, with gnuplot charts in $O/bench/*.svg.
# A MISS is a finding, not a failure: the exit status is 0 unless something could
# not be measured at all.
#
# Environment (make bench passes them): O, ARCHES, MAKE; N (boot runs, default 10);
# BENCH_CLEAN_KERNEL=1 also times a clean kernel build per architecture, in a
# scratch build directory (2-3 minutes each).
set -euo pipefail
cd "$(dirname "$0")/../.."

MAKE=${MAKE:-make}
O=${O:-build}
N=${N:-10}
BENCH_CLEAN_KERNEL=${BENCH_CLEAN_KERNEL:-0}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "bench: N=$N: expected a number of runs (1 or more)" >&2; exit 2; }
m() { "$MAKE" --no-print-directory -s O="$O" "$@"; }
ARCHES=${ARCHES:-$(m list-arches)}
HOST_ARCH=$(uname -m)
out=$O/bench
mkdir -p "$out"
rm -f "$out"/*.log "$out"/*.dat
NEED=tools/need.sh
# Debian's stock kernel boots much more slowly: fewer runs of it.
N_STOCK=$((N < 5 ? N : 5))
# Each libc baseline init is booted to check it behaves as ours does.
N_BASELINE=$((N < 3 ? N : 3))
unmeasured=()	# what could not be measured at all: makes the exit status non-zero

say() { echo "bench: $*" >&2; }
lost() { say "NOT MEASURED: $*"; unmeasured+=("$*"); }

# The Debian architecture name, for the cross C library packages (libc6-dev-<it>-cross).
debian_arch() {
	case $1 in x86_64) echo amd64 ;; aarch64) echo arm64 ;; *) echo "$1" ;; esac
}

# --- what the bench itself needs ----------------------------------------------

$NEED "to draw the benchmark charts" gnuplot-nox:gnuplot
$NEED "for the glibc baselines" "libc6-dev:/usr/lib/$HOST_ARCH-linux-gnu/libc.a"
if [ "$HOST_ARCH" = x86_64 ]; then
	$NEED "for the musl baselines" musl-tools:musl-gcc
fi
for a in $ARCHES; do
	[ "$a" = "$HOST_ARCH" ] && continue
	$NEED "for the $a glibc baselines" \
		"libc6-dev-$(debian_arch "$a")-cross:/usr/$a-linux-gnu/lib/libc.a"
done
stock_kernel=
if [ "$HOST_ARCH" = x86_64 ] && [[ " $ARCHES " == *" x86_64 "* ]]; then
	$NEED "for the stock-kernel boot time baseline" 'linux-image-amd64:/boot/vmlinuz-*'
	stock_kernel=$(ls -v /boot/vmlinuz-* 2>/dev/null | tail -n 1)
	[ -r "$stock_kernel" ] || { lost "Debian's kernel: $stock_kernel is not readable"; stock_kernel=; }
fi

# --- build what is measured -----------------------------------------------------

built=()
for a in $ARCHES; do
	say "building $a: programs, initrds, kernel (cached), test disk"
	if m ARCH="$a" all kernel disk "$O/host/mkcpio" > "$out/build-$a.log" 2>&1; then
		built+=("$a")
	else
		tail -n 20 "$out/build-$a.log" >&2
		lost "$a: the build failed (see $out/build-$a.log)"
	fi
done
MKCPIO=$O/host/mkcpio

# The kernel source's nolibc, from the tree the kernel was built from.
nolibc=
for d in ${KERNEL_SRC:+"$KERNEL_SRC"} $(ls -dv "$O"/src/linux-source-* 2>/dev/null | tac); do
	[ -f "$d/tools/include/nolibc/nolibc.h" ] && { nolibc=$d/tools/include/nolibc; break; }
done
[ -n "$nolibc" ] || lost "nolibc: no tools/include/nolibc in the kernel source (KERNEL_SRC or $O/src)"

# --- the baselines ----------------------------------------------------------------

# The best size flags found for a static program, for every C library (as ours:
# -Oz and link-time optimisation, each function and object in its own section and
# unused ones dropped, no unwind tables, no stack protector, no PIE, no .comment,
# no build-id, no RELRO, code in the same page as the headers), plus the
# architecture's own code-generation flags (arch/<arch>/arch.mk). Then strip -s.
# shellcheck disable=SC2054  # the commas belong to -Wl, options
BASE_CFLAGS=(-std=gnu11 -Oz -flto -static -Wall -Wextra -fno-pie -no-pie -fno-stack-protector
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident
	-ffunction-sections -fdata-sections -Wl,--gc-sections -Wl,--build-id=none
	-Wl,-z,norelro -Wl,-z,noseparate-code -Isrc -Itests/bench/baselines)
declare -A size	# size[arch.program.libc] = stripped bytes
declare -A cc_of arch_cflags

# baseline ARCH LIBC PROGRAM: builds $out/ARCH/PROGRAM-LIBC, records its size.
baseline() {
	local a=$1 libc=$2 p=$3 cc=${cc_of[$1]} exe=$out/$1/$3-$2 flags=() strip
	local sources=("tests/bench/baselines/$p.c")
	[ "$p" = init ] && sources+=(src/lib/*.c)
	case $libc in
	glibc) ;;
	musl) cc=musl-gcc ;;	# a wrapper around the host's gcc
	# nolibc's _start calls main from assembly, which link-time optimisation cannot see.
	nolibc) flags=(-nostdlib -DBASELINE_NOLIBC -I"$nolibc" "-Wl,-u,main") ;;
	esac
	# shellcheck disable=SC2206 # the flags are words
	flags+=(${arch_cflags[$a]})
	strip=${cc%gcc}strip
	[ "$libc" = musl ] && strip="strip"
	mkdir -p "$out/$a"
	if "$cc" "${BASE_CFLAGS[@]}" "${flags[@]}" -DNAKEDINIT_ARCH="\"$a\"" -o "$exe" \
		"${sources[@]}" -lgcc >> "$out/baselines-$a.log" 2>&1 &&
		"$strip" -s "$exe" 2>> "$out/baselines-$a.log"; then
		size[$a.$p.$libc]=$(stat -c %s "$exe")
	else
		lost "$a: $p with $libc did not build (see $out/baselines-$a.log)"
	fi
}

libcs_of() {
	echo nolibc
	[ "$1" = "$HOST_ARCH" ] && [ "$1" = x86_64 ] && echo musl
	echo glibc
}

for a in "${built[@]}"; do
	cc_of[$a]=$(m ARCH="$a" print-var-CC)
	arch_cflags[$a]=$(m ARCH="$a" print-var-ARCH_CFLAGS)
	: > "$out/baselines-$a.log"
	for p in hello init; do
		size[$a.$p.ours]=$(stat -c %s "$O/$a/$p")
		for libc in $(libcs_of "$a"); do
			[ "$libc" = nolibc ] && [ -z "$nolibc" ] && continue
			baseline "$a" "$libc" "$p"
		done
	done
done

# An initrd like ours (same spec as the Makefile's) for a baseline program.
baseline_initrd() {
	local exe=$1
	printf '%s\n' 'dir /dev 0755 0 0' 'nod /dev/console 0600 0 0 c 5 1' \
		"file /init $exe 0755 0 0" > "$exe.spec"
	"$MKCPIO" -o "$exe.cpio" "$exe.spec" && gzip -n -9 < "$exe.cpio" > "$exe.cpio.gz"
}

# --- boot timing ------------------------------------------------------------------

# boot_once, timed, stat_of, runs_of: shared with compare.sh.
# shellcheck source=tests/bench/lib.sh
. tests/bench/lib.sh

# Wall-clock boot times mean little on a busy machine: say how busy it was.
load_before=$(cut -d' ' -f1 /proc/loadavg)
awk -v l="$load_before" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }' &&
	say "warning: the machine is busy (load average $load_before on $(nproc) CPUs): boot times will be inflated"

declare -A same_output	# same_output[arch.program.libc] = yes|differs|crashed
for a in "${built[@]}"; do
	qemu_system=$(m ARCH="$a" print-var-QEMU_SYSTEM)
	$NEED "to boot the $a guest" "$(m ARCH="$a" print-var-QEMU_PACKAGE):$qemu_system"
	say "$a: timing $N boots of our kernel + init.cpio.gz"
	timed "$a-ours" "$N" 'nakedinit: exit 0$' "$(m ARCH="$a" print-qemu-cmd)"
	[ "$(runs_of "$a-ours")" -gt 0 ] || lost "$a: no boot of our kernel passed (see $out/$a-ours.*.log)"

	# Each baseline as /init on our kernel: same console lines as ours?
	grep -o 'nakedinit: .*' "$out/$a-ours.1.log" > "$out/$a-ours.lines" 2>/dev/null || true
	for p in hello init; do
		for libc in $(libcs_of "$a"); do
			exe=$out/$a/$p-$libc
			[ -n "${size[$a.$p.$libc]:-}" ] || continue
			baseline_initrd "$exe"
			if [ "$p" = init ]; then
				say "$a: booting init-$libc $N_BASELINE times"
				timed "$a-init-$libc" "$N_BASELINE" 'nakedinit: exit 0$' \
					"$(m ARCH="$a" print-qemu-cmd INITRD="$exe.cpio.gz")"
				grep -o 'nakedinit: .*' "$out/$a-init-$libc.1.log" > "$exe.lines" 2>/dev/null || true
				ours_lines=$out/$a-ours.lines
			else
				timed "$a-hello-$libc" 1 "nakedinit: hello from $a$" \
					"$(m ARCH="$a" print-qemu-cmd INITRD="$exe.cpio.gz")"
				grep -o 'nakedinit: .*' "$out/$a-hello-$libc.1.log" > "$exe.lines" 2>/dev/null || true
				echo "nakedinit: hello from $a" > "$out/$a-hello.lines"
				ours_lines=$out/$a-hello.lines
			fi
			log1=$out/$a-$p-$libc.1.log
			if [ -s "$exe.lines" ] && cmp -s "$exe.lines" "$ours_lines"; then
				same_output[$a.$p.$libc]=yes
			elif grep -q 'Attempted to kill init' "$log1"; then
				# e.g. glibc for riscv64 saves floating-point registers at start-up,
				# and our kernel has no FPU support: an illegal instruction.
				same_output[$a.$p.$libc]=crashed
				say "$a: $p with $libc crashed on our kernel (see $log1)"
			else
				same_output[$a.$p.$libc]=differs
				say "$a: $p with $libc printed other lines than ours (see $log1)"
			fi
		done
	done

	if [ "$a" = x86_64 ] && [ -n "$stock_kernel" ]; then
		say "x86_64: timing $N_STOCK boots of Debian's $(basename "$stock_kernel") (-M pc)"
		# Its virtio-blk is a module, not in our initrd: the init cannot open the
		# disk, says so, reports exit 4 and powers off. That is a complete boot.
		timed x86_64-stock "$N_STOCK" 'nakedinit: exit 4$' \
			"$(m ARCH=x86_64 print-qemu-cmd KERNEL="$stock_kernel" QEMU_MACHINE='-M pc' \
				KERNEL_CMDLINE_ARCH=console=ttyS0 QEMU_DISK_DEVICE=virtio-blk-pci)"
		[ "$(runs_of x86_64-stock)" -gt 0 ] || lost "x86_64: no boot of Debian's kernel completed (see $out/x86_64-stock.*.log)"
	fi
done

# --- kernel figures -----------------------------------------------------------------

declare -A kbuild
for a in "${built[@]}"; do
	f=$O/$a/kernel/build-seconds
	if [ -f "$f" ]; then
		read -r secs kind < "$f"
		kbuild[$a]="$secs s ($kind)"
	else
		kbuild[$a]="unknown (built before build-seconds was recorded)"
	fi
	if [ "$BENCH_CLEAN_KERNEL" = 1 ]; then
		scratch=$out/clean-kernel
		tree=$(dirname "$(dirname "$(dirname "$nolibc")")")
		say "$a: timing a clean kernel build in $scratch (2-3 minutes)"
		rm -rf "${scratch:?}/$a"
		if m ARCH="$a" O="$scratch" KERNEL_SRC="$tree" kernel > "$out/clean-kernel-$a.log" 2>&1 &&
			read -r secs kind < "$scratch/$a/kernel/build-seconds"; then
			kbuild[$a]="$secs s (clean, this run)"
		else
			lost "$a: the clean kernel build failed (see $out/clean-kernel-$a.log)"
		fi
		rm -rf "$scratch"
	fi
done

# --- the table ----------------------------------------------------------------------

verdict() { awk -v x="$1" -v t="$2" 'BEGIN { print (x != "-" && x + 0 <= t + 0) ? "PASS" : "MISS" }'; }
target_ms() {
	case $1 in x86_64) echo 300 ;; aarch64) echo 200 ;; riscv64) echo 180 ;; *) echo - ;; esac
}
or_dash() { echo "${1:--}"; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
if grep -qw hypervisor /proc/cpuinfo; then virt="a virtual machine"; else virt="bare metal"; fi
qemu_version=$(qemu-system-"$HOST_ARCH" --version 2>/dev/null | head -n 1 | sed 's/QEMU emulator version //' || true)
accel=$(m print-var-ACCEL)
load_after=$(cut -d' ' -f1 /proc/loadavg)
{
echo "## nakedinit benchmark"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), on $cpu, $(nproc) CPUs, $mem RAM ($virt), $(. /etc/os-release && echo "$PRETTY_NAME"),"
echo "host kernel $(uname -r), QEMU $qemu_version (accelerator: $accel), $(gcc --version | head -n 1);"
echo "load average $load_before before the boots, $load_after after."
echo "Boot time is QEMU launch to QEMU exit after the guest powered off, median and minimum of"
echo "$N runs (Debian's kernel: $N_STOCK; our kernel with the libc baseline inits: $N_BASELINE). A run counts only if"
echo "QEMU exited 0 and the console shows the expected result line and the kernel's power-off."
echo "Sizes are in bytes: ours as built (no section headers), the baselines after \`strip -s\`."
echo
echo "### Program size (bytes)"
echo
echo "| arch | program | nakedinit | goal | | nolibc | musl | glibc |"
echo "|---|---|--:|---|---|--:|--:|--:|"
for a in "${built[@]}"; do
	for p in hello init; do
		goal=$([ "$p" = hello ] && echo 320 || echo 1024)
		s=${size[$a.$p.ours]}
		cells=()
		for libc in nolibc musl glibc; do
			v=${size[$a.$p.$libc]:-}
			case ${v:+${same_output[$a.$p.$libc]:-}} in
			differs) v="$v (output differs!)" ;;
			crashed) v="$v (crashed on our kernel ¹)" ;;
			esac
			cells+=("$(or_dash "$v")")
		done
		echo "| $a | $p | $s | ≤ $goal | $(verdict "$s" "$goal") | ${cells[0]} | ${cells[1]} | ${cells[2]} |"
	done
done
same=0 differ=0 crashed=0
for v in "${same_output[@]}"; do
	case $v in yes) same=$((same + 1)) ;; crashed) crashed=$((crashed + 1)) ;; *) differ=$((differ + 1)) ;; esac
done
echo
echo "Each baseline was booted as /init on our kernel: $same printed the same console lines as ours$([ "$differ" = 0 ] || echo ", $differ did NOT")$([ "$crashed" = 0 ] || echo ", $crashed crashed ¹")."
echo "Flags (all C libraries): \`${BASE_CFLAGS[*]}\` and the architecture's \`ARCH_CFLAGS\`;"
echo "nolibc adds \`-nostdlib -Wl,-u,main\`. Sources: \`tests/bench/baselines/\`."
[ "$crashed" = 0 ] || {
	echo
	echo "¹ The kernel killed it (\`Attempted to kill init\`; the log is in \`$out/\`). glibc for riscv64"
	echo "saves floating-point registers at start-up, and our kernel has no FPU support (\`CONFIG_FPU\` is off):"
	echo "an illegal instruction. Its size is still a fair figure for the C library."
}
echo
echo "### Boot time (ms)"
echo
echo "| arch | kernel + init | runs | median | min | goal | | kernel's time at \`Run /init\` (s) | QEMU CPU time ³ |"
echo "|---|---|--:|--:|--:|---|---|--:|--:|"
for a in "${built[@]}"; do
	med=$(stat_of "$a-ours" 1 median)
	t=$(target_ms "$a")
	echo "| $a | ours | $(runs_of "$a-ours")/$N | $med | $(stat_of "$a-ours" 1 min) | ≤ $t | $(verdict "$med" "$t") | $(stat_of "$a-ours" 5 median) | $(stat_of "$a-ours" 6 median) |"
	for libc in $(libcs_of "$a"); do
		[ -f "$out/$a-init-$libc.dat" ] || continue
		echo "| $a | our kernel, init with $libc | $(runs_of "$a-init-$libc")/$N_BASELINE | $(stat_of "$a-init-$libc" 1 median) | $(stat_of "$a-init-$libc" 1 min) | | | $(stat_of "$a-init-$libc" 5 median) | $(stat_of "$a-init-$libc" 6 median) |"
	done
	if [ "$a" = x86_64 ] && [ -f "$out/x86_64-stock.dat" ]; then
		smed=$(stat_of x86_64-stock 1 median)
		echo "| x86_64 | Debian $(basename "$stock_kernel" | sed 's/^vmlinuz-//') on \`-M pc\`, our init ² | $(runs_of x86_64-stock)/$N_STOCK | $smed | $(stat_of x86_64-stock 1 min) | | | $(stat_of x86_64-stock 5 median) | $(stat_of x86_64-stock 6 median) |"
		ratio=$(awk -v s="$smed" -v o="$med" 'BEGIN { if (s == "-" || o == "-" || o <= 0) print "-"; else printf "%.1f", s / o }')
		echo "| x86_64 | ours vs Debian's: times faster | | $ratio× | | ≥ 15× | $(awk -v r="$ratio" 'BEGIN { print (r != "-" && r >= 15) ? "PASS" : "MISS" }') | | |"
	fi
done
echo
[ -f "$out/x86_64-stock.dat" ] && {
	echo "² Debian's kernel has virtio-blk as a module, which our initrd does not hold: the init"
	echo "reports \`open /dev/vda: ENOENT\`, \`exit 4\` and powers off; that is counted as a complete boot."
	echo
}
echo "³ User + system time of the QEMU process (median, ms). Under TCG the guest hardly ever idles, so"
echo "this tracks the boot time: the boot is compute-bound. (On a virtual machine, time the hypervisor"
echo "takes away from a running QEMU counts too, so this does not separate out a busy host.)"
echo
echo "### Where the boot time goes (ms, medians)"
echo
echo "| arch | kernel | QEMU start + firmware ⁴ | kernel to \`Run /init\` | init to QEMU exit | total |"
echo "|---|---|--:|--:|--:|--:|"
for run in "${built[@]/%/-ours}" x86_64-stock; do
	[ -f "$out/$run.dat" ] || continue
	a=${run%%-*}
	label=$([ "$run" = x86_64-stock ] && echo "Debian's" || echo ours)
	echo "| $a | $label | $(stat_of "$run" 2 median) | $(stat_of "$run" 3 median) | $(stat_of "$run" 4 median) | $(stat_of "$run" 1 median) |"
done
echo
echo "⁴ From QEMU's launch to the moment the kernel's clock counts from (the host time the"
echo "\`Run /init\` line arrived minus the kernel's timestamp on it). aarch64 and riscv64 start that clock"
echo "early in \`start_kernel\`: this is QEMU's own start-up, the firmware (OpenSBI on riscv64) and the"
echo "kernel's first steps. Our x86_64 kernel's clock is the TSC, which QEMU starts with the virtual CPU:"
echo "this is QEMU's own start-up, and the firmware (qboot) is in the next column. Debian's kernel restarts"
echo "its clock once it has calibrated the TSC: its figure holds SeaBIOS, loading and decompressing the"
echo "kernel, and its first steps. \"init to QEMU exit\" includes the kernel's power-off and QEMU's exit."
echo
echo "### Kernel and initrd"
echo
echo "| arch | kernel image | bytes | initrd (init.cpio.gz) bytes | kernel build time |"
echo "|---|---|--:|--:|---|"
for a in "${built[@]}"; do
	img=$(m ARCH="$a" print-var-BUILT_KERNEL)
	echo "| $a | \`$(m ARCH="$a" print-var-KERNEL_IMAGE)\` | $(stat -c %s "$img") | $(stat -c %s "$O/$a/init.cpio.gz") | ${kbuild[$a]} |"
done
} > "$out/results.md"

# --- the charts -------------------------------------------------------------------------

# Boot time per architecture: one group of bars per architecture (ours, our kernel
# with each libc baseline's init, Debian's kernel), the goal as a dashed line.
series=(ours nolibc musl glibc stock)
x=0
: > "$out/boot-bars.dat"; : > "$out/boot-goals.dat"; : > "$out/boot-groups.dat"
for a in "${built[@]}"; do
	first=$((x + 1))
	for i in "${!series[@]}"; do
		case ${series[$i]} in
		ours) run=$a-ours ;; stock) run=$a-stock ;; *) run=$a-init-${series[$i]} ;;
		esac
		[ -s "$out/$run.dat" ] || continue
		x=$((x + 1))
		echo "$x $(stat_of "$run" 1 median) $((i + 1))" >> "$out/boot-bars.dat"
	done
	[ "$x" -ge "$first" ] || continue
	echo "$((first - 1)).5 $(target_ms "$a") $((x - first + 1))" >> "$out/boot-goals.dat"
	echo "$(awk -v f="$first" -v l="$x" 'BEGIN { print (f + l) / 2 }') $a" >> "$out/boot-groups.dat"
	x=$((x + 1))	# a gap between groups
done
: > "$out/phases.dat"
for a in "${built[@]}"; do
	[ -s "$out/$a-ours.dat" ] || continue
	echo "$a $(stat_of "$a-ours" 2 median) $(stat_of "$a-ours" 3 median) $(stat_of "$a-ours" 4 median) $(stat_of "$a-ours" 1 median)" >> "$out/phases.dat"
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
echo "bench: table in $out/results.md${charts:+, charts: $charts}"
if [ ${#unmeasured[@]} -gt 0 ]; then
	echo "bench: could not measure:" >&2
	printf '  %s\n' "${unmeasured[@]}" >&2
	exit 1
fi
