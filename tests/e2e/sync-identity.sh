#!/bin/bash
# The kiosk never talks to a server it cannot identify: a certificate
# from another authority, one made for another name, an expired one, and
# a key other than the pinned one are each refused with a message an
# animator understands (no curl jargon in the main line), exit status 1,
# nothing sent, nothing acknowledged.  The right pinned key works, and a
# plain http:// address is refused by kiosk.ini itself.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_ca other
make_cert ca server "IP:127.0.0.1,DNS:localhost"
make_cert ca elsewhere "DNS:collecte.example.org"
make_cert ca expired "IP:127.0.0.1,DNS:localhost" expired
make_cert other stranger "IP:127.0.0.1,DNS:localhost"
make_kiosk "$work/k" kiosk-a 5

# refused CERT REASON [kiosk.ini lines]: a collector with pki/CERT.pem,
# and a sync that must stop because of it.
refused() {
	local cert=$1 reason=$2
	start_collector "$work/c-$cert" "$cert"
	enrol "$work/c-$cert" "$work/k" kiosk-a
	set_sync "$work/k" "https://127.0.0.1:$collector_port" \
		"${3:-ca_file = $work/pki/ca.pem}"
	sync_kiosk "$work/k"
	[ "$sync_status" = 1 ] || fail "$cert: exit $sync_status, not 1"
	expect_in "$work/k/sync.err" \
		"L’identité du serveur n’a pas pu être vérifiée"
	expect_in "$work/k/sync.err" "$reason"
	expect_in "$work/k/sync.err" "Rien n’a été envoyé ; les 5 réponses"
	grep -F "L’identité du serveur" "$work/k/sync.err" >"$work/k/first.txt"
	expect_not_in "$work/k/first.txt" "SSL"
	expect_not_in "$work/k/first.txt" "curl"
	[ "$(acked "$work/k")" = 0 ] || fail "$cert: records acknowledged"
	expect_not_in "$work/c-$cert/serve.log" "POST"
	[ -z "$(collector_lines "$work/c-$cert")" ] ||
		fail "$cert: the collector stored something"
	stop_collector
}

refused stranger "n’est pas signé par une autorité"
refused elsewhere "fait pour une autre adresse"
refused expired "a expiré"
refused server "n’est pas celle épinglée" \
	"ca_file = $work/pki/ca.pem
pinned_key = $(pin_of "$work/pki/stranger.pem")"

# The same in English.
start_collector "$work/c-en" stranger
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem"
sync_kiosk "$work/k" LANGUAGE=en
expect_in "$work/k/sync.err" "The server's identity could not be verified"
stop_collector

# The right pin (and the right authority) goes through.
start_collector "$work/c-ok" server
enrol "$work/c-ok" "$work/k" kiosk-a
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem
pinned_key = $(pin_of "$work/pki/server.pem")"
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "the right pin was refused"
same_records "$work/c-ok" "$work/k"

# Plain http is refused before anything is sent, by kiosk.ini itself: in
# the kiosk's language, like the rest of the command (no LANGUAGE here).
set_sync "$work/k" "http://127.0.0.1:$collector_port"
sync_kiosk "$work/k"
[ "$sync_status" = 1 ] || fail "http:// accepted"
expect_in "$work/k/sync.err" "n’est pas une adresse https://"
echo "ok: four identities refused, the right one accepted"
