#!/bin/sh
# parvis quick start, on Debian 12: installs the packages that are missing,
# builds, then either starts the kiosk on the demo kiosk.ini or runs the
# whole test suite (normal build, then again under ASan and UBSan).
#
#   sh scripts/quickstart.sh kiosk
#   sh scripts/quickstart.sh test
set -eu

cd "$(dirname "$0")/.."

# Everything the build, the kiosk and the tests need (scdoc builds the
# manual pages, groff and man check them; systemd brings systemd-analyze,
# which checks the units; the kiosk's locked-down xterm is tested in Xvfb;
# nginx is the front proxy of docs/deployment.md, run by a sync test;
# iproute2 brings ss, with which the front door's tests see the sockets).
packages="build-essential pkg-config meson ninja-build gettext
	libncurses-dev libsqlite3-dev libinih-dev libqrencode-dev
	libsodium-dev libcmocka-dev libevdev-dev libcurl4-openssl-dev libmicrohttpd-dev
	zlib1g-dev sqlite3 tmux ncurses-term openssl curl bc clang-format
	scdoc groff-base man-db systemd tzdata
	xvfb xterm xdotool xclip x11-utils fonts-dejavu-core nginx iproute2"

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "parvis: please run this as root (or install sudo): $*" >&2
		exit 1
	fi
}

install_missing() {
	missing=""
	for p in $packages; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "install ok installed"; then
			missing="$missing $p"
		fi
	done
	if [ -n "$missing" ]; then
		echo "Installing:$missing"
		as_root apt-get update
		as_root env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y --no-install-recommends $missing
	fi
}

build() {
	dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@"
	fi
	ninja -C "$dir"
}

# Runs one build's suite and adds meson's counts to passed and failed.
run_suite() {
	log=$(mktemp)
	{
		rc=0
		meson test -C "$1" --print-errorlogs || rc=$?
		echo "$rc" >"$log.rc"
	} 2>&1 | tee "$log"
	count() {
		sed -n "s/^$1: *\([0-9]*\).*/\1/p" "$log" | tail -n 1
	}
	ok=$(count Ok)
	xfail=$(count "Expected Fail")
	fail=$(count Fail)
	xpass=$(count "Unexpected Pass")
	timeout=$(count Timeout)
	if [ -z "$ok" ] || { [ "$(cat "$log.rc")" != 0 ] &&
		[ "${fail:-0}${timeout:-0}${xpass:-0}" = 000 ]; }; then
		failed=$((failed + 1))	# meson itself failed: count it
	fi
	passed=$((passed + ${ok:-0} + ${xfail:-0}))
	failed=$((failed + ${fail:-0} + ${xpass:-0} + ${timeout:-0}))
	rm -f "$log" "$log.rc"
}

case "${1:-}" in
kiosk)
	install_missing
	build build
	exec build/src/kiosk/parvis --config kiosk.ini
	;;
test)
	install_missing
	build build
	build build-asan -Db_sanitize=address,undefined -Db_lundef=false
	passed=0
	failed=0
	run_suite build
	run_suite build-asan
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
	;;
*)
	echo "usage: sh scripts/quickstart.sh kiosk|test" >&2
	exit 2
	;;
esac
