#!/bin/bash
# Retention on the kiosk against the real collector: after a day-end sync,
# `parvis purge` eight days later (keep_acknowledged_days = 7) removes
# every record the collector acknowledged, and leaves only its own event;
# the kiosk goes on collecting on the kept link (its chain check at start
# finds no break), and the next sync is accepted by the collector with no
# gap and no mismatch (the batch's prev_hash is the kept link, the last
# record the collector holds); the collector still holds every record,
# byte for byte, and the purge event names the kept link's hash; a purge
# with nothing new to remove is a no-op; a second purge, of the first
# purge's event and the second day, syncs on as well.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 20
enrol "$work/c" "$work/k" kiosk-a
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem"

# purge DIR TIME [ARGS...]: `parvis purge` at TIME, in English; output in
# DIR/purge.out and DIR/purge.err.
purge() {
	local dir=$1 at=$2
	shift 2
	PARVIS_CLOCK=$at LANGUAGE=en "$parvis" --config "$dir/kiosk.ini" \
		purge "$@" >"$dir/purge.out" 2>"$dir/purge.err" ||
		fail "parvis purge at $at exited $?: $(cat "$dir/purge.err")"
}

# more DIR TIME N: N more passers-by at TIME; the kiosk's stderr (its
# chain check at start) in DIR/kiosk.err.
more() {
	journeys "$3" >"$1/journeys.txt"
	PARVIS_CLOCK=$2 PARVIS_SIZE=80x24 PARVIS_SCRIPT=$1/journeys.txt \
		PARVIS_DUMP_DIR=$1 "$parvis" --config "$1/kiosk.ini" \
		>/dev/null 2>"$1/kiosk.err"
	expect_not_in "$1/kiosk.err" "ALARM"
}

# The chain as the collector sees it: no gap, no mismatch.
chain_ok() {
	collector "$work/c" kiosk list >"$work/c/kiosks.txt" 2>&1
	expect_in "$work/c/kiosks.txt" "kiosk-a"
	expect_not_in "$work/c/kiosks.txt" "gap"
	expect_not_in "$work/c/kiosks.txt" "mismatch"
}

sync_kiosk "$work/k" PARVIS_CLOCK=2026-11-25T18:00:00Z
[ "$sync_status" = 0 ] || fail "sync exited $sync_status"
[ "$(acked "$work/k")" = 20 ] || fail "not every record acknowledged"
kiosk_lines "$work/k" >"$work/day1.ndjson"
hash20=$(sqlite3 "$work/k/kiosk.db" "SELECT hash FROM records WHERE seq = 20")

# The next morning: nothing is old enough yet.
purge "$work/k" 2026-11-26T08:00:00Z
expect_in "$work/k/purge.out" "Nothing to remove"
[ "$(kiosk_count "$work/k")" = 20 ] || fail "a purge removed recent records"

# A week and a day later: everything acknowledged goes.
purge "$work/k" 2026-12-03T08:00:00Z --dry-run
expect_in "$work/k/purge.out" "20 records would be removed"
[ "$(kiosk_count "$work/k")" = 20 ] || fail "a dry run removed records"
purge "$work/k" 2026-12-03T08:00:00Z
expect_in "$work/k/purge.out" "20 records removed (acknowledged by the collection server, collected before 2026-11-26); the chain goes on from record 20."
[ "$(kiosk_count "$work/k")" = 1 ] || fail "the purge event is not all that is left"
[ "$(sqlite3 "$work/k/kiosk.db" "SELECT seq || ' ' || hash FROM chain_base")" = "20 $hash20" ] ||
	fail "the kept link is not record 20"
purge "$work/k" 2026-12-03T08:05:00Z
expect_in "$work/k/purge.out" "Nothing to remove"
[ "$(kiosk_count "$work/k")" = 1 ] || fail "a second purge changed something"

# The kiosk goes on collecting on the kept link, and syncs on.
more "$work/k" 2026-12-03T10:00:00Z 5
[ "$(kiosk_count "$work/k")" = 6 ] || fail "5 more journeys"
sync_kiosk "$work/k" LANGUAGE=en PARVIS_CLOCK=2026-12-03T18:00:00Z
[ "$sync_status" = 0 ] || fail "sync after a purge exited $sync_status: $(cat "$work/k/sync.err")"
expect_in "$work/k/sync.out" "6 answers sent, everything is up to date."
[ "$(acked "$work/k")" = 26 ] || fail "records 21 to 26 not acknowledged"
chain_ok
# The collector holds every record, the purged ones too, byte for byte.
{ cat "$work/day1.ndjson"; kiosk_lines "$work/k"; } >"$work/c/expected.ndjson"
collector_lines "$work/c" >"$work/c/held.ndjson"
cmp -s "$work/c/expected.ndjson" "$work/c/held.ndjson" ||
	fail "the collector does not hold the 26 records of the kiosk"
expect_in "$work/c/held.ndjson" "\"event\":\"purge\",\"from\":1,\"through\":20,\"records\":20,\"before\":\"2026-11-26T00:00:00.000Z\",\"hash\":\"$hash20\""

# Nine days later, the first purge's event and the second day go too;
# the next sync chains on from record 26.
purge "$work/k" 2026-12-12T08:00:00Z
expect_in "$work/k/purge.out" "6 records removed (acknowledged by the collection server, collected before 2026-12-05); the chain goes on from record 26."
more "$work/k" 2026-12-12T10:00:00Z 2
sync_kiosk "$work/k" LANGUAGE=en PARVIS_CLOCK=2026-12-12T18:00:00Z
[ "$sync_status" = 0 ] || fail "sync after a second purge exited $sync_status: $(cat "$work/k/sync.err")"
expect_in "$work/k/sync.out" "3 answers sent, everything is up to date."
[ "$(acked "$work/k")" = 29 ] || fail "records 27 to 29 not acknowledged"
chain_ok
[ "$(collector_lines "$work/c" | wc -l)" = 29 ] ||
	fail "the collector does not hold 29 records"
echo "ok: purged twice after syncs; the collector holds all 29 records, no gap"
