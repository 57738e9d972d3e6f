#!/bin/bash
# The two halves of the build (meson_options.txt): -Dkiosk=false asks
# nothing of ncurses, qrencode, evdev or libcurl and builds and installs
# only parvis-collect, its units and its manual page (what a server
# needs); -Dcollector=false asks nothing of libmicrohttpd and installs
# only the kiosk's side.  The collector-only build is compiled for real.
#
# usage: build-options.sh SOURCE_DIR
set -euo pipefail

src=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/parvis-options.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

setup() {
	meson setup "$work/$1" "$src" -Dtests=false "${@:2}" \
		>"$work/$1.log" 2>&1 || {
		cat "$work/$1.log" >&2
		fail "meson setup $*"
	}
	meson introspect --dependencies "$work/$1" |
		grep -o '"name": "[^"]*"' | cut -d'"' -f4 >"$work/$1.deps"
	meson introspect --installed "$work/$1" |
		grep -o '"/[^"]*"' | tr -d '"' >"$work/$1.files"
}

has() {
	grep -q -- "$2" "$work/$1" || fail "$1: no $2"
}

lacks() {
	! grep -q -- "$2" "$work/$1" || fail "$1: $2 (not wanted)"
}

setup collector -Dkiosk=false
for dep in ncursesw libqrencode libevdev libcurl cmocka; do
	lacks collector.deps "^$dep\$"
done
has collector.deps '^libmicrohttpd$'
has collector.files '/sbin/parvis-collect$'
has collector.files '/parvis-collect.service$'
has collector.files '/parvis-collect-purge.timer$'
has collector.files '/man8/parvis-collect.8$'
lacks collector.files '/bin/parvis$'
lacks collector.files 'parvis-kiosk'
lacks collector.files 'parvis.mo$'
ninja -C "$work/collector" -j 2 >"$work/collector.build" 2>&1 || {
	tail -n 30 "$work/collector.build" >&2
	fail "the collector-only build does not compile"
}
"$work/collector/sync/collector/parvis-collect" --version |
	grep -q '^parvis-collect ' || fail "parvis-collect --version"
echo "collector only: $(tr '\n' ' ' <"$work/collector.deps")"

setup kiosk -Dcollector=false
lacks kiosk.deps '^libmicrohttpd$'
has kiosk.deps '^ncursesw$'
has kiosk.files '/bin/parvis$'
has kiosk.files '/parvis-kiosk-console.service$'
has kiosk.files '/parvis.mo$'
lacks kiosk.files 'parvis-collect'
echo "kiosk only: $(tr '\n' ' ' <"$work/kiosk.deps")"

meson setup "$work/none" "$src" -Dkiosk=false -Dcollector=false \
	>"$work/none.log" 2>&1 && fail "a build of nothing was accepted"
grep -q "leave nothing to build" "$work/none.log" ||
	fail "no reason given for a build of nothing"
echo "ok: kiosk-only and collector-only builds"
