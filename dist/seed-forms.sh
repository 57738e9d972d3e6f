#!/bin/sh
# meson install script: gives a newly installed kiosk the consultations
# shipped with parvis.
#
#   seed-forms.sh SHARED_FORMS_DIR STATE_FORMS_DIR
#
# The kiosk's forms directory (STATE_FORMS_DIR, [kiosk] forms of the
# installed kiosk.ini) is where `parvis sync` writes the collector's
# consultations, so it lives under /var/lib/parvis, not /usr/share.  It
# is filled only when it does not exist yet (the first install): after
# that it belongs to the animator and to sync.  The copied files are
# listed in its .parvis-pulled file (the `sha256sum` format sync uses),
# so a newer version of the same consultation published on the collector
# replaces them, as it replaces the forms sync wrote itself; a file edited
# by hand is never replaced.  DESTDIR is respected.
set -eu

src=${DESTDIR:-}$1
dst=${DESTDIR:-}$2

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
echo "Installing $dst (the consultations shipped with parvis)"
