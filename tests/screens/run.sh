#!/bin/bash
# Scripted-screen test (STYLE.md, layer 3): runs the kiosk on one script
# from scripts/, compares every `dump` with expected/NAME/, and, when
# scripts/NAME.sql exists, the answers of those queries on the kiosk's
# database with expected/NAME/db.txt.  UPDATE_SCREENS=1 rewrites the
# expected files instead of comparing.
#
# usage: run.sh PARVIS SOURCE_DIR NAME
set -euo pipefail

parvis=$1
src=$2
name=$3
here=$src/tests/screens
script=$here/scripts/$name.txt
expected=$here/expected/$name
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Receipt codes are random, the free disk space and the database's size
# on the animator's health line depend on the machine, and so does the
# test's own folder (WORK): masked.
mask() {
	sed -E -e 's/\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b/XXXX-XXXX/g' \
		-e 's/(Disque libre : |Free disk: )-?[0-9]+/\1N/g' \
		-e 's/(base : |database: )[0-9]+/\1N/g' \
		-e "s#$work([^ ]*) *│#WORK\\1 │#g" -e "s#$work#WORK#g"
}

forms=$src/forms
size=80x24
clock=2026-11-25T09:30:00Z
question="Et vous, qu'est-ce qui vous ferait prendre le bus ?"
sql=$here/scripts/$name.sql
export TZ=UTC
# A script may set these in its first lines: "# forms: DIR", "# size: 100x30",
# "# clock: ISO", "# volunteer question: TEXT" (empty: none in kiosk.ini),
# "# queries: OTHER.sql" (the queries of another script), "# tz: ZONE"
# (the kiosk's time zone; UTC otherwise), "# glyphs: ascii" (a terminal
# that shows no glyph beyond ASCII: PARVIS_GLYPHS).
while IFS= read -r line; do
	case $line in
	"# forms: "*) forms=$src/${line#\# forms: } ;;
	"# size: "*) size=${line#\# size: } ;;
	"# clock: "*) clock=${line#\# clock: } ;;
	"# volunteer question:"*) question=${line#\# volunteer question:}
		question=${question# } ;;
	"# queries: "*) sql=$here/scripts/${line#\# queries: } ;;
	"# tz: "*) export TZ=${line#\# tz: } ;;
	"# glyphs: "*) export PARVIS_GLYPHS=${line#\# glyphs: } ;;
	"#"*) ;;
	*) break ;;
	esac
done <"$script"

cat >"$work/kiosk.ini" <<INI
[kiosk]
id = test-kiosk
name = Kiosque de test
forms = $forms
database = $work/parvis.db
communes = $src/data/communes.csv

[screen]
idle_seconds = 90
still_there_seconds = 20
thanks_seconds = 15
min_seconds_between_sessions = 3

[sites]
marche-digne = Marché de Digne-les-Bains
INI
if [ -n "$question" ]; then
	printf '\n[volunteer]\nquestion = %s\n' "$question" >>"$work/kiosk.ini"
fi

# The admin PIN of the tests is 4827 and the volunteers' 5937, set the way
# an animator sets them.
printf '4827\n4827\n' | "$parvis" --config "$work/kiosk.ini" set-pin >/dev/null
printf '5937\n5937\n' | "$parvis" --config "$work/kiosk.ini" set-pin \
	volunteer >/dev/null

mkdir "$work/dumps"
PARVIS_CLOCK=$clock PARVIS_SIZE=$size PARVIS_SCRIPT=$script \
	PARVIS_DUMP_DIR=$work/dumps "$parvis" --config "$work/kiosk.ini"

# A script may come with checks of what the kiosk left behind (files it
# wrote): scripts/NAME.sh PARVIS WORK_DIR, its output compared as check.txt.
if [ -f "$here/scripts/$name.sh" ]; then
	bash "$here/scripts/$name.sh" "$parvis" "$work" >"$work/dumps/check.txt"
fi
if [ -f "$sql" ]; then
	sqlite3 -batch "$work/parvis.db" <"$sql" |
		mask >"$work/dumps/db.txt"
fi
for f in "$work"/dumps/*.txt; do
	mask <"$f" >"$f.masked" && mv "$f.masked" "$f"
done

if [ "${UPDATE_SCREENS:-0}" = 1 ]; then
	rm -rf "$expected"
	mkdir -p "$expected"
	cp "$work"/dumps/*.txt "$expected/"
	echo "updated $expected"
	exit 0
fi
status=0
diff -ru "$expected" "$work/dumps" || status=1
exit $status
