#!/bin/bash
# The front proxy of docs/deployment.md, as written there: its nginx
# configuration is taken from the page (the block after "<!-- nginx:
# parvis-collect.conf -->"), its production names and paths replaced by
# the test's, checked with `nginx -t`, then run in front of the real
# collector with `trusted_proxies` set.  nginx connects from 127.0.0.3
# (proxy_bind, added here), the kiosk from 127.0.0.1:
# - a real `parvis sync` goes through, every record on the collector;
# - the collector logs the kiosk's address with via=127.0.0.3, and an
#   X-Forwarded-For the client wrote itself is dropped by nginx;
# - wrong tokens from 127.0.0.2 through nginx slow 127.0.0.2 down, not
#   the kiosk at 127.0.0.1, which still syncs;
# - the requests whose framing is in doubt are refused by nginx itself,
#   and a bare LF is rewritten (the collector gets CRLF only).
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

command -v nginx >/dev/null ||
	fail "nginx is not installed (sh scripts/quickstart.sh test installs it)"
make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server "trusted_proxies = 127.0.0.3"
make_kiosk "$work/k" kiosk-a 12
enrol "$work/c" "$work/k" kiosk-a

# The page's configuration, with this test's names and paths.  Every
# replacement must apply: a page that changed under the test fails it.
n=$work/nginx
mkdir -p "$n"
sed -n '/^<!-- nginx: parvis-collect.conf -->$/,/^```$/p' \
	"$src/docs/deployment.md" | sed '1,2d;$d' >"$n/page.conf"
[ -s "$n/page.conf" ] || fail "no nginx configuration in docs/deployment.md"
replace() {
	grep -qF -- "$1" "$n/site.conf" ||
		fail "docs/deployment.md's nginx configuration has no: $1"
	local from to
	from=$(printf '%s' "$1" | sed 's/[][\.*^$/]/\\&/g')
	to=$(printf '%s' "$2" | sed 's/[\&/]/\\&/g')
	sed -i "s/$from/$to/" "$n/site.conf"
}
# site PORT: the site's configuration for nginx listening on PORT.
site() {
	cp "$n/page.conf" "$n/site.conf"
	replace "listen 443 ssl;" "listen 127.0.0.1:$1 ssl;"
	replace "listen [::]:443 ssl;" ""
	replace "server_name collecte.example.fr;" "server_name localhost;"
	replace "/etc/letsencrypt/live/collecte.example.fr/fullchain.pem" \
		"$work/pki/server.pem"
	replace "/etc/letsencrypt/live/collecte.example.fr/privkey.pem" \
		"$work/pki/server.key"
	replace "server 127.0.0.1:8443;" "server 127.0.0.1:$collector_port;"
	replace "/etc/ssl/certs/ca-certificates.crt" "$work/pki/ca.pem"
	replace "proxy_ssl_name collecte.example.fr;" \
		"proxy_ssl_name localhost; proxy_bind 127.0.0.3;"
	cat >"$n/nginx.conf" <<CONF
user $(id -un) $(id -gn);
pid $n/nginx.pid;
error_log $n/error.log;
events { worker_connections 64; }
http {
	access_log $n/access.log;
	client_body_temp_path $n/body;
	proxy_temp_path $n/proxy;
	fastcgi_temp_path $n/fastcgi;
	uwsgi_temp_path $n/uwsgi;
	scgi_temp_path $n/scgi;
	include $n/site.conf;
}
CONF
}
site 443
nginx -t -q -e "$n/error.log" -p "$n" -c "$n/nginx.conf" 2>"$n/t.err" || {
	cat "$n/t.err" "$n/error.log" >&2
	fail "nginx -t refuses the configuration of docs/deployment.md"
}

# nginx on a free port: one is tried, another if it was taken.
nginx_port=
for _ in $(seq 20); do
	port=$((20000 + RANDOM % 30000))
	site "$port"
	: >"$n/error.log"
	nginx -e "$n/error.log" -p "$n" -c "$n/nginx.conf" -g 'daemon off;' &
	nginx_pid=$!
	started="$started $nginx_pid"
	listening() {
		ss -Htln "( sport = :$port )" | grep -q . ||
			! kill -0 "$nginx_pid" 2>/dev/null
	}
	wait_for listening
	if kill -0 "$nginx_pid" 2>/dev/null; then
		nginx_port=$port
		break
	fi
