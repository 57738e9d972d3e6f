#!/bin/bash
# The collector's front door, over real TLS on 127.0.0.1:
# - framing: requests whose body's end is in doubt (RFC 9112 6.3) are
#   answered 400 before any body is read, and the connection is closed
#   (a request sent after them on the same connection gets no answer);
#   nothing is stored;
# - deadlines: headers trickled byte by byte (slowloris.c) are cut at
#   header_timeout_seconds, a body trickled below the minimum rate at
#   body_timeout_seconds; a body at a fair pace is taken;
# - wrong tokens: after max_token_failures from one address, 429 with
#   Retry-After before any token is looked up, one WARNING line instead
#   of a line per request, tokens accepted before still pass, another
#   address is not concerned, and the slow-down ends by itself;
# - trusted proxies: X-Forwarded-For names the client only when the peer
#   is in trusted_proxies, read from the right.
#
# usage: door.sh PARVIS-COLLECT PARVIS SOURCE_DIR SLOWLORIS
collect=$1
parvis=$2
src=$3
slowloris=$4
. "$src/tests/collector/lib.sh"

attacker=
stop_attack() {
	if [ -n "$attacker" ]; then
		kill "$attacker" 2>/dev/null || true
		wait "$attacker" 2>/dev/null || true
		attacker=
	fi
}
trap 'stop_attack; cleanup' EXIT

# Polls (never sleeps blindly) until a command succeeds, 20 s at most.
wait_for() {
	local i=0
	until "$@"; do
		i=$((i + 1))
		[ $i -lt 400 ] || fail "timed out waiting for: $*"
		sleep 0.05
	done
}

make_certs
write_config 300000 "header_timeout_seconds = 2
body_timeout_seconds = 2
body_min_bytes_per_second = 100
max_token_failures = 5
token_block_seconds = 3
trusted_proxies = 127.0.0.3, 10.0.0.0/8"
make_kiosk kiosk-a 30
token=$(pc kiosk add kiosk-a 2>/dev/null)
unused=$(pc kiosk add kiosk-b 2>/dev/null)
start_collector

# --- Framing: each probe, then a GET on the same connection.
get_forms="GET /api/v1/forms HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer $token\r\nConnection: close\r\n\r\n"
# framing NAME REQUEST-HEAD [BODY]: REQUEST-HEAD (printf format, with the
# token's Authorization added) must be refused with 400 at once and the
# connection closed before the GET after it.
framing() {
	local name=$1 head=$2 body=${3:-}
	printf "$head" "Authorization: Bearer $token" >"$work/probe"
	printf '%s' "$body" >>"$work/probe"
	printf "$get_forms" >>"$work/probe"
	probe "$work/probe" >"$work/answer.txt"
	expect_eq "$(head -n 1 "$work/answer.txt" | tr -d '\r')" \
		"HTTP/1.1 400 Bad Request" "$name: status"
	if grep -q 'HTTP/1.1 200' "$work/answer.txt"; then
		fail "$name: the connection stayed open after the 400"
	fi
	expect_in "$(cat "$work/answer.txt")" "${4:-RFC 9112}" "$name: body"
}
post_head="POST /api/v1/batches HTTP/1.1\r\nHost: x\r\n%s\r\nContent-Type: application/x-ndjson\r\n"
make_batch kiosk-a 1 10 "$work/b1.ndjson"
b1=$(cat "$work/b1.ndjson")
len=$(wc -c <"$work/b1.ndjson")
framing "Content-Length and Transfer-Encoding" \
	"${post_head}Content-Length: $len\r\nTransfer-Encoding: chunked\r\n\r\n" \
	"$b1" "both Content-Length and Transfer-Encoding"
framing "two different Content-Length" \
	"${post_head}Content-Length: 3\r\nContent-Length: $len\r\n\r\n" "$b1" \
	"Content-Length is given more than once"
framing "the same Content-Length twice" \
	"${post_head}Content-Length: $len\r\nContent-Length: $len\r\n\r\n" \
	"$b1" "Content-Length is given more than once"
