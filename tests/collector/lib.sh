#!/bin/bash
# Shared by the collector's shell tests: a temporary directory, a
# throw-away CA and server certificate for 127.0.0.1 and localhost made by
# openssl, a real `parvis-collect serve` on a port the kernel picks
# (port = 0; the collector prints it), kiosk databases made by running the
# real kiosk headless (PARVIS_SCRIPT), and batches built from their
# records exactly as the kiosk's sync sends them.
#
# Source it after setting: collect (parvis-collect), parvis, src.
set -euo pipefail

work=$(mktemp -d)
collector_pid=
cleanup() {
	if [ -n "$collector_pid" ]; then
		kill -KILL "$collector_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	if [ -f "$work/collect.log" ]; then
		echo "--- collector log:" >&2
		tail -n 30 "$work/collect.log" >&2
	fi
	exit 1
}

# expect_eq GOT WANT WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

# expect_in TEXT NEEDLE WHAT
expect_in() {
	case $1 in
	*"$2"*) ;;
	*) fail "$3: '$2' not in: $1" ;;
	esac
}

make_certs() {
	local d=$work/tls
	mkdir -p "$d"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$d/ca.key" -out "$d/ca.pem" -days 2 \
		-subj "/CN=parvis test CA" 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$d/key.pem" -out "$d/server.csr" \
		-subj "/CN=localhost" 2>/dev/null
	printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
		'basicConstraints=CA:FALSE' 'extendedKeyUsage=serverAuth' \
		>"$d/ext.cnf"
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" \
		-CAkey "$d/ca.key" -CAcreateserial -out "$d/cert.pem" -days 2 \
		-extfile "$d/ext.cnf" 2>/dev/null
	ca=$d/ca.pem
}

# write_config [MAX_BODY_BYTES [MORE LINES]]: MORE LINES of [server]
# replace the keys they name.
write_config() {
	local more=${2:-} key
	{
		printf '%s\n' '[server]' 'listen = 127.0.0.1' 'port = 0' \
			'tls_cert = tls/cert.pem' 'tls_key = tls/key.pem' \
			'database = collect.db' "max_body_bytes = ${1:-8388608}"
		for key in max_connections_per_ip=8 connection_timeout_seconds=10 \
			max_connections=32; do
			case $more in
			*"${key%%=*} ="*) ;;
			*) echo "${key%%=*} = ${key#*=}" ;;
			esac
		done
		[ -z "$more" ] || printf '%s\n' "$more"
	} >"$work/collect.ini"
}

# probe FILE: FILE's bytes as they are, over TLS to the collector (no
# HTTP client in the way: each probe is a request no client library
# would send); prints every byte it answers until it closes the
# connection.
probe() {
	openssl s_client -quiet -ign_eof -connect "127.0.0.1:$port" \
		-CAfile "$ca" <"$1" 2>/dev/null || true
}

pc() {
	"$collect" --config "$work/collect.ini" "$@"
}

# Starts the collector and waits until it says which port it listens on.
start_collector() {
	: >"$work/collect.log"
	"$collect" --config "$work/collect.ini" serve 2>>"$work/collect.log" &
	collector_pid=$!
	for _ in $(seq 200); do
		port=$(sed -n 's|.*listening on https://127.0.0.1:\([0-9]*\)/.*|\1|p' \
			"$work/collect.log")
		[ -n "$port" ] && return 0
		kill -0 "$collector_pid" 2>/dev/null ||
			fail "the collector did not start"
		sleep 0.05
	done
	fail "the collector did not say its port"
}

# Stops it with SIGTERM; it must exit 0.
stop_collector() {
	local status=0
	kill -TERM "$collector_pid"
	wait "$collector_pid" || status=$?
	collector_pid=
	expect_eq "$status" 0 "exit status after SIGTERM"
}

# make_kiosk ID N: a kiosk database $work/ID.db with N submissions, made
# by the real kiosk running the Digne bus journey N times.
make_kiosk() {
	local id=$1 n=$2 dir=$work/kiosk-$1
	mkdir -p "$dir"
	cat >"$dir/kiosk.ini" <<INI
[kiosk]
id = $id
forms = $src/forms
database = $work/$id.db
communes = $src/data/communes.csv
[sites]
marche-digne = Marché de Digne-les-Bains
INI
	{
		echo 'expect "Donnez votre avis"'
		for _ in $(seq "$n"); do
			grep -v -e '^dump' -e '^#' -e '^expect "Donnez' \
				"$src/tests/screens/scripts/bus-daily.txt"
		done
	} >"$dir/script.txt"
	PARVIS_CLOCK=2026-11-25T09:30:00Z PARVIS_SIZE=80x24 \
		PARVIS_SCRIPT=$dir/script.txt "$parvis" --config "$dir/kiosk.ini"
	expect_eq "$(sqlite3 "$work/$id.db" 'SELECT count(*) FROM records')" \
		"$n" "records made by kiosk $id"
}

# make_batch ID FIRST LAST OUT: the NDJSON body of records FIRST..LAST of
# kiosk ID, header line first, lines as frozen.
make_batch() {
	local id=$1 first=$2 last=$3 db=$work/$1.db prev
	prev=$(sqlite3 "$db" "SELECT hash FROM records WHERE seq = $first - 1")
	prev=${prev:-0000000000000000000000000000000000000000000000000000000000000000}
	{
		printf '{"protocol":1,"kiosk":"%s","first_seq":%d,"last_seq":%d,' \
			"$id" "$first" "$last"
		printf '"count":%d,"prev_hash":"%s","last_hash":"%s"}\n' \
			$((last - first + 1)) "$prev" \
			"$(sqlite3 "$db" "SELECT hash FROM records WHERE seq = $last")"
		sqlite3 "$db" "SELECT line FROM records WHERE seq BETWEEN $first \
			AND $last ORDER BY seq"
	} >"$4"
}

# post TOKEN FILE [CURL ARGS...]: POSTs FILE gzipped; the answer's body is
# in $answer and its status in $code.
post() {
	local token=$1 file=$2
	shift 2
	code=$(gzip -c "$file" | curl -sS --cacert "$ca" -o "$work/answer" \
		-w '%{http_code}' -H "Authorization: Bearer $token" \
		-H 'Content-Type: application/x-ndjson' \
		-H 'Content-Encoding: gzip' --data-binary @- "$@" \
		"https://127.0.0.1:$port/api/v1/batches") || true
	answer=$(cat "$work/answer" 2>/dev/null || true)
}

# The collector holds exactly kiosk ID's records, byte for byte.
expect_same_records() {
	local id=$1 table=${2:-records}
	sqlite3 "$work/$id.db" 'SELECT seq, uuid, line FROM records ORDER BY seq' \
		>"$work/want.txt"
	sqlite3 "$work/collect.db" "SELECT seq, uuid, line FROM $table WHERE \
		kiosk = '$id' ORDER BY seq" >"$work/got.txt"
	cmp -s "$work/want.txt" "$work/got.txt" ||
		fail "the collector's records of $id differ from the kiosk's"
}

stored() {
	sqlite3 "$work/collect.db" "SELECT count(*) FROM records WHERE kiosk = '$1'"
}

# The records of kiosk $1 that count (not in quarantine, or accepted).
counted() {
	sqlite3 "$work/collect.db" \
		"SELECT count(*) FROM counted_records WHERE kiosk = '$1'"
}
