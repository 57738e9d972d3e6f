#!/bin/bash
# Sync benchmark (figures, never asserts): N records (default 100,000)
# over HTTPS on 127.0.0.1, each run into a fresh collector:
#
#   parvis sync      the kiosk's engine, batches of 500, gzip, one TLS
#                    connection kept alive
#   curl             the curl command line posting the very same gzip
#                    bodies on one kept-alive connection: the transport's
#                    limit, with no database read and no engine
#   per record       one HTTPS request per record (batch_size = 1), how
#                    OpenRosa clients (ODK Collect, KoboCollect) send
#                    submissions; on a subset (N/20), per-record rate
#   20 kiosks        20 `parvis sync` at once, N/20 records each: the
#                    collector's ingest rate under concurrent load
#
# Every run goes through cutproxy in counting mode (no cuts), which gives
# the bytes on the wire, TLS included.  Databases live in the current
# directory (the build tree: a real disk, where fsync costs what it
# costs).
#
# usage: bench_sync.sh PARVIS COLLECT CUTPROXY BENCH_SYNC SOURCE_DIR [N]
#        (N also from BENCH_SYNC_RECORDS)
# Programs as absolute paths (meson gives them relative to the build tree).
abs() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$PWD/$1" ;;
	esac
}
parvis=$(abs "$1")
collect=$(abs "$2")
cutproxy=$(abs "$3")
helper=$(abs "$4")
src=$5
n=${6:-${BENCH_SYNC_RECORDS:-100000}}
. "$src/tests/e2e/lib.sh"
TMPDIR=$PWD
e2e_init "$parvis" "$collect" "$cutproxy" "$src"

now() {
	date +%s.%N
}

# figures LABEL RECORDS SECONDS COUNTFILE: one line of the report.
figures() {
	local up down conns
	read -r up down conns <"$4"
	awk -v l="$1" -v n="$2" -v s="$3" -v u="$up" -v d="$down" \
		-v c="$conns" 'BEGIN {
		printf "  %-22s %7d records %7.2f s %9.0f records/s" \
			" %7.1f bytes/record on the wire (%d connections)\n",
			l, n, s, n / s, (u + d) / n, c }'
}

# kiosk_conf DIR ID: a kiosk.ini for a database made by the helper.
kiosk_conf() {
	mkdir -p "$1/forms"
	printf '[kiosk]\nid = %s\nforms = forms\ndatabase = kiosk.db\n' \
		"$2" >"$1/kiosk.ini"
}

# run_sync LABEL KDIR CDIR RECORDS BATCH: one `parvis sync` through a
# counting proxy into a fresh collector in CDIR.
run_sync() {
	local label=$1 k=$2 c=$3 records=$4 batch=$5 t0 t1
	start_collector "$c" server "max_connections_per_ip = 64"
	enrol "$c" "$k" "$(sed -n 's/^id = //p' "$k/kiosk.ini")"
	start_proxy "$c" --count-file "$c/count"
	set_sync "$k" "https://127.0.0.1:$proxy_port" \
		"ca_file = $work/pki/ca.pem
batch_size = $batch"
	t0=$(now)
	sync_kiosk "$k"
	t1=$(now)
	stop_proxy
	[ "$sync_status" = 0 ] || fail "$label: sync exited $sync_status"
	[ "$(collector_lines "$c" | wc -l)" = "$records" ] ||
		fail "$label: the collector does not hold $records records"
	stop_collector
	figures "$label" "$records" "$(echo "$t1 - $t0" | bc -l)" "$c/count"
}