for te in identity xchunked 'gzip, chunked' 'chunked, chunked'; do
	framing "Transfer-Encoding: $te" \
		"${post_head}Transfer-Encoding: $te\r\n\r\n" "$b1" \
		'Transfer-Encoding is other than chunked'
done
framing "two Transfer-Encoding" \
	"${post_head}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" \
	"0\r\n\r\n" "Transfer-Encoding is given more than once"
framing "Transfer-Encoding in HTTP/1.0" \
	"POST /api/v1/batches HTTP/1.0\r\nHost: x\r\n%s\r\nTransfer-Encoding: chunked\r\n\r\n" \
	"0\r\n\r\n" "HTTP/1.0 request"
# Content-Length: -1 (or any length that is not a number) is refused by
# libmicrohttpd itself, before the collector sees the headers: a 400 and
# the connection closed (0.9.75 writes its status line and headers
# twice; PROTOCOL.md says so).
printf "${post_head}Content-Length: -1\r\n\r\n$get_forms" \
	"Authorization: Bearer $token" >"$work/probe"
probe "$work/probe" >"$work/answer.txt"
expect_eq "$(head -n 1 "$work/answer.txt" | tr -d '\r')" \
	"HTTP/1.1 400 Bad Request" "Content-Length: -1"
grep -q 'HTTP/1.1 200' "$work/answer.txt" &&
	fail "Content-Length: -1: the connection stayed open"
# A bare LF ends a line for libmicrohttpd 0.9.75, which its API does not
# show; from 1.0 on, its discipline level 1 refuses it.
printf 'GET /api/v1/forms HTTP/1.1\nHost: x\nAuthorization: Bearer %s\nConnection: close\n\n' \
	"$token" >"$work/probe"
probe "$work/probe" >"$work/answer.txt"
mhd=$(sed -n 's/.*libmicrohttpd \([0-9.]*\)).*/\1/p' "$work/collect.log")
[ -n "$mhd" ] || fail "the start line does not name libmicrohttpd"
if [ "${mhd%%.*}" -ge 1 ]; then
	expect_in "$(head -n 1 "$work/answer.txt")" "400" "bare LF refused"
else
	expect_in "$(head -n 1 "$work/answer.txt")" "200" \
		"bare LF (libmicrohttpd $mhd: taken)"
	echo "bare LF: taken (libmicrohttpd $mhd does not show it)"
fi
expect_eq "$(stored kiosk-a)" 0 "records after the framing probes"
# The same batch, well framed, is taken.
post "$token" "$work/b1.ndjson"
expect_eq "$code" 200 "a well-framed batch"

# --- Deadlines.  Headers trickled a byte every 300 ms: cut at 2 s,
# opened again by the attacker, cut again.
"$slowloris" --port "$port" --every 300 --status-file "$work/attack" \
	127.0.0.2:1 &
attacker=$!
cut_twice() {
	grep -qs ' closed [2-9]' "$work/attack"
}
wait_for cut_twice
stop_attack
grep -q '127.0.0.2 - - /api/v1/batches 0 in=0 out=0 [0-9]*ms closed: request headers not in within 2 s' \
	"$work/collect.log" || fail "no log line for slow headers"
# libmicrohttpd's own line for each of them is not written.
grep -q 'disconnected when reading request' "$work/collect.log" &&
	fail "libmicrohttpd's line for a connection gone mid-request"
# A body trickled at 3 bytes/s, well below 100: cut at 2 s or so.
"$slowloris" --port "$port" --every 300 --status-file "$work/attack-body" \
	--body "$token" 127.0.0.2:1 &
attacker=$!
wait_for grep -qs ' closed [1-9]' "$work/attack-body"
stop_attack
grep -q '127.0.0.2 kiosk-a POST /api/v1/batches 0 in=[0-9]* out=0 [0-9]*ms closed: body slower than 100 bytes/s after 2 s' \
	"$work/collect.log" || fail "no log line for a slow body"
# A body at a fair pace (gzip of 20 records, some 5 KB, at 2 KB/s: the
# body gets 2 s plus 1 s per 100 bytes) is taken.
make_batch kiosk-a 11 30 "$work/b2.ndjson"
post "$token" "$work/b2.ndjson" --limit-rate 2k
expect_eq "$code" 200 "a body at a fair pace"
expect_eq "$(stored kiosk-a)" 30 "records after the deadlines"

