#!/bin/bash
# Calibrating the touchscreen from the animator's screens: two touches on
# the crosses (raw coordinates, given by the script's `touch` step) give
# the axes, written into calibration.ini beside the database (kiosk.ini,
# read-only to the kiosk service, is not written) and logged as a
# `calibration` event; two touches that do not fit together are refused
# and the crosses start again.
#
# usage: calibrate.sh PARVIS SOURCE_DIR
set -euo pipefail

parvis=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}

pin=$(awk '/^\[/ { s = $0 } s == "[admin]" && /^pin[ \t]*=/' "$src/kiosk.ini")
cat >"$work/kiosk.ini" <<INI
[kiosk]
id = calibrate-test
forms = $src/forms
database = $work/parvis.db
communes = $src/data/communes.csv

[touch]
; the device is not opened by a scripted kiosk
device = /dev/null

[admin]
$pin
INI
cp "$work/kiosk.ini" "$work/before.ini"
cat >"$work/script.txt" <<'EOF2'
key F10
type "4827"
tap "Valider"
key 8
dump 01-first-cross
touch 230 427
dump 02-second-cross
touch 200 3669
dump 03-refused
touch 230 427
touch 3866 3669
dump 04-back-to-admin
EOF2
PARVIS_CLOCK=2026-11-25T10:00:00Z PARVIS_SCRIPT=$work/script.txt \
	PARVIS_DUMP_DIR=$work "$parvis" --config "$work/kiosk.ini"

grep -q "Touchez le centre de la croix, en haut à gauche" \
	"$work/01-first-cross.txt" || fail "no first cross"
grep -q "┼" "$work/01-first-cross.txt" || fail "no cross drawn"
grep -q "en bas à droite" "$work/02-second-cross.txt" || fail "no second cross"
grep -q "ne vont pas ensemble" "$work/03-refused.txt" ||
	fail "two touches that do not fit were not refused"
grep -q "Retour au kiosque" "$work/04-back-to-admin.txt" ||
	fail "not back on the animator's screen"

[ -f "$work/calibration.ini" ] || fail "no calibration.ini beside the database"
for key in min_x max_x min_y max_y; do
	value=$(awk -v k="$key" '/^\[/ { s = $0 } s == "[touch]" &&
		$1 == k { print $3 }' "$work/calibration.ini")
	case $key in
	min_*) [ "$value" -ge -2 ] && [ "$value" -le 2 ] ;;
	max_*) [ "$value" -ge 4093 ] && [ "$value" -le 4097 ] ;;
	esac || fail "$key = $value in calibration.ini"
done
cmp -s "$work/kiosk.ini" "$work/before.ini" || fail "kiosk.ini was written"
[ ! -e "$work/kiosk.ini.new" ] || fail "a kiosk.ini.new was left"
[ "$(sqlite3 "$work/parvis.db" "SELECT count(*) FROM records WHERE
	json_extract(line, '$.payload.event') = 'calibration'")" = 1 ] ||
	fail "no calibration event"
echo "PASS: calibration written beside the database and logged"
