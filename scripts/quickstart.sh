#!/bin/sh
# parvis quick start, on Debian 12: installs the packages that are missing,
# builds, then either starts the kiosk on the demo kiosk.ini or runs the
# whole test suite (normal build, then again under ASan and UBSan), or
# builds the Debian packages parvis and parvis-collect into the parent
# directory (dpkg-buildpackage, as usual) and checks them with lintian.
#
#   sh scripts/quickstart.sh kiosk
#   sh scripts/quickstart.sh test
#   sh scripts/quickstart.sh deb
set -eu

cd "$(dirname "$0")/.."

# Everything the build, the kiosk and the tests need (scdoc builds the
# manual pages, groff and man check them; systemd brings systemd-analyze,
# which checks the units; the kiosk's locked-down xterm is tested in Xvfb).
packages="build-essential pkg-config meson ninja-build gettext
	libncurses-dev libsqlite3-dev libinih-dev libqrencode-dev
	libsodium-dev libcmocka-dev libevdev-dev libcurl4-openssl-dev libmicrohttpd-dev
	zlib1g-dev sqlite3 tmux ncurses-term openssl curl bc clang-format
	scdoc groff-base man-db systemd tzdata bdf2psf pcf2bdf xfonts-terminus
	xvfb xterm xdotool xclip x11-utils fonts-dejavu-core"

# The Debian packages: debhelper builds them, lintian checks them.
deb_packages="dpkg-dev debhelper lintian"

# The boot tests (tests/vm): a Debian 12 image made from Debian's packages
# (mmdebstrap, an ext4 file system filled by mkfs.ext4 -d), booted under
# qemu-system-x86_64 without KVM; what the screen shows is read by
# tesseract; a USB stick is a FAT image (dosfstools).
vm_packages="mmdebstrap e2fsprogs qemu-system-x86 qemu-utils tesseract-ocr
	dosfstools"

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
	for p in "$@"; do
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

# The packages debian/control's Build-Depends names, versions dropped.
deb_build_depends() {
	sed -n '/^Build-Depends:/,/^[A-Z]/p' debian/control |
		sed -e 's/^Build-Depends://' -e '/^[A-Z]/d' |
		tr ',' '\n' | sed -e 's/(.*)//' -e 's/[[:space:]]//g' |
		grep -v -e '^$' -e '^debhelper-compat$' -e '^dh-sequence-'
}

build() {
	dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@"
	fi
	ninja -C "$dir"
}

# Runs one build's suite (further arguments go to meson test) and adds
# meson's counts to passed and failed.
run_suite() {
	log=$(mktemp)
	dir=$1
	shift
	{
		rc=0
		meson test -C "$dir" --print-errorlogs "$@" || rc=$?
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
	install_missing $packages
	build build
	exec build/src/kiosk/parvis --config kiosk.ini
	;;
test)
	install_missing $packages $deb_packages $vm_packages \
		$(deb_build_depends)
	build build
	build build-asan -Db_sanitize=address,undefined -Db_lundef=false
	passed=0
	failed=0
	run_suite build
	# The boot tests run the packages in a virtual machine: what ASan
	# would check is not in them.
	run_suite build-asan --no-suite vm
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
	;;
deb)
	install_missing $deb_packages $(deb_build_depends)
	DEB_BUILD_OPTIONS="parallel=2 ${DEB_BUILD_OPTIONS:-}" \
		dpkg-buildpackage --build=full -us -uc
	version=$(dpkg-parsechangelog -S Version)
	arch=$(dpkg --print-architecture)
	changes=../parvis_${version}_$arch.changes
	lintian --fail-on error --info "$changes"
	echo "Built in ..: $(grep -o '[^ ]*\.deb$' "$changes" | sort -u |
		tr '\n' ' ')"
	;;
*)
	echo "usage: sh scripts/quickstart.sh kiosk|test|deb" >&2
	exit 2
	;;
esac
