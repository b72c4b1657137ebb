#!/bin/bash
# SPDX-License-Identifier: MIT
# Fuzz the parsers with libFuzzer: tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
#   spec     tools/mkcpio.c's spec parser (fuzz_spec.c)
#   options  src/lib/options.c's parse_options, the init's command line (fuzz_options.c)
#   line     src/lib/fmt.c's format_line, every line the init prints (fuzz_line.c)
#   inspect  tools/inspect.c's initrd and ELF parsers (fuzz_inspect.c)
#   argfile  src/lib/argfile.c's parse_argfile, the launcher's argument file (fuzz_argfile.c)
#   unpack   tools/unpack.c's unpack, a guest's out disk (fuzz_unpack.c)
#   runopts  tools/run/options.c, nakedinit-run's command line (fuzz_runopts.c); the
#            runner's ELF reader is inspect's, fuzzed above
# Each target is built for the host with clang -fsanitize=fuzzer,address,undefined
# into BUILD_DIR/fuzz/ and run for SECONDS. Prints one line per target,
# "PASS: fuzz <target>: N executions" or "FAIL: fuzz <target>: why"; exits non-zero
# if any failed. `make fuzz` runs it for FUZZ_SECONDS, `make check` for a few seconds.
#
# The committed seeds (tests/fuzz/corpus/<target>/) are copied into a working corpus,
# BUILD_DIR/fuzz/corpus/<target>/, which keeps what earlier runs found: the repository
# is never written. A crashing input is saved under BUILD_DIR/fuzz/artifacts/<target>/;
# the log of each run is BUILD_DIR/fuzz/<target>.log. To replay an input:
#   BUILD_DIR/fuzz/fuzz_<target> FILE
set -uo pipefail
if [ $# -lt 2 ] || ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: $0 BUILD_DIR SECONDS [spec|options|line|inspect|argfile|unpack|runopts...]" >&2
	exit 2
fi
O=$1 seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(spec options line inspect argfile unpack runopts)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
mkdir -p "$O/fuzz" && out=$(cd "$O/fuzz" && pwd) || exit 2

. "$top/tests/lib.sh"
need_sanitizers "to build the fuzzers (clang, libFuzzer)" || exit 2

cflags=(-std=c11 -g -O1 -Wall -Wextra -Werror -D_GNU_SOURCE
	"-fsanitize=fuzzer,address,undefined" -fno-sanitize-recover=all -fno-omit-frame-pointer)
sources_spec=("$here/fuzz_spec.c" "$top/tools/mkcpio.c" "$top/tools/hostlib.c" -I"$top/tools" -DMKCPIO_NO_MAIN)
sources_options=("$here/fuzz_options.c" "$top/src/lib/options.c" -I"$top/src")
sources_line=("$here/fuzz_line.c" "$top/src/lib/fmt.c" -I"$top/src")
sources_argfile=("$here/fuzz_argfile.c" "$top/src/lib/argfile.c" -I"$top/src")
sources_unpack=("$here/fuzz_unpack.c" "$top/tools/unpack.c" "$top/tools/hostlib.c" -I"$top/tools" -DUNPACK_NO_MAIN)
sources_runopts=("$here/fuzz_runopts.c" "$top/tools/run/options.c" "$top/tools/run/util.c" -I"$top/tools")
sources_inspect=("$here/fuzz_inspect.c" "$top/tools/inspect.c" "$top/tools/hostlib.c" -I"$top/tools" -DINSPECT_NO_MAIN -lz)
# Spec lines may be 16 KiB long (and names 4 KiB): let inputs grow past both limits.
max_len_spec=20000
max_len_options=4096
# A detail may be a whole command line (2048 bytes at most): go past it.
max_len_line=4096
# Room for a few cpio entries, a small ELF, and gzip data that unpacks past 1 MiB.
max_len_inspect=16384
# Past the largest file the launcher reads.
max_len_argfile=70000
# Room for a few entries, a 4 KiB name and a large file.
max_len_unpack=16384
# A command line of many words, some long.
max_len_runopts=4096

failed=0
for t in "${targets[@]}"; do
	case $t in
	spec) sources=("${sources_spec[@]}") max_len=$max_len_spec ;;
	options) sources=("${sources_options[@]}") max_len=$max_len_options ;;
	line) sources=("${sources_line[@]}") max_len=$max_len_line ;;
	inspect) sources=("${sources_inspect[@]}") max_len=$max_len_inspect ;;
	argfile) sources=("${sources_argfile[@]}") max_len=$max_len_argfile ;;
	unpack) sources=("${sources_unpack[@]}") max_len=$max_len_unpack ;;
	runopts) sources=("${sources_runopts[@]}") max_len=$max_len_runopts ;;
	*) echo "FAIL: fuzz $t: no such target (spec, options, line, inspect, argfile, unpack, runopts)"; failed=1; continue ;;
	esac
	bin=$out/fuzz_$t log=$out/$t.log corpus=$out/corpus/$t artifacts=$out/artifacts/$t/
	if ! clang "${cflags[@]}" -o "$bin" "${sources[@]}" > "$bin.build.log" 2>&1; then
		echo "FAIL: fuzz $t: does not build (see $bin.build.log)"
		failed=1
		continue
	fi
	mkdir -p "$corpus" "$artifacts"
	cp "$here/corpus/$t"/* "$corpus"/
	# The cpio writer's own test specs are good seeds too.
	[ "$t" = spec ] && cp "$top/tests/cpio/roundtrip.spec" "$top"/tests/cpio/bad/*.spec "$corpus"/
	# From the top directory, so the seeds' `file` lines name files that exist.
	# -close_fd_mask=2: the parser's error messages are expected, and many;
	# libFuzzer and the sanitizers still report on their own descriptor.
	(cd "$top" && "$bin" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -close_fd_mask=2 \
		-dict="$here/$t.dict" -artifact_prefix="$artifacts" "$corpus") > "$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\)[[:space:]]*DONE.*/\1/p' "$log" | tail -n 1)
	if [ $status -eq 0 ] && [ -n "$execs" ]; then
		echo "PASS: fuzz $t: $execs executions in ${seconds}s ($(find "$corpus" -type f | wc -l) inputs in the corpus)"
	else
		crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		echo "FAIL: fuzz $t: libFuzzer exit status $status after ${execs:-?} executions${crash:+; input: $crash}; see $log"
		failed=1
	fi
done
exit $failed
