#!/bin/bash
# No network: the server cannot be reached.  `parvis sync` tries a bounded
# number of times with growing waits (virtual here, through PARVIS_CLOCK),
# then stops with exit status 3 and a message that says the answers are
# safe and what to do; nothing is marked as sent.  Once the server is
# back, everything goes.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 8
enrol "$work/c" "$work/k" kiosk-a
port=$collector_port
stop_collector
set_sync "$work/k" "https://127.0.0.1:$port" "ca_file = $work/pki/ca.pem
connect_timeout_seconds = 2"

sync_kiosk "$work/k" PARVIS_CLOCK=2026-11-25T19:00:00Z
[ "$sync_status" = 3 ] || fail "no network: exit $sync_status, not 3"
expect_in "$work/k/sync.err" "Pas de réseau : le serveur n’a pas pu être joint (8 essais)."
expect_in "$work/k/sync.err" "parvis export --bundle"
expect_in "$work/k/sync.err" "nouvel essai dans"
expect_in "$work/k/sync.err" "Rien n’a été envoyé ; les 8 réponses en attente restent sur la borne."
[ "$(acked "$work/k")" = 0 ] || fail "acknowledged without a server"

sed -i "s/^port = 0/port = $port/" "$work/c/collect.ini"
"$collect" --config "$work/c/collect.ini" serve 2>"$work/c/serve2.log" &
started="$started $!"
wait_for grep -qs "listening on https://" "$work/c/serve2.log"
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "sync with the server back exited $sync_status"
same_records "$work/c" "$work/k"
echo "ok: offline refused in plain words, then synced"
