#!/bin/sh
# parvis quick start, on Debian 12: installs the packages that are missing,
# builds, then either starts the kiosk on the demo kiosk.ini or runs the
# whole test suite (normal build, then again under ASan and UBSan, built
# by clang with the libFuzzer targets of tests/fuzz/libfuzzer).
#
#   sh scripts/quickstart.sh kiosk
#   sh scripts/quickstart.sh test
set -eu

cd "$(dirname "$0")/.."

# Everything the build, the kiosk and the tests need (scdoc builds the
# manual pages, groff and man check them; systemd brings systemd-analyze,
# which checks the units; the kiosk's locked-down xterm is tested in Xvfb;
# clang builds the ASan+UBSan pass, libclang-rt-14-dev holds its
# sanitizers and libFuzzer; nginx is the front proxy of
# docs/deployment.md, run by a sync test; iproute2 brings ss, with which
# the front door's tests see the sockets).
packages="build-essential pkg-config meson ninja-build gettext
	clang libclang-rt-14-dev
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

# build DIR COMPILER [MESON OPTIONS...]: sets DIR up with that compiler
# (cc, clang) unless it is set up already, then builds it.  A DIR set up
# by another compiler (a build-asan from before the clang pass) is set up
# again from scratch.
build() {
	dir=$1
	compiler=$2
	shift 2
	if [ -f "$dir/build.ninja" ] && [ "$compiler" = clang ] &&
		! grep -q 'C compiler for the host machine: clang' \
			"$dir/meson-logs/meson-log.txt" 2>/dev/null; then
		echo "$dir was built by another compiler: setting it up again"
		rm -rf "$dir"
	fi
	if [ ! -f "$dir/build.ninja" ]; then
		CC=$compiler meson setup "$dir" "$@"
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
	build build cc
	exec build/src/kiosk/parvis --config kiosk.ini
	;;
test)
	install_missing
	build build cc
	# clang, so that the libFuzzer targets are built and their short runs
	# (suite fuzz) are part of this pass.
	build build-asan clang -Db_sanitize=address,undefined -Db_lundef=false
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