# curl_run KDIR CDIR: the curl command line posting the gzip bodies.
curl_run() {
	local k=$1 c=$2 t0 t1 f
	start_collector "$c" server "max_connections_per_ip = 64"
	enrol "$c" "$c" kiosk-a
	start_proxy "$c" --count-file "$c/count"
	: >"$c/curl.cfg"
	for f in "$work/bodies"/*.gz; do
		[ ! -s "$c/curl.cfg" ] || echo next >>"$c/curl.cfg"
		cat >>"$c/curl.cfg" <<CFG
url = "https://127.0.0.1:$proxy_port/api/v1/batches"
cacert = "$work/pki/ca.pem"
header = "Authorization: Bearer $(cat "$c/token")"
header = "Content-Type: application/x-ndjson"
header = "Content-Encoding: gzip"
data-binary = "@$f"
fail
silent
show-error
output = "/dev/null"
CFG
	done
	t0=$(now)
	curl -K "$c/curl.cfg" || fail "curl failed"
	t1=$(now)
	stop_proxy
	[ "$(collector_lines "$c" | wc -l)" = "$n" ] ||
		fail "curl: the collector does not hold $n records"
	stop_collector
	figures "curl, same gzip bodies" "$n" "$(echo "$t1 - $t0" | bc -l)" \
		"$c/count"
}

# crowd K: K kiosks syncing at once, n/K records each.
crowd() {
	local kiosks=$1 each=$((n / $1)) i t0 t1 pids=""
	start_collector "$work/c4" server "max_connections_per_ip = 64
max_connections = 128"
	for i in $(seq 1 "$kiosks"); do
		kiosk_conf "$work/crowd$i" "kiosk-$i"
		"$helper" make-db "$work/crowd$i/kiosk.db" "kiosk-$i" "$each" &
		pids="$pids $!"
	done
	for i in $pids; do
		wait "$i" || fail "making the crowd's databases"
	done
	for i in $(seq 1 "$kiosks"); do
		enrol "$work/c4" "$work/crowd$i" "kiosk-$i"
		set_sync "$work/crowd$i" "https://127.0.0.1:$collector_port" \
			"ca_file = $work/pki/ca.pem"
	done
	pids=""
	t0=$(now)
	for i in $(seq 1 "$kiosks"); do
		"$parvis" --config "$work/crowd$i/kiosk.ini" sync \
			>/dev/null 2>"$work/crowd$i/sync.err" &
		pids="$pids $!"
	done
	for i in $pids; do
		wait "$i" || fail "a kiosk of the crowd failed"
	done
	t1=$(now)
	[ "$(collector_lines "$work/c4" | wc -l)" = $((each * kiosks)) ] ||
		fail "crowd: records missing"
	stop_collector
	awk -v k="$kiosks" -v n=$((each * kiosks)) \
		-v s="$(echo "$t1 - $t0" | bc -l)" 'BEGIN {
		printf "  %-22s %7d records %7.2f s %9.0f records/s ingested\n",
			k " kiosks at once", n, s, n / s }'
}

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
kiosk_conf "$work/k" kiosk-a
t0=$(now)
"$helper" make-db "$work/k/kiosk.db" kiosk-a "$n"
t1=$(now)
raw=$(sqlite3 "$work/k/kiosk.db" "SELECT sum(length(CAST(line AS BLOB)) + 1) FROM records")
echo "fixture: $n records of $((raw / n)) bytes on average, made in" \
	"$(printf '%.1f' "$(echo "$t1 - $t0" | bc -l)") s (not measured)"
read -r files rawb gzb < <("$helper" bodies "$work/k/kiosk.db" kiosk-a 500 \
	"$(mkdir -p "$work/bodies" && echo "$work/bodies")")
echo "batches of 500: $files bodies, $rawb bytes of NDJSON, $gzb gzipped" \
	"($(awk -v r="$rawb" -v g="$gzb" 'BEGIN { printf "%.1f", r / g }')x)"
echo "sync over HTTPS on 127.0.0.1, into a fresh collector each time:"
run_sync "parvis sync" "$work/k" "$work/c1" "$n" 500
curl_run "$work/k" "$work/c2"
subset=$((n / 20))
kiosk_conf "$work/one" kiosk-one
"$helper" make-db "$work/one/kiosk.db" kiosk-one "$subset"
run_sync "one request per record" "$work/one" "$work/c3" "$subset" 1
crowd 20
