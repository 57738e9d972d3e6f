#!/bin/bash
# parvis-collect serve over real TLS on 127.0.0.1, with curl as the kiosk:
# a batch stored and answered, the same batch again (duplicates), a uuid
# conflict (kept in quarantine, out of the export, until an admin
# decides), wrong and revoked tokens (401),
# bodies over the limit and a gzip bomb (413), malformed batches (400
# naming the line, nothing stored), forms handed out byte for byte, TLS
# 1.1 refused, SIGTERM when idle (exit 0).  At the end the collector holds
# exactly the kiosk's records, byte for byte.
#
# usage: serve.sh PARVIS-COLLECT PARVIS SOURCE_DIR
collect=$1
parvis=$2
src=$3
. "$src/tests/collector/lib.sh"

make_certs
write_config 300000
make_kiosk kiosk-a 60
token=$(pc kiosk add kiosk-a 2>/dev/null)
expect_eq "${#token}" 43 "token length"
other=$(pc kiosk add kiosk-b 2>/dev/null)
start_collector

# A batch: 200 after COMMIT, with the protocol's answer.
make_batch kiosk-a 1 20 "$work/b1.ndjson"
post "$token" "$work/b1.ndjson"
expect_eq "$code" 200 "first batch"
expect_eq "$answer" \
	'{"acked_through":20,"accepted":20,"duplicates":0,"quarantined":0}' \
	"first batch answer"

# The same batch again, and one that overlaps: duplicates, nothing twice.
post "$token" "$work/b1.ndjson"
expect_eq "$answer" \
	'{"acked_through":20,"accepted":0,"duplicates":20,"quarantined":0}' \
	"same batch again"
make_batch kiosk-a 11 30 "$work/b2.ndjson"
post "$token" "$work/b2.ndjson"
expect_eq "$answer" \
	'{"acked_through":30,"accepted":10,"duplicates":10,"quarantined":0}' \
	"overlapping batch"
expect_eq "$(stored kiosk-a)" 30 "records after duplicates"

# A conflict: record 25 again with one answer changed, among new records
# (the header's hashes unchanged, so the chain does not hold either).
# Taken (a broken record never stops the others): the new version kept,
# both versions of 25 and the batch's new records in quarantine, counted
# nowhere, shown by kiosk list, until an admin decides.
make_batch kiosk-a 21 40 "$work/b3.ndjson"
sed '6s/"satisfaction":8/"satisfaction":1/' "$work/b3.ndjson" \
	>"$work/conflict.ndjson"
cmp -s "$work/b3.ndjson" "$work/conflict.ndjson" && fail "nothing changed"
post "$token" "$work/conflict.ndjson"
expect_eq "$code" 200 "conflict status"
expect_eq "$answer" \
	'{"acked_through":40,"accepted":11,"duplicates":9,"quarantined":12}' \
	"conflict answer"
expect_eq "$(stored kiosk-a)" 41 "records after a conflict"
expect_eq "$(counted kiosk-a)" 29 "records counted after a conflict"
grep -q 'ALARM conflict: kiosk kiosk-a seq 25' "$work/collect.log" ||
	fail "no alarm line for the conflict"
expect_in "$(pc kiosk list)" "mismatch in seq 21-40; conflict at seq 25; 12 in quarantine" \
	"kiosk list after a conflict"
# The export leaves the forged satisfaction out.
pc export --format json >"$work/export.ndjson" 2>/dev/null
grep -q '"satisfaction":1' "$work/export.ndjson" &&
	fail "a record in quarantine was exported"
expect_eq "$(wc -l <"$work/export.ndjson")" 29 "exported records"
# The admin decides: the forged 25 rejected, the rest accepted.
forged=$(sqlite3 "$work/collect.db" "SELECT max(id) FROM records WHERE \
	kiosk = 'kiosk-a' AND seq = 25")
original=$(sqlite3 "$work/collect.db" "SELECT min(id) FROM records WHERE \
	kiosk = 'kiosk-a' AND seq = 25")
expect_eq "$(pc quarantine list | grep -c ' kiosk-a ')" 12 "quarantine list"
pc quarantine accept "$original" "the kiosk's own" >/dev/null ||
	fail "quarantine accept"
pc quarantine accept "$forged" >/dev/null 2>"$work/err" &&
	fail "two versions of seq 25 accepted"
expect_in "$(cat "$work/err")" "reject that one first" "accept refused"
# The note is free words after RECORD, dashes and all.
pc quarantine reject "$forged" satisfaction changed -2 --by-hand \
	>/dev/null || fail "quarantine reject"
expect_eq "$(sqlite3 "$work/collect.db" "SELECT note FROM \
	quarantine_decisions WHERE record_id = $forged")" \
	"satisfaction changed -2 --by-hand" "the note of a decision"
for id in $(sqlite3 "$work/collect.db" "SELECT record_id FROM quarantine \
	WHERE record_id NOT IN ($forged, $original)"); do
	pc quarantine accept "$id" checked >/dev/null || fail "accept $id"
done
expect_eq "$(pc quarantine list | grep -c ' kiosk-a ')" 0 "quarantine decided"
expect_eq "$(pc quarantine list --all | grep -c ' kiosk-a ')" 12 \
	"decisions kept"
expect_eq "$(counted kiosk-a)" 40 "records counted after the decisions"
expect_in "$(pc kiosk ack kiosk-a)" "2 chain events acknowledged" "kiosk ack"
expect_in "$(pc kiosk list)" " 41  ok" "kiosk list after ack"

