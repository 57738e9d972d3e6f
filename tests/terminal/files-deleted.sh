#!/bin/bash
# The database's files deleted under a running kiosk (a cleaning script, a
# careless admin), in a real terminal.  SQLite would go on committing into
# the unlinked files, and after a power cut every participant since —
# thank-you screens shown — would be gone while integrity_check says ok.
#   1. a participant is saved; the -wal file is deleted; the next one is
#      saved and the thank-you screen shown; SIGKILL (a power cut): both
#      are in the file on disk, the kiosk logged an alarm and a
#      file_rescued event;
#   2. the kiosk starts again; the database file itself is deleted; the
#      next participant's thank-you screen comes; SIGKILL: all three are
#      on disk, in a private file, the chain sound.
#
# Args: PARVIS_EXE SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"

# A passer-by who never takes the bus, by keys only; RECEIPT gets the
# receipt code shown.
participant() {
	wait_for "Donnez votre avis"
	key Enter
	wait_for "Choisissez une consultation"
	key 3
	wait_for "Vos réponses et votre vie privée"
	key Enter
	wait_for "Question 1 / 9"
	key Enter
	wait_for "À quelle fréquence prenez-vous le bus"
	key 5
	wait_for "✓ Jamais"
	key Enter
	wait_for "Question 3 / 7"
	key 4
	wait_for "✓ Le prix du ticket"
	key Enter
	wait_for "Question 4 / 7"
	key Enter
	wait_for "Question 5 / 7"
	key Enter
	wait_for "Question 6 / 7"
	key Enter
	wait_for "Question 7 / 7"
	key 2
	key Enter
	RECEIPT=$(receipt_shown)
	[ -n "$RECEIPT" ] || fail "no receipt code on the thank-you screen"
	log "ok: thank-you screen, receipt $RECEIPT"
	key Enter
	wait_for "Donnez votre avis"
}

# power_cut: SIGKILL, as a power cut would stop it.
power_cut() {
	local pid
	pid=$(parvis_pid)
	kill -KILL "$pid"
	wait_until '! kill -0 "$pid" 2>/dev/null' || fail "parvis survived SIGKILL"
	wait_until '[ -s "$TMPD/exit-status" ]' || fail "the pane did not end"
	tm kill-session -t kiosk
}

receipts() {
	db "SELECT json_extract(line, '\$.payload.receipt') FROM records
	    WHERE type = 'submission' ORDER BY seq" | tr '\n' ' '
}

make_config
start PARVIS_CLOCK=2026-11-25T10:00:00Z
participant
first=$RECEIPT
rm "$TMPD/parvis.db-wal" || fail "no -wal file beside the database"
participant
second=$RECEIPT
power_cut
expect_eq "the receipts on disk after the -wal was deleted" "$(receipts)" \
    "$first $second "
expect_eq "integrity_check" "$(db "PRAGMA integrity_check")" ok
expect_eq "the log book" \
    "$(db "SELECT json_extract(line, '\$.payload.what') FROM records
        WHERE json_extract(line, '\$.payload.event') = 'file_rescued'")" wal
if grep -q "ALARM\|ALERTE" "$TMPD/stderr"; then
	log "ok: an alarm in the kiosk's log: $(head -1 "$TMPD/stderr")"
	: >"$TMPD/stderr"
else
	check_bug "an alarm in the kiosk's log" false
fi

start PARVIS_CLOCK=2026-11-25T10:30:00Z
wait_for "Donnez votre avis"
rm "$TMPD/parvis.db" || fail "no database file"
participant
third=$RECEIPT
power_cut
expect_eq "the receipts on disk after the database was deleted" \
    "$(receipts)" "$first $second $third "
expect_eq "its mode" "$(stat -c %a "$TMPD/parvis.db")" 600
expect_eq "integrity_check" "$(db "PRAGMA integrity_check")" ok
expect_eq "the chain" "$(db "SELECT count(*) FROM records")" \
    "$(db "SELECT max(seq) FROM records")"
grep -q "ALARM\|ALERTE" "$TMPD/stderr" ||
    check_bug "an alarm in the kiosk's log" false
: >"$TMPD/stderr"
finish
