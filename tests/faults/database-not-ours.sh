#!/bin/bash
# A database that is not ours is refused and never touched.  For each of:
#   - a text file (notes saved under the database's name),
#   - the SQLite database of another program (made with the sqlite3 CLI,
#     once with a rollback journal, once in WAL mode),
#   - a parvis database damaged in the middle of a page (a real one, made
#     by the kiosk, then overwritten with dd conv=notrunc),
#   - a parvis database of another kiosk id, alone or with a write-ahead
#     log left by a power cut,
#   - a parvis database written by a newer parvis (a higher user_version),
# the kiosk (scripted, with a participant ready to answer) and
# `parvis export` stop with status 1 and a clear message naming the file,
# and leave it byte-identical (cmp before and after) with nothing created
# beside it (no -wal, -shm or -journal file).
#
# Args: PARVIS_EXE SOURCE_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh" "$@"
EXPECTED=$SRC/tests/faults/expected

cd "$WORK"
# make_config DIR KIOSK_ID: DIR/kiosk.ini with its database DIR/parvis.db.
make_config() {
	mkdir -p "$1"
	cat >"$1/kiosk.ini" <<INI
[kiosk]
id       = $2
name     = Kiosque de test
forms    = $SRC/forms
database = parvis.db
communes = $SRC/data/communes.csv

[screen]
min_seconds_between_sessions = 0
INI
}

# run_kiosk DIR: the kiosk of DIR/kiosk.ini on one scripted participant.
run_kiosk() {
	(cd "$1" && PARVIS_SCRIPT=$DATA/journeys/bus-daily.txt \
	    PARVIS_DUMP_DIR=$WORK "$PARVIS" --config kiosk.ini)
}

# A real database of kiosk "faults-01", with one submission.
make_config real faults-01
if ! run_kiosk real >real/kiosk.out 2>&1; then
	cat real/kiosk.out
	fail "the kiosk did not make its database"
	finish
fi
if [ "$(sqlite3 -readonly real/parvis.db "SELECT count(*) FROM records")" != 1 ]; then
	fail "the real database does not hold one record"
	finish
fi

# --- the cases ---------------------------------------------------------
make_config text faults-01
cat >text/parvis.db <<'EOF'
Notes du stand, samedi 14 novembre : 37 personnes, 12 refus.
Penser à recharger la batterie du kiosque.
EOF

make_config other-app faults-01
sqlite3 other-app/parvis.db \
    "CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT, title TEXT);
     INSERT INTO moz_places(url, title) VALUES
         ('https://www.digne-les-bains.fr', 'Digne-les-Bains');"

make_config other-app-wal faults-01
sqlite3 other-app-wal/parvis.db >/dev/null \
    "PRAGMA journal_mode = WAL;
     CREATE TABLE contacts(name TEXT, phone TEXT);
     INSERT INTO contacts VALUES ('Mairie de Laragne', '04 92 65 00 00');"

# The records table's page of the real database: its first cell (the
# record) is overwritten by 64 bytes, in the middle of the page, where a
# failing disk or a bad copy would do it.
make_config corrupt faults-01
cp real/parvis.db corrupt/parvis.db
page_size=$(sqlite3 -readonly real/parvis.db "PRAGMA page_size")
root=$(sqlite3 -readonly real/parvis.db \
    "SELECT rootpage FROM sqlite_schema WHERE name = 'records'")
page=$(((root - 1) * page_size))
# bytes 5-6 of a b-tree page header: where its cell content starts
content=$(od -An -tu1 -j $((page + 5)) -N 2 corrupt/parvis.db |
    awk '{ print $1 * 256 + $2 }')
if [ "$content" -le 100 ] || [ "$content" -ge "$page_size" ]; then
	fail "unexpected layout of the records page (content at $content)"
fi
head -c 64 /dev/zero | tr '\0' '\377' |
    dd of=corrupt/parvis.db bs=1 seek=$((page + content)) conv=notrunc \
    status=none
cp corrupt/parvis.db quick-check.db
if [ "$(sqlite3 quick-check.db "PRAGMA quick_check" 2>&1)" = ok ]; then
	fail "the damage was not seen by SQLite's quick_check"
fi
rm -f quick-check.db*

make_config other-kiosk faults-02
cp real/parvis.db other-kiosk/parvis.db

# Another kiosk's database copied with its write-ahead log, as a power cut
# leaves it: committed changes still in parvis.db-wal.  Refusing it must
# not fold that log into the file either.
make_config other-kiosk-wal faults-02
cp real/parvis.db other-kiosk-wal/parvis.db
mkfifo sqlite.fifo
sqlite3 other-kiosk-wal/parvis.db <sqlite.fifo >sqlite.out 2>&1 &
sqlite_pid=$!
exec 9>sqlite.fifo
echo "PRAGMA wal_autocheckpoint = 0;
      CREATE TABLE notes(text TEXT);
      INSERT INTO notes VALUES ('écrit avant la coupure');
      SELECT 'committed';" >&9
end=$((SECONDS + 15))
while ! grep -q committed sqlite.out && [ "$SECONDS" -lt "$end" ]; do
	sleep 0.05
