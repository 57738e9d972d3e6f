#!/bin/bash
# A whole market day on the kiosk alone: the animator sets the site of the
# day and counts the people approached and a refusal; passers-by answer;
# a porteur de parole records a testimony with a commune and a theme of
# the consultation's [testimony] section, under its question; the
# animator exports everything onto a "USB stick" and syncs from the admin
# screen; at night the collector holds exactly the kiosk's records, the
# stick holds them as they were when exported, and the figures count the
# approaches, the refusal, the answers and the theme.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server

k=$work/k
mkdir -p "$k/forms" "$work/stick"
cp "$src/tests/e2e/forms/velo-sisteron.ini" "$k/forms/"
cat >>"$k/forms/velo-sisteron.ini" <<'INI'

[testimony]
question = Et vous, qu'est-ce qui vous ferait prendre le vélo ?
tag = pistes  | Des pistes sûres
tag = arceaux | Des arceaux
INI
cat >"$k/kiosk.ini" <<INI
[kiosk]
id = kiosk-a
forms = forms
database = kiosk.db
communes = $src/data/communes.csv

[sites]
marche-sisteron = Marché de Sisteron
INI
enrol "$work/c" "$k" kiosk-a
set_sync "$k" "https://127.0.0.1:$collector_port" "ca_file = $work/pki/ca.pem"
printf '4827\n4827\n' | "$parvis" --config "$k/kiosk.ini" set-pin >/dev/null
printf '5937\n5937\n' | "$parvis" --config "$k/kiosk.ini" set-pin \
	volunteer >/dev/null

{
	# 8:30, the animator sets up.
	echo 'key F10'
	echo 'type "4827"'
	echo 'tap "Valider"'
	echo 'tap "Site : aucun pour l’instant"'
	echo 'tap "Marché de Sisteron"'
	echo 'key 2'
	echo 'key 2'
	echo 'key 2'
	echo 'key 3'
	echo 'tap "Retour au kiosque"'
	# The morning: two passers-by, then a porteur de parole.
	journeys 2
	echo 'key F10'
	echo 'type "5937"'
	echo 'tap "Valider"'
	echo 'dump volunteer'
	echo 'type "Des pistes, oui, mais surtout des arceaux devant la poste."'
	echo 'key Enter'
	echo 'tap "Commune (si la personne le veut bien)…"'
	echo 'type "sist"'
	echo 'key Enter'
	echo 'tap "Thèmes…"'
	echo 'tap "Des arceaux"'
	echo 'tap "Valider ▸"'
	echo 'tap "Avec son prénom"'
	echo 'key Enter'
	echo 'type "Josette"'
	echo 'tap "Enregistrer ✓"'
	echo 'tap "◂ Terminer"'
	# 18:00, the animator exports onto the stick, then syncs.
	echo 'key F10'
	echo 'type "4827"'
	echo 'tap "Valider"'
	echo 'tap "Chiffres du jour"'
	echo 'tap "Exporter sur une clé USB"'
	echo 'key Backspace *120'
	echo "type \"$work/stick/parvis-kiosk-a.ndjson\""
	echo 'tap "Exporter ✓"'
	echo 'dump exported'
	echo 'tap "◂ Retour"'
	echo 'tap "◂ Retour"'
	echo 'tap "Synchroniser"'
	for _ in $(seq 200); do
		echo 'advance 200ms'
	done
	echo 'expect "tout est à jour"'
	echo 'tap "Retour"'
	echo 'tap "Retour au kiosque"'
} >"$k/day.txt"
PARVIS_CLOCK=2026-11-28T08:30:00Z PARVIS_SIZE=80x24 \
	PARVIS_SCRIPT=$k/day.txt PARVIS_DUMP_DIR=$k \
	"$parvis" --config "$k/kiosk.ini" >"$k/kiosk.log" 2>&1 || {
	cat "$k/kiosk.log"
	fail "the day's script failed"
}
expect_in "$k/volunteer.txt" \
	"Question du jour : Et vous, qu'est-ce qui vous ferait prendre le"

# What was written after the admin screen's sync (leaving it) goes with
# the night's timer sync.
sync_kiosk "$k"
[ "$sync_status" = 0 ] || fail "the night's sync exited $sync_status"
same_records "$work/c" "$k"

# The stick holds the records as they were when exported.
stick=$work/stick/parvis-kiosk-a.ndjson
[ -s "$stick" ] || fail "nothing on the stick"
# (through a file: head stopping early would kill sqlite3 with SIGPIPE)
kiosk_lines "$k" >"$work/stick/all"
head -n "$(wc -l <"$stick")" "$work/stick/all" >"$work/stick/expected"
cmp -s "$stick" "$work/stick/expected" ||
	fail "the stick does not hold the kiosk's records as they were"

# The day's figures.
"$parvis" --config "$k/kiosk.ini" stats --format json >"$k/stats.json"
totals=$(sqlite3 :memory: "SELECT json_extract(j, '\$.totals.completed'),
	json_extract(j, '\$.totals.testimonies'),
	json_extract(j, '\$.totals.approaches'),
	json_extract(j, '\$.totals.refusals')
	FROM (SELECT CAST(readfile('$k/stats.json') AS TEXT) AS j)" | tr '|' ' ')
[ "$totals" = "2 1 3 1" ] || fail "figures: completed, testimonies," \
	"approached, refusals: $totals (expected 2 1 3 1)"
expect_in "$k/stats.json" '"testimonies":1,"themes":[{"key":"pistes","label":"Des pistes sûres","count":0},{"key":"arceaux","label":"Des arceaux","count":1}]'
LANGUAGE=fr "$parvis" --config "$k/kiosk.ini" stats --site marche-sisteron \
	>"$k/stats.txt"
expect_in "$k/stats.txt" "Thèmes du 1 témoignage"
collector "$work/c" export --format json --form velo-sisteron \
	>"$work/c/velo.ndjson"
[ "$(grep -c '"type":"testimony"' "$work/c/velo.ndjson")" = 1 ] ||
	fail "the testimony is not filed under its consultation"
echo "ok: a market day; $(kiosk_count "$k") records on the collector," \
	"$(wc -l <"$stick") on the stick"
