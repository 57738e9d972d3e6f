#!/bin/bash
# `parvis stats`: the figures of a database filled with known counts.
#   - The real kiosk runs scripted participants (tests/data/journeys/) on
#     two days: on 2026-11-24 at the Digne market, three who finish (two
#     consultations, both languages), one who walks away from a form that
#     keeps partial answers and one from a form that drops them; on
#     2026-11-25 at the Sisteron market, one more who finishes.  The site
#     of each day is set by a `site` event, as the admin screen does.
#   - tests/cli/append_record.c (the store API) adds what no command
#     writes: approaches and refusals, testimonies, and retractions of a
#     day-1 submission, an approach and a testimony, made on day 2 at the
#     other site.
#   - The text (English and French) and JSON outputs are compared with
#     tests/cli/expected/stats/, without filter and with --since, --site
#     and both; the JSON is valid and holds the counts; the retracted
#     records are left out; no text line is wider than 80 columns; the
#     database is only read.
#   - The options as GNU tools read them: --config=FILE, --format=json,
#     --since=DAY, unique prefixes, "--" give the same figures.
#   - Bad arguments (status 2, with a clear message; an unknown site
#     lists the sites of kiosk.ini) and a missing database (status 1).
#
# Args: PARVIS_EXE SOURCE_DIR APPEND_RECORD_EXE
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