# Tokens: none, wrong, another kiosk's, revoked.
post "" "$work/b3.ndjson"
expect_eq "$code" 401 "no token"
post "${token%?}x" "$work/b3.ndjson"
expect_eq "$code" 401 "wrong token"
post "$other" "$work/b3.ndjson"
expect_eq "$code" 403 "another kiosk's token"
expect_in "$answer" 'line 1: the batch is for kiosk \"kiosk-a\"' "403 answer"
pc kiosk revoke kiosk-b 2>/dev/null
post "$other" "$work/b3.ndjson"
expect_eq "$code" 401 "revoked token"
expect_in "$answer" 'revoked' "revoked answer"

# Over the limit: on the wire (refused before the body is read), after
# gunzip, and a gzip bomb (64 MiB of zeros in some 64 KiB).
head -c 400000 /dev/zero | tr '\0' 'x' >"$work/big"
code=$(curl -sS --cacert "$ca" -o "$work/answer" -w '%{http_code}' \
	-H "Authorization: Bearer $token" --data-binary @"$work/big" \
	"https://127.0.0.1:$port/api/v1/batches")
expect_eq "$code" 413 "body over the limit on the wire"
head -c 67108864 /dev/zero >"$work/zeros"
post "$token" "$work/zeros"
expect_eq "$code" 413 "gzip bomb"
expect_eq "$(stored kiosk-a)" 41 "records after 413"

# Malformed batches: 400 naming the line, nothing stored.
make_batch kiosk-a 31 40 "$work/b4.ndjson"
sed '3s/^{"uuid"/{"uuid" /; 3s/}$/}}/' "$work/b4.ndjson" >"$work/bad.ndjson"
post "$token" "$work/bad.ndjson"
expect_eq "$code" 400 "record line not JSON"
expect_eq "$answer" '{"error":"line 3: not valid JSON"}' "400 answer"
sed '1s/"count":10/"count":11/' "$work/b4.ndjson" >"$work/bad.ndjson"
post "$token" "$work/bad.ndjson"
expect_eq "$code" 400 "bad header"
expect_in "$answer" 'line 1: count 11 does not match' "bad header answer"
# A line hiding bytes after a NUL: json_valid() would stop at the NUL.
{ head -n 2 "$work/b4.ndjson" | head -c -2; printf '}\0,"payload":"hidden"}\n'
	tail -n +3 "$work/b4.ndjson"; } >"$work/bad.ndjson"
post "$token" "$work/bad.ndjson"
expect_eq "$code" 400 "hidden bytes"
expect_in "$answer" 'line 2: byte 0x00 at column' "hidden bytes answer"
printf 'not json at all\n' >"$work/bad.ndjson"
post "$token" "$work/bad.ndjson"
expect_eq "$code" 400 "not NDJSON"
expect_in "$answer" 'line 1: not valid JSON' "not NDJSON answer"
printf 'not gzip' | curl -sS --cacert "$ca" -o "$work/answer" \
	-H "Authorization: Bearer $token" -H 'Content-Encoding: gzip' \
	--data-binary @- "https://127.0.0.1:$port/api/v1/batches" >/dev/null
expect_in "$(cat "$work/answer")" 'not valid gzip' "broken gzip"
expect_eq "$(stored kiosk-a)" 41 "records after 400s"

# Forms: published with the command, handed out byte for byte.
pc forms publish "$src/forms/transport-dignois.ini" 2>/dev/null
id_version=$(sed -n 's/^version *= *//p' "$src/forms/transport-dignois.ini")
index=$(curl -sS --cacert "$ca" -H "Authorization: Bearer $token" \
	"https://127.0.0.1:$port/api/v1/forms")
expect_in "$index" "{\"forms\":[{\"id\":\"transport-dignois\",\"version\":$id_version,\"sha256\":\"$(sha256sum <"$src/forms/transport-dignois.ini" | cut -c1-64)\"" \
	"forms index"
curl -sS --cacert "$ca" -H "Authorization: Bearer $token" -o "$work/form" \
	"https://localhost:$port/api/v1/forms/transport-dignois/$id_version"
cmp -s "$work/form" "$src/forms/transport-dignois.ini" ||
	fail "the form handed out differs from the published file"
code=$(curl -sS --cacert "$ca" -o /dev/null -w '%{http_code}' \
	-H "Authorization: Bearer $token" \
	"https://127.0.0.1:$port/api/v1/forms/transport-dignois/999")
expect_eq "$code" 404 "form not published"

# TLS 1.1 is refused; 1.2 and 1.3 are spoken.
if echo | openssl s_client -connect "127.0.0.1:$port" -tls1_1 \
	-cipher 'DEFAULT@SECLEVEL=0' -CAfile "$ca" >"$work/tls11" 2>&1; then
	fail "a TLS 1.1 handshake succeeded"
fi
grep -q 'Cipher is (NONE)' "$work/tls11" || fail "TLS 1.1 not refused"
for v in tls1_2 tls1_3; do
	echo | openssl s_client -connect "127.0.0.1:$port" "-$v" \
		-CAfile "$ca" >"$work/$v" 2>&1 || fail "$v refused"
done

# The rest, then the whole kiosk is on the collector, byte for byte.
make_batch kiosk-a 31 60 "$work/b5.ndjson"
post "$token" "$work/b5.ndjson"
expect_eq "$answer" \
	'{"acked_through":60,"accepted":20,"duplicates":10,"quarantined":0}' \
	"last batch"
expect_same_records kiosk-a counted_records
expect_in "$(pc kiosk list)" "kiosk-a" "kiosk list"
[ "$(grep -c ' POST /api/v1/batches ' "$work/collect.log")" -ge 15 ] ||
	fail "not one log line per request"

stop_collector
grep -q 'parvis-collect: stopped' "$work/collect.log" || fail "no clean stop"
echo "ok"
