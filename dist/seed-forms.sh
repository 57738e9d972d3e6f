#!/bin/sh
# meson install script: gives a newly installed kiosk the consultations
# shipped with parvis.
#
#   seed-forms.sh SHARED_FORMS_DIR STATE_FORMS_DIR [OWNER]
#
# The kiosk's forms directory (STATE_FORMS_DIR, [kiosk] forms of the
# installed kiosk.ini) is where `parvis sync` writes the collector's
# consultations, so it lives under /var/lib/parvis, not /usr/share.  It
# is filled only when it does not exist yet (the first install): after
# that it belongs to the animator and to sync.  The copied files are
# listed in its .parvis-pulled file (the `sha256sum` format sync uses),
# so a newer version of the same consultation published on the collector
# replaces them, as it replaces the forms sync wrote itself; a file edited
# by hand is never replaced.  DESTDIR is respected.  A new state
# directory is given to OWNER (user and group) when that user exists and
# this is a real install as root (no DESTDIR): the kiosk's own from the
# start, as systemd's StateDirectory= would make it.
set -eu

src=${DESTDIR:-}$1
dst=${DESTDIR:-}$2
owner=${3:-}

if [ -e "$dst" ]; then
	echo "Keeping $dst (the kiosk's consultations)"
	exit 0
fi
# The answers collected will be beside it: the state directory is
# private (systemd's StateDirectory= gives it to the kiosk's user).
state=$(dirname "$dst")
if [ ! -e "$state" ]; then
	mkdir -p "$(dirname "$state")"
	mkdir -m 0700 "$state"
fi
mkdir "$dst"
cp "$src"/*.ini "$dst"/
(cd "$dst" && sha256sum -- *.ini >.parvis-pulled)
if [ -n "$owner" ] && [ -z "${DESTDIR:-}" ] && [ "$(id -u)" = 0 ] &&
	getent passwd "$owner" >/dev/null; then
	chown "$owner:$owner" "$state"
	chown -R "$owner:$owner" "$dst"
fi
echo "Installing $dst (the consultations shipped with parvis)"
