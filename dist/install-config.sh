#!/bin/sh
# meson install script: puts an example configuration file in place
# without ever overwriting one an administrator may have changed.
#
#   install-config.sh FILE DIR [MODE [GROUP]]
#
# DIR/NAME (NAME: FILE's name) is written only when it does not exist.
# When it exists and differs, FILE goes to DIR/NAME.example instead, and
# a note says so; when it is the same, nothing is done.  DESTDIR is
# respected (meson sets it, absolute, for install scripts).  A new file
# is given to GROUP when that group exists and this is a real install as
# root (no DESTDIR).
set -eu

file=$1
dir=${DESTDIR:-}$2
mode=${3:-0644}
group=${4:-}
name=$(basename "$file")
target=$dir/$name

mkdir -p "$dir"
if [ ! -e "$target" ]; then
	install -m "$mode" "$file" "$target"
	echo "Installing $target"
	if [ -n "$group" ] && [ -z "${DESTDIR:-}" ] && [ "$(id -u)" = 0 ] &&
		getent group "$group" >/dev/null; then
		chgrp "$group" "$target"
	fi
elif cmp -s "$file" "$target"; then
	echo "Keeping $target (unchanged)"
else
	install -m "$mode" "$file" "$target.example"
	echo "Keeping $target (changed here); the new example is" \
		"$target.example"
fi
