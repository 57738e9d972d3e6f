#!/bin/bash
# Tokens: a token file others can read is refused before anything is
# sent; an unknown token and a revoked one get 401 and the message "not
# enrolled, or token revoked"; another kiosk's token gets 403.  Nothing
# is acknowledged by any of them, and a good token then syncs everything.
# A token replaced on the collector (`kiosk rotate`, a lost or exposed
# one): the old one gets 401, the new one carries on the same chain.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 12
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem
batch_size = 5"

# Readable by others: refused, with the fix in the message.
echo "pas-un-vrai-jeton-mais-bien-forme-0123456789" >"$work/k/token"
chmod 644 "$work/k/token"
sync_kiosk "$work/k"
[ "$sync_status" = 1 ] || fail "a world-readable token was used"
expect_in "$work/k/sync.err" "can be read by other users"
expect_in "$work/k/sync.err" "chmod 600"
expect_not_in "$work/c/serve.log" "POST"

# Unknown token: 401.
chmod 600 "$work/k/token"
sync_kiosk "$work/k"
[ "$sync_status" = 1 ] || fail "unknown token: exit $sync_status"
expect_in "$work/k/sync.err" "Cette borne n’est pas inscrite, ou son jeton a été révoqué"
[ "$(acked "$work/k")" = 0 ] || fail "acknowledged with an unknown token"

# Another kiosk's token: 403.
enrol "$work/c" "$work/k" kiosk-b
sync_kiosk "$work/k" LANGUAGE=en
[ "$sync_status" = 1 ] || fail "another kiosk's token: exit $sync_status"
expect_in "$work/k/sync.err" "the token belongs to another kiosk"
[ "$(acked "$work/k")" = 0 ] || fail "acknowledged with kiosk-b's token"

# Enrolled: everything goes.
enrol "$work/c" "$work/k" kiosk-a
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "enrolled kiosk: exit $sync_status"
same_records "$work/c" "$work/k"

# A new token: the old one is refused, the new one syncs what came since.
collector "$work/c" kiosk rotate kiosk-a >"$work/new-token" 2>/dev/null
journeys 2 >"$work/k/journeys.txt"
PARVIS_CLOCK=2026-11-26T09:00:00Z PARVIS_SIZE=80x24 \
	PARVIS_SCRIPT=$work/k/journeys.txt PARVIS_DUMP_DIR=$work/k \
	"$parvis" --config "$work/k/kiosk.ini" >/dev/null
sync_kiosk "$work/k"
[ "$sync_status" = 1 ] || fail "the old token still works after rotate"
expect_in "$work/k/sync.err" "Cette borne n’est pas inscrite, ou son jeton a été révoqué"
[ "$(acked "$work/k")" = 12 ] || fail "acknowledged with the old token"
cat "$work/new-token" >"$work/k/token"
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "the new token: exit $sync_status"
[ "$(acked "$work/k")" = 14 ] || fail "not acknowledged with the new token"
same_records "$work/c" "$work/k"
collector "$work/c" kiosk list >"$work/c/kiosks.txt" 2>&1
expect_not_in "$work/c/kiosks.txt" "gap"

# Revoked: 401 for the next records.
collector "$work/c" kiosk revoke kiosk-a >/dev/null 2>&1
journeys 3 >"$work/k/journeys.txt"
PARVIS_CLOCK=2026-11-26T10:00:00Z PARVIS_SIZE=80x24 \
	PARVIS_SCRIPT=$work/k/journeys.txt PARVIS_DUMP_DIR=$work/k \
	"$parvis" --config "$work/k/kiosk.ini" >/dev/null
sync_kiosk "$work/k" LANGUAGE=en
[ "$sync_status" = 1 ] || fail "revoked token: exit $sync_status"
expect_in "$work/k/sync.err" "This kiosk is not enrolled, or its token was revoked"
expect_in "$work/k/sync.err" "Nothing was sent; the 3 answers waiting stay on the kiosk."
[ "$(acked "$work/k")" = 14 ] || fail "acknowledged with a revoked token"
echo "ok: tokens refused as they should"
