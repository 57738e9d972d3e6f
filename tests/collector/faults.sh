#!/bin/bash
# Faults around the collector: SIGKILL in the middle of a slow upload,
# restart, resend (exactly the kiosk's records, byte for byte); a record
# altered after it was frozen (stored, the chain break recorded and shown
# by `kiosk list`); a bundle imported from a USB stick, then the same
# records synced (all duplicates); SIGTERM while a batch is arriving (the
# batch is finished and answered before the collector exits 0).
#
# usage: faults.sh PARVIS-COLLECT PARVIS SOURCE_DIR
collect=$1
parvis=$2
src=$3
. "$src/tests/collector/lib.sh"

make_certs
write_config
make_kiosk kiosk-a 80
make_kiosk kiosk-b 30
make_kiosk kiosk-c 12
token=$(pc kiosk add kiosk-a 2>/dev/null)
token_b=$(pc kiosk add kiosk-b 2>/dev/null)
token_c=$(pc kiosk add kiosk-c 2>/dev/null)
start_collector

# SIGKILL while a batch is on its way (40 KiB at 8 KiB/s), then restart
# and resend: what was acknowledged is there, the rest comes once.
make_batch kiosk-a 1 20 "$work/a1.ndjson"
post "$token" "$work/a1.ndjson"
expect_eq "$code" 200 "batch before the kill"
make_batch kiosk-a 21 80 "$work/a2.ndjson"
curl -sS --cacert "$ca" -H "Authorization: Bearer $token" \
	--limit-rate 8k --data-binary @"$work/a2.ndjson" \
	"https://127.0.0.1:$port/api/v1/batches" >"$work/cut" 2>&1 &
upload=$!
sleep 1
kill -KILL "$collector_pid"
wait "$collector_pid" 2>/dev/null || true
collector_pid=
wait "$upload" 2>/dev/null && fail "the cut upload was answered"
expect_eq "$(stored kiosk-a)" 20 "records after SIGKILL"
start_collector
post "$token" "$work/a2.ndjson"
expect_eq "$answer" '{"acked_through":80,"accepted":60,"duplicates":0,"quarantined":0}' \
	"resent after restart"
expect_same_records kiosk-a

# SIGTERM while a batch arrives: it is finished, stored and answered.
make_batch kiosk-c 1 12 "$work/c1.ndjson"
curl -sS --cacert "$ca" -H "Authorization: Bearer $token_c" \
	--limit-rate 4k --data-binary @"$work/c1.ndjson" \
	"https://127.0.0.1:$port/api/v1/batches" >"$work/term" 2>&1 &
upload=$!
sleep 0.5
stop_collector
wait "$upload" || fail "the batch under way at SIGTERM was cut"
expect_eq "$(cat "$work/term")" \
	'{"acked_through":12,"accepted":12,"duplicates":0,"quarantined":0}' \
	"batch under way at SIGTERM"
expect_same_records kiosk-c
start_collector

# A record altered after it was frozen (one byte of seq 5), header hashes
# kept: stored, flagged, shown.
make_batch kiosk-b 1 10 "$work/b1.ndjson"
sed '6s/"satisfaction":8/"satisfaction":9/' "$work/b1.ndjson" \
	>"$work/altered.ndjson"
post "$token_b" "$work/altered.ndjson"
expect_eq "$code" 200 "altered record"
expect_eq "$(stored kiosk-b)" 10 "altered batch stored"
grep -q 'ALARM chain mismatch: kiosk kiosk-b seq 1-10' "$work/collect.log" ||
	fail "no alarm for the chain break"
list=$(pc kiosk list)
expect_in "$list" "mismatch in seq 1-10" "kiosk list after a chain break"

# A bundle from the USB stick (gzip too), then the same records synced.
make_batch kiosk-b 11 30 "$work/bundle.ndjson"
gzip -c "$work/bundle.ndjson" >"$work/bundle.ndjson.gz"
out=$(pc import "$work/bundle.ndjson.gz")
expect_in "$out" "kiosk kiosk-b: records up to seq 30: 20 stored, 0 already" \
	"import"
post "$token_b" "$work/bundle.ndjson"
expect_eq "$answer" '{"acked_through":30,"accepted":0,"duplicates":20,"quarantined":0}' \
	"synced after import"
out=$(pc import "$work/bundle.ndjson")
expect_in "$out" "0 stored, 20 already there" "import twice"
expect_eq "$(stored kiosk-b)" 30 "records of kiosk-b"
# An unknown kiosk's bundle is refused.
make_kiosk kiosk-z 2
make_batch kiosk-z 1 2 "$work/stranger.ndjson"
if pc import "$work/stranger.ndjson" 2>"$work/err"; then
	fail "a bundle of a kiosk not enrolled was taken"
fi
expect_in "$(cat "$work/err")" 'kiosk "kiosk-z" is not enrolled' \
	"import of a stranger"

list=$(pc kiosk list)
expect_in "$list" "$(printf '%8s  ok' 80)" "kiosk-a is ok"
stop_collector
echo "ok"