if [ $# -lt 3 ]; then
	echo "usage: $0 PARVIS_EXE SOURCE_DIR APPEND_RECORD_EXE" >&2
	exit 2
fi
APPEND=$(realpath "$3")
journeys=$DATA/journeys
cd "$WORK"
cat >kiosk.ini <<INI
[kiosk]
id       = cli-stats
name     = Kiosque de test
forms    = $SRC/forms
database = parvis.db
communes = $SRC/data/communes.csv

[screen]
min_seconds_between_sessions = 0

[sites]
marche-digne    = Marché de Digne-les-Bains
marche-sisteron = Marché de Sisteron
INI

# record TIME TYPE SITE MODE PAYLOAD: appends one record; prints its uuid.
record() {
	local out
	if ! out=$(PARVIS_CLOCK=$1 "$APPEND" parvis.db cli-stats "$2" "$3" \
	    "$4" "$5" 2>&1); then
		fail "append_record $2 at $1: $out"
		return 1
	fi
	echo "${out#* }"
}

# event TIME SITE NAME [KEY VALUE]: an event of the admin screen.
event() {
	local payload
	payload=$(sqlite3 :memory: "SELECT CASE WHEN '${4:-}' = ''
	    THEN json_object('event', '$3')
	    ELSE json_object('event', '$3', '${4:-}', '${5:-}') END")
	record "$1" event "$2" self "$payload"
}

# journey TIME NAME: one participant on the real kiosk.
journey() {
	if PARVIS_CLOCK=$1 PARVIS_SCRIPT=$journeys/$2.txt \
	    PARVIS_DUMP_DIR=$WORK "$PARVIS" --config kiosk.ini \
	    >kiosk.out 2>kiosk.err; then
		pass "journey $2 at $1"
	else
		fail "journey $2 at $1: the kiosk ended with status $?"
		cat kiosk.err
	fi
}

# uuid_of SEQ
uuid_of() {
	sqlite3 -readonly parvis.db "SELECT uuid FROM records WHERE seq = $1"
}

# --- day 1, 2026-11-24, Digne market ---------------------------------
event 2026-11-24T08:55:00Z marche-digne site site marche-digne >/dev/null
event 2026-11-24T09:00:00Z marche-digne approach >/dev/null
event 2026-11-24T09:05:00Z marche-digne approach >/dev/null
journey 2026-11-24T09:10:00Z bus-daily
event 2026-11-24T09:40:00Z marche-digne approach >/dev/null
journey 2026-11-24T10:00:00Z bus-never-english
bus_never_seq=$(sqlite3 -readonly parvis.db "SELECT max(seq) FROM records")
event 2026-11-24T10:20:00Z marche-digne refusal >/dev/null
event 2026-11-24T10:30:00Z marche-digne approach >/dev/null
journey 2026-11-24T10:35:00Z conseil-quote
record 2026-11-24T11:00:00Z testimony marche-digne volunteer "$(sqlite3 \
    :memory: "SELECT json_object('question', 'Le bus, et vous ?',
    'words', 'Jamais le dimanche', 'quote', 'anonymous', 'age', '75-plus',
    'commune', '04070', 'tags', json_array('horaires'))")" >/dev/null
journey 2026-11-24T11:30:00Z bus-abandoned
journey 2026-11-24T12:30:00Z conseil-abandoned
wrong_approach=$(event 2026-11-24T12:45:00Z marche-digne approach)
wrong_testimony=$(record 2026-11-24T13:00:00Z testimony marche-digne \
    volunteer "$(sqlite3 :memory: "SELECT json_object('question',
    'Le bus, et vous ?', 'words', 'Saisi deux fois', 'quote', 'private',
    'age', '18-29', 'commune', '05070')")")

# --- day 2, 2026-11-25, Sisteron market, and the retractions ---------
event 2026-11-25T08:30:00Z marche-sisteron site site marche-sisteron \
    >/dev/null
event 2026-11-25T09:00:00Z marche-sisteron approach >/dev/null
event 2026-11-25T09:10:00Z marche-sisteron approach >/dev/null
event 2026-11-25T09:20:00Z marche-sisteron refusal >/dev/null
journey 2026-11-25T10:00:00Z bus-daily
for uuid in "$(uuid_of "$bus_never_seq")" "$wrong_approach" \
    "$wrong_testimony"; do
	record 2026-11-25T11:00:00Z retraction marche-sisteron self \
	    "$(sqlite3 :memory: "SELECT json_object('retracts', '$uuid',
	    'reason', 'saisie en double')")" >/dev/null
done

counts=$(sqlite3 -readonly parvis.db "SELECT group_concat(n, ' ') FROM
    (SELECT type || ':' || count(*) AS n FROM records GROUP BY type
     ORDER BY type)")
want="event:11 retraction:3 submission:5 testimony:2"
if [ "$counts" = "$want" ]; then
	pass "the database holds $want"
else
	fail "records in the database: '$counts', expected '$want'"
fi
sites=$(sqlite3 -readonly parvis.db "SELECT group_concat(
    json_extract(line, '$.site'), ' ') FROM records
    WHERE type = 'submission'")
if [ "$sites" = "$(printf 'marche-digne %.0s' 1 2 3 4)marche-sisteron" ]; then
	pass "the kiosk wrote each submission at the site of the day"
else
	fail "sites of the submissions: '$sites'"
fi
cp parvis.db before-stats.db

# --- the figures ------------------------------------------------------
export PARVIS_CLOCK=2026-11-25T18:00:00Z
# text NAME ARGS...: a transcript of text output, kept in texts.out for
# the width check.
text() {
	transcript "$@"
	cat "$OUT" >>texts.out
}
text stats/all.text 0 --config kiosk.ini stats
cp "$OUT" all.text
transcript stats/all.json 0 --config kiosk.ini stats --format json
cp "$OUT" all.json
text stats/since.text 0 --config kiosk.ini stats --since 2026-11-25
cp "$OUT" since.text
text stats/site.text 0 --config kiosk.ini stats --site marche-digne
transcript stats/site.json 0 --config kiosk.ini stats --site marche-digne \
    --format json
text stats/nothing.text 0 --config kiosk.ini stats --since 2026-11-25 \
    --site marche-digne
cp "$OUT" nothing.text
LANGUAGE=fr text stats/all.fr.text 0 --config kiosk.ini stats
cp "$OUT" all.fr.text
LANGUAGE=fr text stats/since-site.fr.text 0 --config kiosk.ini stats \
    --format text --since 2026-11-24 --site marche-sisteron
run_parvis --config kiosk.ini stats --format text
if cmp -s "$OUT" all.text; then
	pass "--format text is the default"
else
	fail "stats without --format differs from --format text"
fi

# --- the options as GNU tools read them --------------------------------
# same_as WHAT FILE ARGS...: parvis ARGS prints FILE, with status 0.
same_as() {
	local what=$1 file=$2
	shift 2
	run_parvis "$@"
	if expect_status "$what" 0 && cmp -s "$OUT" "$file"; then
		pass "$what"
	else
		fail "$what: not the same figures as $file"
	fi
}
same_as "--config=FILE --format=json" all.json --config=kiosk.ini stats \
    --format=json
same_as "--since=DAY" since.text --config kiosk.ini stats --since=2026-11-25
same_as "--since=DAY --site=SITE --format=text" nothing.text --config \
    kiosk.ini stats --since=2026-11-25 --site=marche-digne --format=text
same_as "a unique prefix: --sin, --fo" since.text --config kiosk.ini stats \
    --sin 2026-11-25 --fo=text
same_as "-- ends the options" all.text --config kiosk.ini stats --

# --- JSON: valid, and the counts ---------------------------------------
# json_is PATH VALUE: json_extract of all.json.
json_is() {
	local got
	got=$(sqlite3 :memory: "SELECT coalesce(json_extract(
	    readfile('all.json'), '$1'), 'null')")
	if [ "$got" = "$2" ]; then
		pass "JSON $1 = $2"
	else
		fail "JSON $1 is '$got', expected '$2'"
	fi
}
valid=$(sqlite3 :memory: "SELECT json_valid(readfile('all.json'))")
if [ "$(wc -l <all.json)" -eq 1 ] && [ "$valid" = 1 ]; then
	pass "JSON: one line, valid"
else
	fail "JSON: not one valid line"
fi
# 5 submissions, one retracted: 3 completed (bus-daily twice and
# conseil-quote), 1 abandoned (bus-abandoned; conseil drops them).
json_is '$.totals.completed' 3
json_is '$.totals.abandoned' 1
json_is '$.totals.testimonies' 1
json_is '$.totals.approaches' 6
json_is '$.totals.refusals' 2
json_is '$.totals.response_rate' 50.0
json_is '$.consultations[1].form' transport-dignois
json_is '$.consultations[1].gave_up[0].question' motifs
json_is '$.sites[0].completed' 2
json_is '$.sites[1].site' marche-sisteron
json_is '$.reach.hors_territoire' 1
json_is '$.reach.communes[0].insee' 04070
json_is '$.reach.communes[0].participants' 3

# --- what must never show ----------------------------------------------
for text in "HYPERLINK" "on verra" "Jamais le dimanche" "Saisi deux fois" \
    "call me" "€ per ticket"; do
	if grep -q -F -- "$text" all.text all.json all.fr.text; then
		fail "the figures show a text typed by someone: $text"
	else
		pass "no typed text in the figures: $text"
	fi
done
wide=$(wc -L <texts.out)
if [ "$wide" -le 80 ]; then
	pass "no text line is wider than 80 columns ($wide)"
else
	fail "a text line is $wide columns wide"
fi

# --- bad arguments, missing database --------------------------------
transcript stats/since-not-a-date 2 --config kiosk.ini stats --since \
    2026-02-30
transcript stats/since-missing 2 --config kiosk.ini stats --since
transcript stats/unknown-format 2 --config kiosk.ini stats --format xml
transcript stats/unknown-option 2 --config kiosk.ini stats --forms x
# As in GNU tools, a unique prefix is the option: --form is --format.
transcript stats/abbreviated-option 2 --config kiosk.ini stats --form x
transcript stats/unknown-site 2 --config kiosk.ini stats --site gare
LANGUAGE=fr transcript stats/unknown-site.fr 2 --config kiosk.ini stats \
    --site gare
sed 's/^database = parvis.db$/database = nowhere.db/' kiosk.ini >nodb.ini
transcript stats/no-database 1 --config nodb.ini stats
if [ -e nowhere.db ]; then
	fail "stats created a database"
fi
sed '/^\[sites\]/,$d' kiosk.ini >nosites.ini
transcript stats/no-sites 2 --config nosites.ini stats --site marche-digne

# --- the database is only read -----------------------------------------
if cmp -s parvis.db before-stats.db && [ ! -e parvis.db-wal ] &&
    [ ! -e parvis.db-journal ]; then
	pass "the figures left the database byte-identical"
else
	fail "stats changed the database or left a journal: $(ls parvis.db*)"
fi

finish