# --- Wrong tokens from 127.0.0.1: 5 are answered 401, then 429.
wrong() {
	curl -sS --cacert "$ca" -o "$work/answer" -D "$work/headers" \
		-w '%{http_code}' -H "Authorization: Bearer ${1}" "${@:2}" \
		"https://127.0.0.1:$port/api/v1/forms" || true
}
codes=
for i in $(seq 12); do
	codes="$codes $(wrong "wrong-token-$i")"
done
expect_eq "$codes" " 401 401 401 401 401 429 429 429 429 429 429 429" \
	"wrong tokens"
retry=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip' "$work/headers")
[ -n "$retry" ] && [ "$retry" -ge 1 ] && [ "$retry" -le 3 ] ||
	fail "Retry-After: '$retry'"
expect_eq "$(grep -c 'WARNING 127.0.0.1: 5 wrong tokens' "$work/collect.log")" \
	1 "one warning"
expect_eq "$(grep -c ' 127.0.0.1 - GET /api/v1/forms 401 ' "$work/collect.log")" \
	5 "401s logged one by one"
grep -q ' GET /api/v1/forms 429 ' "$work/collect.log" &&
	fail "a 429 was logged one by one"
# During the slow-down: a token accepted before passes, one never seen
# does not; another address is not slowed down.
expect_eq "$(wrong "$token")" 200 "a known token during the slow-down"
expect_eq "$(wrong "$unused")" 429 "an unseen token during the slow-down"
expect_eq "$(wrong wrong-token --interface 127.0.0.2)" 401 \
	"another address"
# The slow-down ends by itself (token_block_seconds = 3), with its count.
wait_for grep -q 'WARNING 127.0.0.1: slow-down over; 8 requests were answered 429' \
	"$work/collect.log"
expect_eq "$(wrong "$unused")" 200 "the unseen token after the slow-down"

# --- Trusted proxies: 127.0.0.3 is one, 127.0.0.1 is not.
forms_from() {
	curl -sS --cacert "$ca" -o /dev/null -w '%{http_code}' \
		-H "Authorization: Bearer $token" "$@" \
		"https://127.0.0.1:$port/api/v1/forms"
}
expect_eq "$(forms_from --interface 127.0.0.3 \
	-H 'X-Forwarded-For: 192.0.2.7')" 200 "through the proxy"
grep -q ' 192.0.2.7 kiosk-a GET /api/v1/forms 200 .* via=127.0.0.3$' \
	"$work/collect.log" || fail "the forwarded client not logged"
# Read from the right: a forged entry before the proxy's is not the
# client; a trusted hop (10.0.0.0/8) is skipped.
forms_from --interface 127.0.0.3 \
	-H 'X-Forwarded-For: 6.6.6.6, 192.0.2.8, 10.1.1.1' >/dev/null
grep -q ' 192.0.2.8 kiosk-a GET .* via=127.0.0.3$' "$work/collect.log" ||
	fail "X-Forwarded-For not read from the right"
# From an address not in the list, X-Forwarded-For means nothing.
forms_from -H 'X-Forwarded-For: 192.0.2.9' >/dev/null
grep -q ' 192.0.2.9 ' "$work/collect.log" &&
	fail "X-Forwarded-For believed from an untrusted peer"
# Wrong tokens through the proxy count against the forwarded client.
for i in $(seq 5); do
	wrong "wrong-$i" --interface 127.0.0.3 \
		-H 'X-Forwarded-For: 192.0.2.66' >/dev/null
done
expect_eq "$(wrong wrong --interface 127.0.0.3 -H 'X-Forwarded-For: 192.0.2.66')" \
	429 "the client behind the proxy slowed down"
expect_eq "$(wrong wrong --interface 127.0.0.3 -H 'X-Forwarded-For: 192.0.2.67')" \
	401 "another client behind the same proxy"
grep -q 'WARNING 192.0.2.66: 5 wrong tokens' "$work/collect.log" ||
	fail "no warning for the client behind the proxy"

stop_collector
echo "ok"
