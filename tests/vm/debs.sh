#!/bin/bash
# The Debian packages the boot tests install: debian/ built with
# dpkg-buildpackage from a copy of the source tree (the files git knows,
# as they are now, uncommitted changes included; not tests/, which the
# packages do not build) inside the build directory, so nothing is
# written beside the source.  They are built again only when that copy
# changed.
#
# usage: debs.sh SOURCE_DIR OUT_DIR
# prints the paths of the parvis and parvis-collect packages
set -euo pipefail

src=$1
out=$2
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9

tree=$out/tree
rm -rf "$tree"
mkdir -p "$tree/parvis"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z --cached --others --exclude-standard \
		-- . ':!tests' ':!.ci') |
		(cd "$src" && tar --null --no-recursion --ignore-failed-read \
			-T - -cf - 2>/dev/null) |
		tar -xf - -C "$tree/parvis"
else
	tar -C "$src" --exclude='./build*' --exclude='./obj-*' \
		--exclude=./tests --exclude=./.ci -cf - . |
		tar -xf - -C "$tree/parvis"
fi
# Files git lists but that were deleted are not there: that is fine.
sum=$(cd "$tree/parvis" && find . -type f -print0 | sort -z |
	xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$sum" ] &&
	ls "$out"/parvis_*.deb "$out"/parvis-collect_*.deb >/dev/null 2>&1; then
	rm -rf "$tree"
	ls "$out"/parvis_*.deb "$out"/parvis-collect_*.deb
	exit 0
fi
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo "$out/stamp"
(cd "$tree/parvis" &&
	DEB_BUILD_OPTIONS="parallel=2 nocheck noddebs" \
		dpkg-buildpackage --build=binary -us -uc) >"$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "FAIL: dpkg-buildpackage (log: $out/build.log)" >&2
	exit 1
}
mv "$tree"/*.deb "$tree"/*.changes "$tree"/*.buildinfo "$out"/
rm -rf "$tree"
echo "$sum" >"$out/stamp"
ls "$out"/parvis_*.deb "$out"/parvis-collect_*.deb
