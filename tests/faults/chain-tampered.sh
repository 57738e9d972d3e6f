#!/bin/bash
# The kiosk checks its own hash chain.  A byte changed inside a record's
# line keeps SQLite's structure valid (integrity_check says ok): only the
# chain tells.  Here the file is changed behind the kiosk's back, the
# append-only triggers dropped first, as someone with the file in hand
# would do, and:
#   1. two participants are saved; record 2's answers are altered (a
#      satisfaction of 1 instead of 8); integrity_check still says ok;
#   2. the next kiosk start finds the break: an error line on stderr, a
#      chain_broken event in the log (seq 2, "altered"), and the kiosk
#      keeps collecting (the next participant is saved, on a chain that
#      verifies from there);
#   3. the animator's home screen says it in plain words (dump compared
#      with tests/faults/expected/chain-tampered/; UPDATE_CLI=1 rewrites);
#   4. record 1, checked at an earlier start, altered now: the check of
#      every unsent line before a bundle finds it; the next bundle does
#      not tell it again;
#      the check before a sync from the animator's screen finds the third
#      participant's record altered;
#   5. a record deleted in the middle: the check before the next bundle
#      names it missing (from and to).
#
# Args: PARVIS_EXE SOURCE_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh" "$@"
EXPECTED=$SRC/tests/faults/expected
DB=$WORK/parvis.db

cat >"$WORK/kiosk.ini" <<INI
[kiosk]
id       = faults-chain-01
name     = Kiosque de test
language = fr
forms    = $SRC/forms
database = $DB
communes = $SRC/data/communes.csv

[screen]
idle_seconds                 = 90
still_there_seconds          = 20
thanks_seconds               = 15
min_seconds_between_sessions = 0
INI
printf '4827\n4827\n' | "$PARVIS" --config "$WORK/kiosk.ini" set-pin >/dev/null

# kiosk SCRIPT NAME: a scripted kiosk run, stderr kept in NAME.err.
kiosk() {
	if PARVIS_SCRIPT=$1 PARVIS_DUMP_DIR=$WORK/got \
	    "$PARVIS" --config "$WORK/kiosk.ini" >/dev/null 2>"$WORK/$2.err"; then
		return 0
	fi
	fail "$2: the kiosk ended with status $?: $(head -5 "$WORK/$2.err")"
	finish
}
q() {
	sqlite3 -batch "$DB" "$1"
}
breaks() {	# the chain_broken events, "seq why from to" a line
	q "SELECT json_extract(line, '\$.payload.seq') || ' ' ||
	    json_extract(line, '\$.payload.why') || ' ' ||
	    ifnull(json_extract(line, '\$.payload.from'), '-') || ' ' ||
	    ifnull(json_extract(line, '\$.payload.to'), '-')
	  FROM records WHERE json_extract(line, '\$.payload.event') =
	    'chain_broken' ORDER BY seq"
}
expect_breaks() {	# WHAT EXPECTED
	local got
	got=$(breaks | tr '\n' ',')
	if [ "$got" = "$2" ]; then
		pass "$1: chain_broken events: ${2:-none}"
	else
		fail "$1: chain_broken events '$got', expected '$2'"
	fi
}

# --- 1. two participants, then record 2 altered ---------------------------
kiosk "$DATA/journeys/bus-daily.txt" first
kiosk "$DATA/journeys/bus-daily.txt" second
expect_breaks "a sound file" ""
# alter SEQ: a satisfaction of 1 instead of 8 in record SEQ.
alter() {
	q "UPDATE records SET line = replace(line, '\"satisfaction\":8',
	     '\"satisfaction\":1') WHERE seq = $1;"
	if [ "$(q "SELECT json_extract(line, '\$.payload.answers.satisfaction')
	    FROM records WHERE seq = $1")" = 1 ] &&
	    [ "$(q "PRAGMA integrity_check")" = ok ]; then
		pass "record $1 altered, and integrity_check still says ok"
	else
		fail "the tampering of record $1 did not take, or integrity_check saw it"
	fi
}
q "DROP TRIGGER records_no_update; DROP TRIGGER records_no_delete;"
alter 2

