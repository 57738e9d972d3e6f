#!/bin/bash
# The kiosk killed (SIGKILL) after the server committed a batch but before
# the kiosk read the acknowledgement: the proxy holds the server's answer,
# the test waits for the collector's log line of the committed batch and
# kills the kiosk then.  Nothing is marked as sent on the kiosk; the next
# sync sends the batch again, the collector counts it as duplicates, and
# holds every record exactly once.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 130
enrol "$work/c" "$work/k" kiosk-a

start_proxy "$work/c" --hold-after 2000 --held-file "$work/c/held"
set_sync "$work/k" "https://127.0.0.1:$proxy_port" \
	"ca_file = $work/pki/ca.pem
batch_size = 50"
"$parvis" --config "$work/k/kiosk.ini" sync >"$work/k/killed.out" \
	2>"$work/k/killed.err" &
kiosk_pid=$!
started="$started $kiosk_pid"
wait_for grep -q "POST /api/v1/batches 200 .* seq 1-50 accepted=50" \
	"$work/c/serve.log"
wait_for test -e "$work/c/held"
kill -KILL "$kiosk_pid"
wait "$kiosk_pid" 2>/dev/null || true
stop_proxy

[ "$(acked "$work/k")" = 0 ] || fail "the kiosk recorded an ack it never read"
[ "$(collector_lines "$work/c" | wc -l)" = 50 ] ||
	fail "the collector should hold the committed batch"
sqlite3 "$work/k/kiosk.db" "PRAGMA integrity_check" | grep -qx ok ||
	fail "the kiosk database is damaged"

set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem
batch_size = 50"
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "sync after the kill exited $sync_status"
expect_in "$work/k/sync.out" "80 réponses envoyées, 50 déjà reçues, tout est à jour."
[ "$(acked "$work/k")" = 130 ] || fail "not everything acknowledged"
same_records "$work/c" "$work/k"
echo "ok: killed after the commit, nothing twice"
