#!/bin/bash
# The animator's export onto a USB stick that cannot take it: a stick
# mounted read-only, and a full one (small tmpfs, as root).  The screen
# says so in French, nothing half-written is left, and the database is
# untouched (the export event is only logged after a written file).
#
# usage: export-targets.sh PARVIS SOURCE_DIR
set -euo pipefail

parvis=$1
src=$2
if [ "$(id -u)" != 0 ]; then
	echo "export-targets: needs root to mount the test sticks (tmpfs)"
	exit 77
fi
work=$(mktemp -d)
mounted=""
cleanup() {
	for m in $mounted; do
		umount "$m" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}

mkdir "$work/ro" "$work/full"
mount -t tmpfs -o size=64k,ro tmpfs "$work/ro" && mounted="$work/ro"
mount -t tmpfs -o size=64k tmpfs "$work/full" && mounted="$mounted $work/full"
dd if=/dev/zero of="$work/full/filler" bs=4k 2>/dev/null || true

pin=$(awk '/^\[/ { s = $0 } s == "[admin]" && /^pin[ \t]*=/' "$src/kiosk.ini")
cat >"$work/kiosk.ini" <<INI
[kiosk]
id = export-test
forms = $src/forms
database = $work/parvis.db
communes = $src/data/communes.csv

[admin]
$pin
INI

# script TARGET DUMP: open the export screen, type TARGET, export, dump.
script() {
	cat <<STEPS
tap "Exporter sur une clé USB"
key Backspace *300
type "$1"
tap "Exporter ✓"
dump $2
tap "◂ Retour"
STEPS
}
{
	echo 'key F10'
	echo 'type "4827"'
	echo 'tap "Valider"'
	echo 'tap "Chiffres du jour"'
	script "$work/ro/parvis.ndjson" read-only
	script "$work/full/parvis.ndjson" full
} >"$work/script.txt"
PARVIS_CLOCK=2026-11-25T10:00:00Z PARVIS_SCRIPT=$work/script.txt \
	PARVIS_DUMP_DIR=$work "$parvis" --config "$work/kiosk.ini"

# The screen wraps long messages: read each dump as one line of words.
said() {
	tr -s ' \n' '  ' <"$work/$1.txt" | grep -q "$2"
}
said read-only "lecture seule" ||
	fail "the read-only stick is not named as such: $(cat "$work/read-only.txt")"
said full "disque est plein" ||
	fail "the full stick is not named as such: $(cat "$work/full.txt")"
[ -z "$(ls -A "$work/ro")" ] || fail "something was written on the read-only stick"
ls "$work/full" | grep -v '^filler$' && fail "a half-written file is left"
[ "$(sqlite3 "$work/parvis.db" "SELECT count(*) FROM records WHERE
	json_extract(line, '$.payload.event') = 'export'")" = 0 ] ||
	fail "an export was logged though nothing was written"
echo "PASS: a read-only and a full stick are named, nothing is left"
