#!/bin/bash
# The animator's sync screen: from the admin screens, "Synchroniser" runs
# the same engine step by step on the screen's ticks (the screen never
# waits on the network), shows a progress bar, then the result in plain
# words; the collector then holds exactly the kiosk's records (the admin
# events included), and the sync is in the log book.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 30
enrol "$work/c" "$work/k" kiosk-a
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem
batch_size = 10"
printf '4827\n4827\n' | "$parvis" --config "$work/k/kiosk.ini" set-pin \
	>/dev/null

{
	echo 'key F10'
	echo 'type "4827"'
	echo 'tap "Valider"'
	echo 'tap "Synchroniser"'
	echo 'dump sync-started'
	# Each tick is one short step of the engine (50 ms at most).
	for _ in $(seq 200); do
		echo 'advance 200ms'
	done
	echo 'expect "tout est à jour"'
	echo 'dump sync-done'
	echo 'tap "Retour"'
	echo 'dump sync-back'
	echo 'tap "Retour au kiosque"'
} >"$work/k/admin.txt"
PARVIS_CLOCK=$clock PARVIS_SIZE=80x24 PARVIS_SCRIPT=$work/k/admin.txt \
	PARVIS_DUMP_DIR=$work/k "$parvis" --config "$work/k/kiosk.ini" \
	>"$work/k/kiosk.log" 2>&1 || {
	cat "$work/k/kiosk.log"
	fail "the kiosk's script failed"
}
expect_in "$work/k/sync-started.txt" "Synchronisation avec le serveur"
expect_in "$work/k/sync-done.txt" "réponses envoyées"
# Records written after the sync (the sync event, leaving the admin
# screens) go with the next one: sync again from the command line.
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "the second sync exited $sync_status"
[ "$(acked "$work/k")" = "$(kiosk_count "$work/k")" ] ||
	fail "not every record acknowledged"
same_records "$work/c" "$work/k"
[ "$(sqlite3 "$work/k/kiosk.db" "SELECT count(*) FROM records WHERE
	json_extract(line, '$.payload.event') = 'sync'")" = 1 ] ||
	fail "the sync is not in the log book"
expect_in "$work/k/sync-back.txt" "dernière synchro : 2026-11-25 17:00"
echo "ok: the sync screen sent everything; the log book has it"
