#!/bin/bash
# SPDX-License-Identifier: MIT
# make lint: static checks over every C file and shell script of the project.
#   cppcheck    src/, tools/, tests/, docs/ (C): warnings, style, performance, portability
#   clang-tidy  the same files, with the checks in .clang-tidy (bugs, not style)
#   ShellCheck  tools/*.sh, tools/nakedinit-run, tests/**/*.sh, docs/**/*.sh, the bash
#               completion, .ci/run (warnings and errors)
#   SPDX        every tracked source file names its licence in its first 3 lines
# Findings are printed as the tools print them; then one line per tool,
# "PASS: lint <tool>: ..." or "FAIL: lint <tool>: ...". Exits non-zero on any finding.
# A finding that is wrong is silenced where it occurs, with the reason next to it
# (cppcheck-suppress, NOLINT(check), shellcheck disable=), never here.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
# The headers the C files include, as the analysers read them too.
# git: the tracked files, for the licence check.
tools/need.sh "for make lint" cppcheck:cppcheck clang-tidy:clang-tidy shellcheck:shellcheck \
	libc6-dev:/usr/include/stdio.h zlib1g-dev:/usr/include/zlib.h git:git || exit 2

mapfile -t c_files < <(find src tools tests docs -name '*.c' | sort)
mapfile -t sh_files < <({ find tools tests docs -name '*.sh'; echo tools/nakedinit-run; echo tools/nakedinit-run.bash-completion; echo .ci/run; } | sort)
# As the host builds see them; the programs get NAKEDINIT_ARCH from the Makefile.
defines=(-D_GNU_SOURCE '-DNAKEDINIT_ARCH="lint"')
includes=(-Isrc -Itools -Itests/unit)
failed=0
result() {	# result TOOL STATUS WHAT
	if [ "$2" -eq 0 ]; then
		echo "PASS: lint $1: $3 clean"
	else
		echo "FAIL: lint $1: findings in $3 (above)"
		failed=1
	fi
}

cppcheck -q --std=c11 --platform=unix64 --library=posix \
	--enable=warning,style,performance,portability --inline-suppr --error-exitcode=1 \
	"${defines[@]}" "${includes[@]}" "${c_files[@]}"
result cppcheck $? "${#c_files[@]} C files"

status=0
for f in "${c_files[@]}"; do
	flags=(-std=c11 "${defines[@]}" "${includes[@]}")
	case $f in src/* | docs/*) flags+=(-ffreestanding) ;; esac
	# (clang-tidy counts what it hid on stderr: "N warnings generated.")
	clang-tidy -quiet "$f" -- "${flags[@]}" 2>&1 | grep -v '^[0-9]* warnings\{0,1\} generated\.$'
	[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
result clang-tidy $status "${#c_files[@]} C files"

shellcheck --external-sources --source-path=SCRIPTDIR --severity=warning "${sh_files[@]}"
result shellcheck $? "${#sh_files[@]} shell scripts"

# An SPDX-License-Identifier line in the first 3 lines of every tracked file but the
# documents, the data (fixtures, fuzz corpora, test inputs) and src/etc (copied
# verbatim into the guests' /etc).
not_source='^(.*\.md|.*\.svg|LICENSE|\.gitignore|debian/(changelog|control|copyright|docs|source/format)|src/etc/.*|tests/fuzz/corpus/.*|tests/cpio/bad/.*|tests/projects/go/testdata/.*|tests/projects/.*/[a-z]+\.txt)$'
if ! tracked=$(git ls-files 2> /dev/null); then
	echo "SKIP: lint spdx: not a git checkout (the tracked files are what it checks)"
	exit $failed
fi
mapfile -t source_files < <(grep -Ev "$not_source" <<< "$tracked")
status=0
for f in "${source_files[@]}"; do
	[ -f "$f" ] || continue	# deleted but not yet staged
	head -n 3 "$f" | grep -q 'SPDX-License-Identifier: ' ||
		{ echo "$f: no SPDX-License-Identifier line in its first 3 lines"; status=1; }
done
result spdx $status "${#source_files[@]} source files"

exit $failed
