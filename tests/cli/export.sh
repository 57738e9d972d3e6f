#!/bin/bash
# `parvis export`: a database is filled by the real kiosk on scripted
# participants (tests/data/journeys/: three who finish, through two
# consultations and both languages, one who walks away from a form that
# keeps partial answers, one from a form that drops them), then exported:
#   - CSV of each consultation and JSON of everything, compared with
#     tests/cli/expected/export/ (uuids, receipt codes and form hashes are
#     replaced by names; the fixed PARVIS_CLOCK makes the times stable);
#   - no CSV cell starts with = + - @ (formula injection), while quotes and
#     semicolons typed by participants come through whole;
#   - --output FILE writes the same bytes as stdout, atomically; into a
#     directory that does not exist: a clear message, status 1, no file;
#   - --config=FILE, --format=json, --form=ID and a unique prefix
#     (--forma) give the same exports;
#   - an unknown --format is a usage error (status 2);
#   - exporting never writes to the database.
#
# Args: PARVIS_EXE SOURCE_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

journeys=$DATA/journeys
cd "$WORK"
cat >kiosk.ini <<INI
[kiosk]
id       = cli-export
name     = Kiosque de test
forms    = $SRC/forms
database = parvis.db
communes = $SRC/data/communes.csv

[screen]
min_seconds_between_sessions = 0

[sites]
marche-digne = Marché de Digne-les-Bains
INI

# One participant per run of the kiosk, an hour apart.
hour=9
for journey in bus-daily bus-never-english conseil-quote bus-abandoned \
    conseil-abandoned; do
	hour=$((hour + 1))
	if PARVIS_CLOCK=2026-11-25T$hour:00:00Z \
	    PARVIS_SCRIPT=$journeys/$journey.txt PARVIS_DUMP_DIR=$WORK \
	    "$PARVIS" --config kiosk.ini >kiosk.out 2>kiosk.err; then
		pass "journey $journey"
	else
		fail "journey $journey: the kiosk ended with status $?"
		cat kiosk.err
	fi
done
if [ ! -f parvis.db ]; then
	fail "no database after the journeys"
	finish
fi
records=$(sqlite3 -readonly parvis.db \
    "SELECT group_concat(json_extract(line, '$.payload.form') || ':' ||
            json_extract(line, '$.payload.status'), ' ')
     FROM (SELECT line FROM records ORDER BY seq)")
want="transport-dignois:completed transport-dignois:completed conseil-citoyen:completed transport-dignois:abandoned"
if [ "$records" = "$want" ]; then
	pass "the database holds 3 completed and 1 abandoned submissions"
else
	fail "records in the database: '$records', expected '$want'"
fi

