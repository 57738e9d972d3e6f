#!/bin/bash
# A program's manual page says the commands of its table, as --help does:
# every synopsis of the "Commands:" lines of `PROGRAM --help` (in English)
# is the head of an entry of the page's COMMANDS and a line of its
# SYNOPSIS ("PROGRAM [--config FILE] SYNOPSIS"), and every head of
# COMMANDS and line of SYNOPSIS is one of them (besides the kiosk itself
# and "COMMAND --help").  The page is read in its scdoc source, its marks
# (*bold*, _underlined_) taken out.  Prints each difference; status 1 when
# there is one.  Used by tests/cli/options.sh and tests/collector/commands.sh.
#
# usage: man-synopsis.sh PROGRAM PAGE.scd
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 PROGRAM PAGE.scd" >&2
	exit 2
fi
prog=$1
page=$2
name=$(basename "$prog")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/man-synopsis.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The synopses of --help: each line of "Commands:" that starts a row,
# up to its description (two spaces or the end of the line).
LANGUAGE=en "$prog" --help | awk '
	/^Commands:$/ { on = 1; next }
	on && /^$/ { exit }
	on && /^  [a-z]/ {
		s = substr($0, 3)
		i = index(s, "  ")
		print i ? substr(s, 1, i - 1) : s
	}' | sort >"$tmp/help"
if [ ! -s "$tmp/help" ]; then
	echo "FAIL: no command in $name --help"
	exit 1
fi

# section NAME: the lines of the page's section NAME, marks taken out.
section() {
	awk -v want="# $1" '
		/^# / { on = ($0 == want); next }
		on { gsub(/[*_]/, ""); print }' "$page"
}

# The heads of COMMANDS: a line at the margin followed by an indented
# one; "a, b" heads two ways of calling.
section COMMANDS | awk '
	prev != "" && /^\t/ { print prev }
	{ prev = ($0 ~ /^[^\t]/) ? $0 : "" }' |
    sed 's/, /\n/g' | sort >"$tmp/commands"
section SYNOPSIS | sed -n "s/^$name \[--config FILE\] //p" |
    grep -v -x -e 'COMMAND --help' -e '' | sort >"$tmp/synopsis" || true

status=0
for part in commands synopsis; do
	if ! diff -u --label "$name --help" --label "$(basename "$page") $part" \
	    "$tmp/help" "$tmp/$part"; then
		echo "FAIL: the $part of $(basename "$page") differ from the table of $name --help (diff above)"
		status=1
	fi
done
if [ "$status" = 0 ]; then
	echo "ok: $(basename "$page") has the $(wc -l <"$tmp/help") commands of $name --help in its SYNOPSIS and COMMANDS"
fi
exit "$status"
