#!/bin/bash
# SPDX-License-Identifier: MIT
# nakedinit-run's --help, --version, manual page and bash completion (run by
# tests/check.sh, on the host): the manual page (make man, help2man, from the same
# header as --help) rendered as text holds --help's synopsis and every line of its
# options, words and order as they are; --version is one line; the completion
# offers the options --help lists, and the architectures after -a.
# Logs: $O/tests/help/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
TEST_GROUP=help
logs=$O/tests/help
mkdir -p "$logs"
run=$top/tools/nakedinit-run

"$run" --version > "$logs/version.out" 2>&1
if [ "$(wc -l < "$logs/version.out")" = 1 ] && grep -qE '^nakedinit-run [^ ]+$' "$logs/version.out"; then
	pass "--version prints one line: $(cat "$logs/version.out")"
else
	fail "--version" "expected one line 'nakedinit-run VERSION' (see $logs/version.out)"
fi

# squeeze: the words of stdin on one line, as a manual page's filling makes them.
squeeze() { tr -s ' \n' '  ' | sed 's/^ //;s/ $//'; }
if ! m man > "$logs/man.log" 2>&1 ||
	! "$top/tools/need.sh" "to read the manual page" man-db:man >> "$logs/man.log" 2>&1; then
	fail "make man" "failed (see $logs/man.log)"
else
	# Wide enough that nothing is hyphenated; ASCII, so that a "-" stays one.
	MANWIDTH=2000 man -E ascii -l "$O/man/nakedinit-run.1" 2> "$logs/man.err" | squeeze > "$logs/man.txt"
	"$run" --help > "$logs/help.out" 2>&1
	status=0
	for part in "$(sed -n '/^Usage: /,/^$/{s/^Usage: //;s/^ *or: //;p}' "$logs/help.out" | squeeze)" \
		"$(sed -n '/^Options:/,${/^Options:/d;p}' "$logs/help.out" | squeeze)"; do
		grep -qF -- "$part" "$logs/man.txt" || status=1
	done
	if [ -s "$logs/man.err" ] || [ "$status" -ne 0 ]; then
		fail "--help and man nakedinit-run" "the manual page lacks --help's synopsis or options as --help has them (see $logs/help.out, $logs/man.txt, $logs/man.err)"
	else
		pass "man nakedinit-run holds --help's synopsis and options, word for word"
	fi
	expect_output "man: exit status" "$logs/man.txt" 'EXIT STATUS the program.s result' &&
		pass "man nakedinit-run has the header's paragraphs after the options (EXIT STATUS)"
fi

# offered WORDS...: what the completion offers for the last word of
# "nakedinit-run WORDS...", a line each (bash-completion's own functions loaded,
# as bash loads them).
offered() {
	bash -c '. /usr/share/bash-completion/bash_completion && . "$1" || exit 1
		run=$2 && shift 2
		COMP_WORDS=(nakedinit-run "$@") COMP_CWORD=$# && COMP_LINE=${COMP_WORDS[*]} && COMP_POINT=${#COMP_LINE}
		_nakedinit_run "$run" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' sh "$top/tools/nakedinit-run.bash-completion" "$run" "$@"
}
if ! "$top/tools/need.sh" "for the completion tests" bash-completion:/usr/share/bash-completion/bash_completion > "$logs/completion.log" 2>&1; then
	fail completion "bash-completion did not install (see $logs/completion.log)"
else
	offered - > "$logs/options.out" 2>&1
	offered -a '' > "$logs/arches.out" 2>&1
	mkdir -p "$logs/files" && touch "$logs/files/prog"
	offered -t 5 -- "$logs/files/p" > "$logs/files.out" 2>&1
	if [ "$(grep -cxE -- '-a|--append=|--help|--version' "$logs/options.out")" -ne 4 ]; then
		fail "completion: options" "not those --help lists (see $logs/options.out)"
	elif [ "$(sort "$logs/arches.out" | xargs)" != "$(m list-arches | tr ' ' '\n' | sort | xargs)" ]; then
		fail "completion: -a" "offered '$(xargs < "$logs/arches.out")', not the architectures (see $logs/arches.out)"
	elif ! grep -qx "$logs/files/prog" "$logs/files.out"; then
		fail "completion: files" "a PROGRAM's argument did not complete to a file (see $logs/files.out)"
	else
		pass "bash completion: the options --help lists, the architectures after -a, files"
	fi
fi
