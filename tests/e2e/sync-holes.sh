#!/bin/bash
# A hole no longer stops everything.  Record 123 of 300 deleted from the
# kiosk's database (a careless admin, a cleaning script) and record 200
# altered (its words changed, its hash kept): `parvis sync` sends every
# other record past them, declaring both in the batches' headers with the
# kiosk's why, and says so to the animator; the collector records the two
# gaps with that why, shows them in `kiosk list` until `kiosk ack`, and
# holds every other record byte for byte, chained on after each hole.
# Before, the kiosk refused forever to send past 123: 177 intact records
# never left, and the collector said "ok".
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 300
enrol "$work/c" "$work/k" kiosk-a
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem
batch_size = 50"

sqlite3 "$work/k/kiosk.db" "DROP TRIGGER records_no_update;
	DROP TRIGGER records_no_delete;
	DELETE FROM records WHERE seq = 123;
	UPDATE records SET line = replace(line, 'Des pistes sûres', 'Pas de pistes')
		WHERE seq = 200;"
[ "$(sqlite3 "$work/k/kiosk.db" "SELECT count(*) FROM records WHERE seq = 200
	AND line LIKE '%Pas de pistes%'")" = 1 ] || fail "record 200 not altered"

sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || {
	cat "$work/k/sync.out" "$work/k/sync.err" >&2
	fail "sync exited $sync_status"
}
expect_in "$work/k/sync.out" "2 enregistrements abîmés n’ont pas été envoyés"
last=$(sqlite3 "$work/k/kiosk.db" "SELECT max(seq) FROM records")
[ "$last" -gt 300 ] || fail "the kiosk did not record its chain breaks"
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}
expect_eq "$(acked "$work/k")" "$last" "acknowledged"

# Everything else is on the collector, byte for byte, and counts.
sqlite3 "$work/k/kiosk.db" "SELECT line FROM records WHERE seq != 200
	ORDER BY seq" >"$work/c/expected.ndjson"
collector_lines "$work/c" >"$work/c/held.ndjson"
cmp -s "$work/c/expected.ndjson" "$work/c/held.ndjson" || {
	diff "$work/c/expected.ndjson" "$work/c/held.ndjson" | head -5 >&2
	fail "the collector does not hold every record but the two holes"
}
grep -q 'Pas de pistes' "$work/c/held.ndjson" &&
	fail "the altered record reached the results"
list=$(collector "$work/c" kiosk list)
expect_in_text() {
	case $1 in *"$2"*) ;; *) fail "'$2' not in: $1" ;; esac
}
expect_in_text "$list" "gap at seq 123 (kiosk: missing from the kiosk's database)"
expect_in_text "$list" "gap at seq 200 (kiosk: altered on the kiosk: its chain hash no longer follows)"
expect_eq "$(sqlite3 "$work/c/collect.db" "SELECT count(*) FROM chain_events
	WHERE kind = 'mismatch'")" 0 "mismatches on the collector"

# A second sync has nothing left; the admin acknowledges the gaps.
sync_kiosk "$work/k"
expect_in "$work/k/sync.out" "tout est à jour"
collector "$work/c" kiosk ack kiosk-a >/dev/null || fail "kiosk ack"
expect_in_text "$(collector "$work/c" kiosk list)" "  ok"
echo "ok: the kiosk sends past its holes, the collector shows them"
