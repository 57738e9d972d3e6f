#!/bin/bash
# A withdrawn record (a retraction names it) is left out of every export:
# the CSV has no row for it, the JSON lines not its line (the retraction
# itself stays, without the withdrawn content).
#
# usage: export-withdrawn.sh PARVIS SOURCE_DIR APPEND_RECORD
set -euo pipefail

parvis=$1
src=$2
append=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}

cat >"$work/kiosk.ini" <<INI
[kiosk]
id = withdrawn-test
forms = $src/forms
database = $work/parvis.db
communes = $src/data/communes.csv

[screen]
min_seconds_between_sessions = 0
INI
# Two passers-by answer the bus consultation.
for who in 1 2; do
	cat <<'STEPS'
tap "Commencer"
tap "Le bus à Digne-les-Bains"
key Enter
key Enter
key 5
key Enter
tap "Passer"
tap "Passer"
tap "Passer"
tap "Passer"
tap "Passer"
tap "Terminer"
STEPS
done >"$work/script.txt"
PARVIS_CLOCK=2026-11-25T10:00:00Z PARVIS_SCRIPT=$work/script.txt \
	PARVIS_DUMP_DIR=$work "$parvis" --config "$work/kiosk.ini"
first=$(sqlite3 "$work/parvis.db" "SELECT uuid FROM records WHERE seq = 1")
[ -n "$first" ] || fail "no first submission"

"$parvis" --config "$work/kiosk.ini" export --format csv \
	--form transport-dignois >"$work/before.csv"
[ "$(grep -c "$first" "$work/before.csv")" = 1 ] ||
	fail "the first submission is not in the CSV before its withdrawal"

PARVIS_CLOCK=2026-11-25T11:00:00Z "$append" "$work/parvis.db" \
	withdrawn-test retraction - volunteer \
	"{\"retracts\":\"$first\",\"reason\":\"asked by the person\"}" >/dev/null

"$parvis" --config "$work/kiosk.ini" export --format csv \
	--form transport-dignois >"$work/after.csv"
"$parvis" --config "$work/kiosk.ini" export --format json >"$work/after.json"
grep -q "$first" "$work/after.csv" && fail "the withdrawn submission is in the CSV"
[ "$(wc -l <"$work/after.csv")" = 2 ] ||
	fail "the CSV should hold the header and one row: $(cat "$work/after.csv")"
[ "$(grep -c "$first" "$work/after.json")" = 1 ] ||
	fail "the JSON should name the withdrawn uuid once, in the retraction"
grep "$first" "$work/after.json" | grep -q '"type":"retraction"' ||
	fail "the only line naming it should be the retraction"
[ "$(wc -l <"$work/after.json")" = 2 ] ||
	fail "the JSON should hold the other submission and the retraction"
echo "PASS: withdrawn records are left out of the exports"