# Names for what is random: "uuid-N" and "receipt-N" for the record of seq
# N, and "sha256(forms/F.ini)" for the hash of a shipped form's text (so a
# hash that is not the file's own stays visible in the diff).
{
	sqlite3 -readonly -separator ' ' parvis.db \
	    "SELECT seq, json_extract(line, '$.uuid'),
	            json_extract(line, '$.payload.receipt') FROM records" |
	while read -r seq uuid receipt; do
		echo "s/$uuid/uuid-$seq/g"
		if [ -n "$receipt" ]; then
			echo "s/$receipt/receipt-$seq/g"
		fi
	done
	for form in "$SRC"/forms/*.ini; do
		echo "s/$(sha256sum <"$form" | cut -d' ' -f1)/sha256(forms\/$(basename "$form"))/g"
	done
} >names.sed
mask() {
	sed -f "$WORK/names.sed"
}
cp parvis.db before-export.db

# --- CSV and JSON --------------------------------------------------------
transcript export/transport-dignois.csv 0 --config kiosk.ini export \
    --format csv --form transport-dignois
cp "$OUT" transport.csv
transcript export/conseil-citoyen.csv 0 --config kiosk.ini export \
    --format csv --form conseil-citoyen
transcript export/all.json 0 --config kiosk.ini export --format json
cp "$OUT" all.json
# The options as GNU tools read them: --name=value, a unique prefix.
run_parvis --config=kiosk.ini export --format=json
if expect_status "export --format=json" 0 && cmp -s "$OUT" all.json; then
	pass "--config=FILE export --format=json: the same JSON"
else
	fail "--config=FILE export --format=json differs from --format json"
fi
run_parvis --config kiosk.ini export --form=transport-dignois --forma=csv
if expect_status "export --form=ID --forma=csv" 0 &&
    cmp -s "$OUT" transport.csv; then
	pass "export --form=ID --forma=csv: the same CSV"
else
	fail "export --form=ID --forma=csv differs from --format csv --form ID"
fi
transcript export/conseil-citoyen.json 0 --config kiosk.ini export \
    --format json --form conseil-citoyen
# CSV is the default format.
run_parvis --config kiosk.ini export --form transport-dignois
if cmp -s "$OUT" transport.csv; then
	pass "--format csv is the default"
else
	fail "export without --format differs from --format csv"
fi

# Several consultations in the database and no --form: one CSV cannot
# hold them; the message lists them and nothing is written.
transcript export/csv-several-forms 1 --config kiosk.ini export
if [ -s "$OUT" ]; then
	fail "export of several forms without --form wrote $(wc -c <"$OUT") bytes on stdout (expected nothing)"
fi
transcript export/unknown-form 1 --config kiosk.ini export --form nope
if [ -s "$OUT" ]; then
	fail "export --form nope wrote $(wc -c <"$OUT") bytes on stdout (expected nothing)"
fi
transcript export/unknown-format 2 --config kiosk.ini export --format xlsx

# --- CSV cells: no formula, text whole -------------------------------
# sqlite3 reads the CSV as a spreadsheet would (RFC 4180 quoting).
sed '1s/^\xEF\xBB\xBF//' transport.csv >transport-nobom.csv
sqlite3 csv.db ".import --csv transport-nobom.csv t"
columns=$(sqlite3 csv.db "SELECT name FROM pragma_table_info('t')")
risky=0
while IFS= read -r col; do
	n=$(sqlite3 csv.db "SELECT count(*) FROM t WHERE substr(\"$col\", 1, 1)
	    IN ('=', '+', '-', '@', char(9), char(13))")
	if [ "$n" -ne 0 ]; then
		fail "CSV column $col: $n cells start with = + - @ TAB or CR"
		risky=$((risky + n))
	fi
done <<<"$columns"
if [ "$risky" -eq 0 ]; then
	pass "no CSV cell starts with = + - @ TAB or CR"
fi
# expect_cell SEQ COLUMN VALUE
expect_cell() {
	local got
	got=$(sqlite3 csv.db "SELECT \"$2\" FROM t WHERE seq = '$1'")
	if [ "$got" = "$3" ]; then
		pass "CSV seq $1 $2: $3"
	else
		fail "CSV seq $1 $2: got [$got], expected [$3]"
	fi
}
expect_cell 1 idee "'=HYPERLINK(\"https://example.org\";\"clic\") dit \"merci\" ; point-virgule"
expect_cell 1 motifs.other "'@SUM(A1:A9)"
expect_cell 1 motifs "travail;courses;other"
expect_cell 1 trajets "12"
expect_cell 2 idee "'+33 4 92 00 00 00, \"call me\"; thanks"
expect_cell 2 freins.other "'-1 € per ticket would help"
expect_cell 4 status "abandoned"
if [ "$(sqlite3 csv.db "SELECT count(*) FROM t")" -eq 3 ]; then
	pass "CSV of transport-dignois: 3 rows"
else
	fail "CSV of transport-dignois: $(sqlite3 csv.db "SELECT count(*) FROM t") rows, expected 3"
fi
if [ "$(grep -c $'\r$' transport.csv)" -eq "$(wc -l <transport.csv)" ]; then
	pass "CSV lines end with CRLF"
else
	fail "CSV lines do not all end with CRLF"
fi

# --- JSON: one valid object per line, texts as typed -----------------
valid=0
while IFS= read -r line; do
	if [ "$(sqlite3 :memory: "SELECT json_valid('${line//\'/\'\'}')
	    AND json_type('${line//\'/\'\'}') = 'object'")" = 1 ]; then
		valid=$((valid + 1))
	fi
done <all.json
if [ "$valid" -eq 4 ] && [ "$(wc -l <all.json)" -eq 4 ]; then
	pass "JSON: 4 lines, each a valid JSON object"
else
	fail "JSON: $(wc -l <all.json) lines, $valid of them valid JSON objects (expected 4)"
fi
first=$(head -n 1 all.json)
idee=$(sqlite3 :memory: "SELECT json_extract('${first//\'/\'\'}',
    '$.payload.answers.idee')")
if [ "$idee" = "=HYPERLINK(\"https://example.org\";\"clic\") dit \"merci\" ; point-virgule" ]; then
	pass "JSON keeps the text as typed"
else
	fail "JSON idee of seq 1: [$idee]"
fi
# JSON lines are the records as frozen, byte for byte.
sqlite3 -readonly parvis.db "SELECT line FROM records ORDER BY seq" >frozen.json
if cmp -s frozen.json all.json; then
	pass "JSON lines are the frozen record lines"
else
	fail "JSON export differs from the records' frozen lines"
fi

# --- --output ----------------------------------------------------------
run_parvis --config kiosk.ini export --format csv --form transport-dignois \
    --output out/transport.csv
if [ "$STATUS" = 1 ] && [ ! -e out ] && grep -q "out/transport.csv" "$ERR"; then
	pass "--output into a missing directory: status 1, names the file"
else
	fail "--output into a missing directory: status $STATUS, stderr '$(cat "$ERR")', out/ $( [ -e out ] && echo exists || echo absent)"
fi
transcript export/output-missing-directory 1 --config kiosk.ini export \
    --format csv --form transport-dignois --output out/transport.csv
leftovers=$(find . -name '*.part' -o -name 'transport.csv.*' | wc -l)
if [ "$leftovers" -ne 0 ]; then
	fail "--output left a partial file: $(find . -name '*.part')"
fi

mkdir exports
run_parvis --config kiosk.ini export --format csv --form transport-dignois \
    --output exports/transport.csv
if expect_status "--output FILE" 0 && [ ! -s "$OUT" ] && [ ! -s "$ERR" ] &&
    cmp -s exports/transport.csv transport.csv; then
	pass "--output writes the same bytes as stdout, and nothing on stdout"
else
	fail "--output exports/transport.csv differs from stdout"
fi
# Over an existing file: replaced whole.
printf 'old content that is longer than nothing at all\n%.0s' $(seq 200) \
    >exports/all.json
run_parvis --config kiosk.ini export --format json --output exports/all.json
if expect_status "--output over a file" 0 && cmp -s exports/all.json all.json; then
	pass "--output replaces an existing file whole"
else
	fail "--output over an existing file: not the export"
fi
if [ "$(ls exports)" = "$(printf 'all.json\ntransport.csv')" ]; then
	pass "--output leaves no temporary file"
else
	fail "--output left files behind: $(ls exports | tr '\n' ' ')"
fi
# A directory in the way of the file: refused, and nothing left beside it.
mkdir exports/taken.csv
run_parvis --config kiosk.ini export --form transport-dignois \
    --output exports/taken.csv
if [ "$STATUS" = 1 ] && [ -s "$ERR" ] && [ -d exports/taken.csv ] &&
    [ "$(ls exports | wc -l)" -eq 3 ]; then
	pass "--output onto a directory: status 1, nothing written"
else
	fail "--output onto a directory: status $STATUS, files: $(ls exports | tr '\n' ' ')"
fi

# --- the database is only read ---------------------------------------
if cmp -s parvis.db before-export.db && [ ! -e parvis.db-wal ] &&
    [ ! -e parvis.db-journal ]; then
	pass "exporting left the database byte-identical"
else
	fail "exporting changed the database or left a journal: $(ls parvis.db*)"
fi

finish