# --- 2. the next start finds it, and collects on ---------------------------
kiosk "$DATA/journeys/bus-daily.txt" third
if grep -q "ALERTE\|ALARM" "$WORK/third.err" &&
    grep -q "record 2\|enregistrement 2" "$WORK/third.err"; then
	pass "the kiosk's log names the break: $(head -1 "$WORK/third.err")"
else
	fail "no alarm on stderr: $(cat "$WORK/third.err")"
fi
expect_breaks "after the next start" "2 altered - -,"
if [ "$(q "SELECT count(*) FROM records WHERE type = 'submission'")" = 3 ]; then
	pass "the next participant was saved all the same"
else
	fail "the kiosk did not collect on after the break"
fi
# Checked through record 2; the event it wrote (3) and the participant (4)
# are the next check's.
if [ "$(q "SELECT verified_seq FROM chain_check")" = 2 ]; then
	pass "the check went on to the last record"
else
	fail "verified_seq is $(q "SELECT verified_seq FROM chain_check")"
fi

# --- 3. the animator's screen ------------------------------------------------
kiosk "$SRC/tests/faults/scripts/chain-admin.txt" admin
sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/DATE/g' \
    "$WORK/got/admin-home.txt" >"$WORK/got/admin-home.masked"
compare chain-tampered/admin-home "$WORK/got/admin-home.masked"
if grep -q "Enregistrement 2 modifié hors du kiosque" "$WORK/got/admin-home.txt"; then
	pass "the animator reads which record was changed"
else
	fail "the admin screen does not say the chain is broken"
fi

# --- 4. a record altered after it was checked, before it leaves ------------
# Record 1 was checked at the second start; altered now, it is found by
# the check of every unsent line before a bundle (or a sync), once.
alter 1
run_parvis --config "$WORK/kiosk.ini" export --bundle "$WORK/bundle1.ndjson"
[ "$STATUS" = 0 ] || fail "export --bundle ended with status $STATUS: $(cat "$ERR")"
expect_breaks "after a bundle" "2 altered - -,1 altered - -,"
grep -q "ALERTE\|ALARM" "$ERR" || fail "no alarm before the bundle: $(cat "$ERR")"
run_parvis --config "$WORK/kiosk.ini" export --bundle "$WORK/bundle2.ndjson"
expect_breaks "after another bundle" "2 altered - -,1 altered - -,"
if grep -q "ALERTE\|ALARM" "$ERR"; then
	fail "the same break was told again: $(cat "$ERR")"
fi

# ... and so does the check before a sync from the animator's screen.
sed -e "s|^\[screen\]|[sync]\nurl        = https://127.0.0.1:9/\ntoken_file = $WORK/token\n\n[screen]|" \
    "$WORK/kiosk.ini" >"$WORK/kiosk-sync.ini"
(umask 077 && echo "not-a-real-token-not-a-real-token-not-a-real" >"$WORK/token")
third=$(q "SELECT seq FROM records WHERE type = 'submission'
    ORDER BY seq LIMIT 1 OFFSET 2")
alter "$third"
if PARVIS_SCRIPT=$SRC/tests/faults/scripts/chain-admin-sync.txt \
    PARVIS_DUMP_DIR=$WORK/got "$PARVIS" --config "$WORK/kiosk-sync.ini" \
    >/dev/null 2>"$WORK/admin-sync.err"; then
	expect_breaks "after a sync from the animator's screen" \
	    "2 altered - -,1 altered - -,$third altered - -,"
else
	fail "the admin sync run ended with status $?: $(head -3 "$WORK/admin-sync.err")"
fi

# --- 5. a record deleted in the middle ----------------------------------------
q "DELETE FROM records WHERE seq = $third"
run_parvis --config "$WORK/kiosk.ini" export --bundle "$WORK/bundle3.ndjson"
expect_breaks "after the third participant's record was deleted" \
    "2 altered - -,1 altered - -,$third altered - -,$((third + 1)) missing \
$third $third,"
if grep -q "ALERTE\|ALARM" "$ERR"; then
	pass "the deleted record is told: $(head -1 "$ERR")"
else
	fail "no alarm for the deleted record"
fi
finish
