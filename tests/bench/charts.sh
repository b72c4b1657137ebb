#!/bin/bash
# SPDX-License-Identifier: MIT
# charts.sh DIR: draws the boot-time charts of `make bench` (tests/bench/bench.sh)
# from the data files it leaves in DIR: DIR/bench-boot.svg and DIR/bench-phases.svg.
#   boot-series.dat  series number, title (the rest of the line)
#   boot-bars.dat    x, median ms, series number
#   boot-goals.dat   first x - 0.5, goal ms ("-": none), bars in the group
#   boot-groups.dat  x of the group's middle, architecture
#   phases.dat       arch, QEMU start + firmware, kernel, init to exit, total, floor (ms)
# It can be run again on a finished run's DIR to redraw.
set -euo pipefail
out=$1
# gnuplot's array of series titles, from boot-series.dat.
titles=$(awk '{ n = $1; $1 = ""; sub(/^ /, ""); gsub(/"/, "\\\"")
		t = t (t == "" ? "" : ", ") "\"" $0 "\"" }
	END { printf "array names[%d] = [%s]\n", n, t }' "$out/boot-series.dat")
gnuplot <<EOF
set terminal svg size 760,440 dynamic noenhanced font "sans,12" background rgb "white"
set style fill solid 0.85 border -1
set boxwidth 0.8
set key below
set grid ytics
set xtics scale 0
set border 3
set tics nomirror

set output "$out/bench-boot.svg"
set title "Boot time, QEMU launch to exit (median of runs, log scale)"
set ylabel "ms"
set logscale y
set xrange [0:$(awk '$1 > m { m = $1 } END { print m + 1 }' "$out/boot-bars.dat")]
$(awk '$2 != "-" { printf "set arrow from %s,%s to %s,%s nohead lw 2 dt 2 lc rgb \"black\" front\n", $1, $2, $1 + $3, $2 }' "$out/boot-goals.dat")
$titles
plot "$out/boot-groups.dat" using 1:(NaN):xtic(2) notitle, \
	"$out/boot-bars.dat" using 1:2:3 with boxes lc variable notitle, \
	"" using 1:2:(sprintf("%d", \$2)) with labels offset 0,0.6 font ",9" notitle, \
	NaN with lines lw 2 dt 2 lc rgb "black" title "goal", \
	for [s in "$(awk '{ print $3 }' "$out/boot-bars.dat" | sort -un | tr '\n' ' ')"] NaN with boxes lc int(s) title names[int(s)]

unset arrow
set output "$out/bench-phases.svg"
set title "Where our boot time goes (medians of each part; total: median of runs)"
unset logscale y
set yrange [0:*]
set xrange [*:*]
set style data histograms
set style histogram rowstacked
set boxwidth 0.6
plot "$out/phases.dat" using 2:xtic(1) title "QEMU start + firmware (to the kernel's clock)", \
	"" using 3 title "kernel, to 'Run /init'", \
	"" using 4 title "init, power-off, QEMU exit", \
	"" using 0:(\$2 + \$3 + \$4):(sprintf("total %d ms", \$5)) with labels offset 0,0.7 notitle, \
	"" using 0:6 with points pt 7 ps 1.2 lc rgb "black" title "floor (QEMU and firmware alone)"
EOF