done
[ -n "$nginx_port" ] || fail "nginx found no free port"

# A kiosk's sync through the proxy.
set_sync "$work/k" "https://localhost:$nginx_port" \
	"ca_file = $work/pki/ca.pem"
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || {
	cat "$work/k/sync.err" "$n/error.log" >&2
	fail "the sync through nginx ended with status $sync_status"
}
same_records "$work/c" "$work/k"
expect_in "$work/c/serve.log" " 127.0.0.1 kiosk-a POST /api/v1/batches 200 "
grep -q ' 127.0.0.1 kiosk-a POST /api/v1/batches 200 .* via=127.0.0.3$' \
	"$work/c/serve.log" || fail "the kiosk's address not forwarded"
token=$(cat "$work/k/token")
through() {
	curl -sS --cacert "$work/pki/ca.pem" -o /dev/null -w '%{http_code}' \
		--resolve "localhost:$nginx_port:127.0.0.1" "$@" \
		"https://localhost:$nginx_port/api/v1/forms" || true
}
# What the client says of itself is not believed.
[ "$(through -H "Authorization: Bearer $token" \
	-H 'X-Forwarded-For: 192.0.2.99')" = 200 ] || fail "forms through nginx"
expect_not_in "$work/c/serve.log" "192.0.2.99"

# Wrong tokens from 127.0.0.2: the 11th is answered 429, through nginx.
for i in $(seq 10); do
	through --interface 127.0.0.2 -H "Authorization: Bearer wrong-$i" \
		>/dev/null
done
[ "$(through --interface 127.0.0.2 -H 'Authorization: Bearer wrong')" = 429 ] ||
	fail "127.0.0.2 not slowed down behind the proxy"
expect_in "$work/c/serve.log" "WARNING 127.0.0.2: 10 wrong tokens"
make_more() {
	journeys 3 >"$work/k/journeys.txt"
	PARVIS_CLOCK=2026-11-26T10:00:00Z PARVIS_SIZE=80x24 \
		PARVIS_SCRIPT=$work/k/journeys.txt PARVIS_DUMP_DIR=$work/k \
		"$parvis" --config "$work/k/kiosk.ini" >/dev/null
}
make_more
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "the kiosk slowed down with 127.0.0.2"
same_records "$work/c" "$work/k"

# Ambiguous framing never reaches the collector: nginx answers it.
tls_probe() {
	printf "$1" | openssl s_client -quiet -ign_eof \
		-connect "127.0.0.1:$nginx_port" -servername localhost \
		-CAfile "$work/pki/ca.pem" 2>/dev/null | head -n 1 | tr -d '\r'
}
auth="Authorization: Bearer $token"
before=$(grep -c ' POST ' "$work/c/serve.log")
got=$(tls_probe "POST /api/v1/batches HTTP/1.1\r\nHost: localhost\r\n$auth\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n")
[ "${got#HTTP/1.1 }" != "$got" ] && [ "${got:9:1}" = 4 ] ||
	fail "nginx took Content-Length with Transfer-Encoding: $got"
echo "through nginx, Content-Length with Transfer-Encoding: $got"
got=$(tls_probe "POST /api/v1/batches HTTP/1.1\r\nHost: localhost\r\n$auth\r\nContent-Length: 3\r\nContent-Length: 10\r\nConnection: close\r\n\r\nabc")
[ "${got:9:1}" = 4 ] || fail "nginx took two Content-Length: $got"
echo "through nginx, two Content-Length: $got"
got=$(tls_probe "POST /api/v1/batches HTTP/1.1\r\nHost: localhost\r\n$auth\r\nTransfer-Encoding: identity\r\nConnection: close\r\n\r\n")
[ "${got:9:1}" = 4 ] || [ "${got:9:1}" = 5 ] ||
	fail "nginx took Transfer-Encoding: identity: $got"
echo "through nginx, Transfer-Encoding: identity: $got"
[ "$(grep -c ' POST ' "$work/c/serve.log")" = "$before" ] ||
	fail "an ambiguous request reached the collector"
got=$(tls_probe "GET /api/v1/forms HTTP/1.1\nHost: localhost\n$auth\nConnection: close\n\n")
[ "$got" = "HTTP/1.1 200 OK" ] || fail "a bare LF through nginx: $got"
echo "ok: a kiosk synced through the nginx of docs/deployment.md"