done
kill -KILL "$sqlite_pid"
wait "$sqlite_pid" 2>/dev/null || true
exec 9>&-
if [ ! -s other-kiosk-wal/parvis.db-wal ]; then
	fail "could not leave a write-ahead log beside the database"
fi

make_config newer faults-01
cp real/parvis.db newer/parvis.db
sqlite3 newer/parvis.db "PRAGMA user_version = 999"

# --- each is refused, and left as it was -------------------------------
# expect_refused CASE WORDS: the kiosk and export refuse CASE's database
# with status 1 and a message holding WORDS (an extended regexp) and the
# file's name; the file and its directory are unchanged.
expect_refused() {
	local case=$1 words=$2 what
	# parvis.db-shm is only an index that any reader of a WAL database
	# rebuilds: the file and its log are what must not change.
	mkdir "$case.before"
	cp "$case"/parvis.db "$case.before/"
	if [ -e "$case/parvis.db-wal" ]; then
		cp "$case/parvis.db-wal" "$case.before/"
	fi
	ls -A "$case" | grep -v -- -shm >"$case.files" || true
	for what in kiosk export; do
		if [ "$what" = kiosk ]; then
			(cd "$case" && PARVIS_SCRIPT=$DATA/journeys/bus-daily.txt \
			    PARVIS_DUMP_DIR=$WORK "$PARVIS" --config kiosk.ini \
			    >"$WORK/run.out" 2>"$WORK/run.err") && STATUS=0 || STATUS=$?
		else
			(cd "$case" && "$PARVIS" --config kiosk.ini export \
			    --format json >"$WORK/run.out" 2>"$WORK/run.err") &&
			    STATUS=0 || STATUS=$?
		fi
		OUT=$WORK/run.out
		ERR=$WORK/run.err
		if [ "$STATUS" = 1 ] && grep -qE -- "$words" "$ERR" &&
		    grep -q "parvis.db" "$ERR"; then
			pass "$case: $what refuses: $(head -n 1 "$ERR")"
		else
			fail "$case: $what: status $STATUS, stderr '$(cat "$ERR")' (expected status 1 and /$words/)"
		fi
		if [ -s "$OUT" ]; then
			fail "$case: $what wrote on stdout: $(head -c 200 "$OUT")"
		fi
		local f changed=
		for f in "$case.before"/*; do
			if ! cmp -s "$f" "$case/$(basename "$f")"; then
				changed+=" $(basename "$f")"
				cp "$f" "$case/"
			fi
		done
		if [ -z "$changed" ]; then
			pass "$case: $what left $(ls "$case.before" | tr '\n' ' ')byte-identical"
		else
			fail "$case: $what changed or removed:$changed"
		fi
		if [ "$(ls -A "$case" | grep -v -- -shm)" = "$(cat "$case.files")" ]; then
			pass "$case: $what created nothing beside it"
		else
			fail "$case: $what left the files: $(ls -A "$case" | tr '\n' ' ')(before: $(tr '\n' ' ' <"$case.files"))"
			for f in "$case"/parvis.db-*; do
				if [ -e "$f" ] && [ ! -e "$case.before/$(basename "$f")" ]; then
					rm -f "$f"
				fi
			done
		fi
	done
	# The messages, word for word (not for the damaged file: SQLite's
	# own report of the damage is part of it).
	if [ "$case" != corrupt ]; then
		cd "$WORK/$case"
		transcript "database-not-ours/$case" 1 --config kiosk.ini \
		    export --format json
		cd "$WORK"
	fi
}

expect_refused text "not a parvis database"
expect_refused other-app "not a parvis database"
expect_refused other-app-wal "not a parvis database"
expect_refused corrupt "damaged"
expect_refused other-kiosk "belongs to kiosk \"faults-01\", not to \"faults-02\""
expect_refused other-kiosk-wal "belongs to kiosk \"faults-01\", not to \"faults-02\""
expect_refused newer "newer parvis"

# A message that sends the animator to a kiosk.ini key must name a key
# that exists (see parvis --help-config).
(cd other-kiosk && "$PARVIS" --config kiosk.ini export 2>"$WORK/msg.err" || true)
"$PARVIS" --help-config | awk '/^[a-z_]+ / { print $1 }' >keys.txt
for key in $(grep -oE 'check [a-z_]+ in kiosk.ini|set [a-z_]+ in kiosk.ini' \
    "$WORK/msg.err" | awk '{ print $2 }'); do
	if grep -qx "$key" keys.txt; then
		pass "the message names the kiosk.ini key '$key'"
	else
		fail "the message says '$(grep -oE "(check|set) $key in kiosk.ini" "$WORK/msg.err")', but kiosk.ini has no key '$key' (the kiosk id is 'id' in [kiosk])"
	fi
done

# The real database was never harmed by all this.
if [ "$(sqlite3 -readonly real/parvis.db "PRAGMA integrity_check")" = ok ]; then
	pass "the real database is sound"
else
	fail "the real database is damaged"
fi

finish
