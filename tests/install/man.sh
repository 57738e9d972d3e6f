#!/bin/bash
# The manual pages render without a single warning, as man shows them
# (preconv for UTF-8, tbl, groff -ww), and stay true to the programs:
# every command of `parvis --help` is in parvis(1), every kiosk.ini key of
# `parvis --help-config` in kiosk.ini(5), every command and collect.ini key
# of parvis-collect in parvis-collect(8), every form key in
# parvis-forms(5).
#
# usage: man.sh MAN_BUILD_DIR PARVIS PARVIS_COLLECT
set -euo pipefail

dir=$(cd "$1" && pwd)
parvis=$(realpath "$2")
collect=$(realpath "$3")
export LC_ALL=C.UTF-8
unset LANGUAGE

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

pages="parvis.1 parvis-collect.8 parvis-forms.5 kiosk.ini.5"
for p in $pages; do
	[ -f "$dir/$p" ] || fail "$dir/$p was not built"
	err=$(groff -k -t -ww -man -Tutf8 "$dir/$p" 2>&1 >/dev/null)
	[ -z "$err" ] || fail "groff -ww on $p: $err"
	if command -v man >/dev/null; then
		err=$(MANWIDTH=80 man --warnings -l "$dir/$p" 2>&1 >/dev/null)
		[ -z "$err" ] || fail "man --warnings on $p: $err"
	fi
	echo "renders cleanly: $p"
done

# text PAGE: the page as a reader sees it.
text() {
	MANWIDTH=200 man -l "$dir/$1" 2>/dev/null | col -b ||
		groff -k -t -man -Tutf8 "$dir/$1" | col -b
}

# covers PAGE WORD...: each WORD appears in PAGE.
covers() {
	local page=$1 w
	shift
	text "$page" >"$page.txt.$$"
	for w in "$@"; do
		grep -qF -- "$w" "$page.txt.$$" || {
			rm -f "$page.txt.$$"
			fail "$page does not mention '$w'"
		}
	done
	rm -f "$page.txt.$$"
}

cd "$(mktemp -d "${TMPDIR:-/tmp}/parvis-man.XXXXXX")"
trap 'rm -rf "$PWD"' EXIT

# --help in English (without LANGUAGE it would speak the language of a
# kiosk.ini, French when none is found).
commands=$(LANGUAGE=en "$parvis" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
[ -n "$commands" ] || fail "no commands in parvis --help"
covers parvis.1 $commands --config --help-config --version --when-idle
keys=$("$parvis" --help-config | sed -n 's/^\([a-z_]*\) .*/\1/p')
sections=$("$parvis" --help-config | sed -n 's/^\(\[[a-z]*\]\)$/\1/p')
covers kiosk.ini.5 $keys $sections
ccommands=$("$collect" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p' | sort -u)
ckeys=$("$collect" --help-config | sed -n 's/^\([a-z_]*\) .*/\1/p')
covers parvis-collect.8 $ccommands $ckeys "kiosk add" "kiosk list" \
	"kiosk revoke" "forms publish" "forms list" "RESTORING A BACKUP"
covers parvis-forms.5 id version title summary level owner opens closes \
	privacy thanks link partial type prompt help option required other \
	min max max_length min_label max_label when info choice choices scale \
	rank text number commune consent not-in
echo "ok: 4 pages, true to --help and --help-config"
