#!/bin/bash
# A server that does not speak the kiosk's protocol is not "no network":
# a server offering only TLS 1.0 and 1.1 (openssl s_server), and a plain
# HTTP listener on the port (plainserver.c) each stop the sync at the
# first attempt, with exit status 1 and a message that says what is
# wrong and whom to tell (no curl or OpenSSL jargon in it; the library's
# words are in the detail line), nothing sent, nothing acknowledged.
# (A connection cut in the middle of a TLS handshake is still retried:
# sync-cuts.sh.)
#
# Extra argument: PLAINSERVER (after lib.sh's four).
. "$(dirname "$0")/lib.sh"
e2e_init "$@"
plainserver=$5

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
make_kiosk "$work/k" kiosk-a 4
printf 'not-a-real-token-but-well-formed\n' >"$work/k/token"
chmod 600 "$work/k/token"

# stopped NAME WORDS: the kiosk in $work/k stopped at the first attempt:
# in French (its default), nothing about the network and no new try; in
# English, WORDS and whom to tell.  The French words are po/fr.po's.
stopped() {
	sync_kiosk "$work/k" PARVIS_CLOCK=2026-11-30T19:00:00Z
	[ "$sync_status" = 1 ] || {
		cat "$work/k/sync.err" >&2
		fail "$1: exit $sync_status, not 1"
	}
	expect_not_in "$work/k/sync.err" "Pas de réseau"
	expect_not_in "$work/k/sync.err" "nouvel essai"
	expect_in "$work/k/sync.err" "Rien n’a été envoyé ; les 4 réponses"
	[ "$(acked "$work/k")" = 0 ] || fail "$1: records acknowledged"
	sync_kiosk "$work/k" LANGUAGE=en PARVIS_CLOCK=2026-11-30T19:00:00Z
	[ "$sync_status" = 1 ] || fail "$1 (en): exit $sync_status, not 1"
	expect_in "$work/k/sync.err" "does not speak the protocol this kiosk"
	expect_in "$work/k/sync.err" "$2"
	expect_in "$work/k/sync.err" "Tell the person who runs the server"
	expect_not_in "$work/k/sync.err" "No network"
	expect_not_in "$work/k/sync.err" "trying again"
	grep -F "does not speak" "$work/k/sync.err" >"$work/k/first.txt"
	expect_not_in "$work/k/first.txt" "SSL"
	expect_not_in "$work/k/first.txt" "curl"
}

# A server of TLS 1.0 and 1.1 only, behind cutproxy to count the kiosk's
# connections (two runs: two connections).  s_server's stdin is a FIFO
# open for writing too: it stops at the end of its input, and a FIFO
# opened so never ends.
mkdir -p "$work/old"
mkfifo "$work/old/stdin"
openssl s_server -accept 127.0.0.1:0 -cert "$work/pki/server.pem" \
	-key "$work/pki/server.key" -no_tls1_2 -no_tls1_3 \
	-cipher 'DEFAULT@SECLEVEL=0' <>"$work/old/stdin" \
	>"$work/old/s_server.log" 2>&1 &
started="$started $!"
wait_for grep -q '^ACCEPT' "$work/old/s_server.log"
collector_port=$(sed -n 's/^ACCEPT 127.0.0.1:\([0-9]*\)$/\1/p' \
	"$work/old/s_server.log")
start_proxy "$work/old" --count-file "$work/old/count"
set_sync "$work/k" "https://127.0.0.1:$proxy_port" \
	"ca_file = $work/pki/ca.pem"
stopped "TLS 1.1" "it only offers TLS 1.0 or 1.1"
expect_in "$work/k/sync.err" "protocol version"
stop_proxy
[ "$(cut -d' ' -f3 "$work/old/count")" = 2 ] ||
	fail "connections to the TLS 1.1 server: $(cat "$work/old/count")"

# A plain HTTP listener on the port.
mkdir -p "$work/plain"
"$plainserver" --port-file "$work/plain/port" \
	--count-file "$work/plain/count" >/dev/null &
started="$started $!"
wait_for test -s "$work/plain/port"
set_sync "$work/k" "https://127.0.0.1:$(cat "$work/plain/port")" \
	"ca_file = $work/pki/ca.pem"
stopped "plain HTTP" "it does not answer in HTTPS"
expect_in "$work/k/sync.err" "wrong version number"
[ "$(cat "$work/plain/count")" = 2 ] ||
	fail "the kiosk tried the plain server $(cat "$work/plain/count") times"

# The real collector still works for the same kiosk.
start_collector "$work/c" server
enrol "$work/c" "$work/k" kiosk-a
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem"
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "the real collector: exit $sync_status"
same_records "$work/c" "$work/k"
echo "ok: TLS 1.1 and plain HTTP stopped at the first attempt"
