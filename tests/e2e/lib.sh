# Shared by the end-to-end sync tests: a throw-away CA and certificates
# made with openssl, the real parvis-collect on a free port of 127.0.0.1,
# kiosks whose databases are filled by the real kiosk running headless on
# scripted journeys, and the checks every test ends with (the collector
# holds exactly the kiosk's records, byte for byte).
#
# A test sources this file and calls e2e_init with meson's arguments:
#   PARVIS PARVIS_COLLECT CUTPROXY SOURCE_DIR
# Everything lives in a temporary directory removed at exit, with every
# process the test started.
set -euo pipefail

e2e_init() {
	parvis=$1
	collect=$2
	cutproxy=$3
	src=$4
	work=$(mktemp -d "${TMPDIR:-/tmp}/parvis-e2e.XXXXXX")
	started=""
	trap e2e_cleanup EXIT
	mkdir -p "$work/pki"
	export LC_ALL=C.UTF-8
	unset LANGUAGE
	# Records are made under a fixed clock, like the screen tests.
	clock=2026-11-25T17:00:00Z
}

e2e_cleanup() {
	local status=$?
	for pid in $started; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in $started; do
		wait "$pid" 2>/dev/null || true
	done
	if [ "$status" -ne 0 ] && [ -d "$work" ]; then
		echo "--- logs kept in the failure output:" >&2
		for log in "$work"/*/*.log; do
			[ -f "$log" ] || continue
			echo "--- $log" >&2
			tail -n 20 "$log" >&2
		done
	fi
	rm -rf "$work"
	exit "$status"
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Polls (never sleeps blindly) until a command succeeds, 20 s at most.
wait_for() {
	local i=0
	until "$@"; do
		i=$((i + 1))
		[ $i -lt 400 ] || fail "timed out waiting for: $*"
		sleep 0.05
	done
}

# make_ca NAME: a certificate authority, pki/NAME.pem and pki/NAME.key.
make_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		-nodes -keyout "$work/pki/$1.key" -out "$work/pki/$1.pem" \
		-days 3 -subj "/CN=parvis test CA $1" 2>/dev/null
}

# make_cert CA NAME SAN [expired]: a server certificate signed by CA, for
# the subjectAltName SAN ("IP:127.0.0.1,DNS:localhost").  With "expired",
# it was valid for one day in 2020 (openssl ca takes dates in the past,
# where -days cannot go negative).
make_cert() {
	local ca=$1 name=$2 san=$3 dir=$work/pki
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$dir/$name.key" -out "$dir/$name.csr" \
		-subj "/CN=parvis collector" 2>/dev/null
	if [ "${4:-}" = expired ]; then
		mkdir -p "$dir/$ca.db"
		: >"$dir/$ca.db/index.txt"
		echo 1000 >"$dir/$ca.db/serial"
		cat >"$dir/$ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
dir = $dir/$ca.db
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
certificate = $dir/$ca.pem
private_key = $dir/$ca.key
default_md = sha256
policy = any_name
unique_subject = no
[any_name]
commonName = supplied
[server_ext]
subjectAltName = $san
CNF
		openssl ca -batch -config "$dir/$ca.cnf" -extensions server_ext \
			-startdate 20200101000000Z -enddate 20200102000000Z \
			-in "$dir/$name.csr" -out "$dir/$name.pem" 2>/dev/null
	else
		printf 'subjectAltName=%s\n' "$san" >"$dir/$name.ext"
		openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$ca.pem" \
			-CAkey "$dir/$ca.key" -CAcreateserial -days 3 \
			-extfile "$dir/$name.ext" -out "$dir/$name.pem" 2>/dev/null
	fi
}

# The sha256//BASE64 of a certificate's public key, for pinned_key.
pin_of() {
	openssl x509 -in "$1" -pubkey -noout |
		openssl pkey -pubin -outform der |
		openssl dgst -sha256 -binary | openssl enc -base64 |
		sed 's|^|sha256//|'
}

# start_collector DIR CERT [extra collect.ini lines]: parvis-collect in
# DIR on a free port, with pki/CERT.pem; sets collector_port and
# collector_pid.
start_collector() {
	local dir=$1 cert=$2
	mkdir -p "$dir"
	cat >"$dir/collect.ini" <<INI
[server]
listen = 127.0.0.1
port = 0
tls_cert = $work/pki/$cert.pem
tls_key = $work/pki/$cert.key
database = $dir/collect.db
${3:-}
INI
	# The log of a collector started before in DIR goes first: the shell
	# truncates it in the background, so its old "listening" line could
	# be read, then the file emptied before the port was (a restart got
	# port 443 under load).
	rm -f "$dir/serve.log"
	"$collect" --config "$dir/collect.ini" serve 2>"$dir/serve.log" &
	collector_pid=$!
	started="$started $collector_pid"
	collector_port=
	wait_for collector_listening "$dir/serve.log"
}

# Sets collector_port once the log says where the collector listens.
collector_listening() {
	collector_port=$(sed -n \
		's|.*listening on https://127.0.0.1:\([0-9]*\)/.*|\1|p' \
		"$1" 2>/dev/null)
	[ -n "$collector_port" ]
}

stop_collector() {
	kill "$collector_pid"
	wait "$collector_pid" || true
}

# collector DIR ARGS...: runs a collector command on DIR's database.
collector() {
	local dir=$1
	shift
	"$collect" --config "$dir/collect.ini" "$@"
}

# enrol CDIR KDIR ID: enrols kiosk ID and puts its token in KDIR/token.
enrol() {
	mkdir -p "$2"
	collector "$1" kiosk add "$3" >"$2/token" 2>/dev/null
	chmod 600 "$2/token"
}

# journeys N: a script of N passers-by answering the test form.
journeys() {
	local i
	for i in $(seq 1 "$1"); do
		cat <<STEP
tap "Commencer"
tap "Commencer"
key $((1 + i % 2))
key Enter
type "Des pistes sûres, l’été n°$i « vite »"
key Enter
tap "Terminer"
advance 3s
STEP
	done
}

# make_kiosk DIR ID N: a kiosk (kiosk.ini, forms/, kiosk.db) holding N
# submissions made by the real kiosk on scripted journeys.
make_kiosk() {
	local dir=$1 id=$2 n=$3
	mkdir -p "$dir/forms"
	cp "$src/tests/e2e/forms/velo-sisteron.ini" "$dir/forms/"
	cat >"$dir/kiosk.ini" <<INI
[kiosk]
id = $id
forms = forms
database = kiosk.db
communes = $src/data/communes.csv

[sites]
marche-sisteron = Marché de Sisteron
INI
	journeys "$n" >"$dir/journeys.txt"
	PARVIS_CLOCK=$clock PARVIS_SIZE=80x24 \
		PARVIS_SCRIPT=$dir/journeys.txt PARVIS_DUMP_DIR=$dir \
		"$parvis" --config "$dir/kiosk.ini" >/dev/null
	[ "$(kiosk_count "$dir")" = "$n" ] || fail "$id: $n journeys did not" \
		"make $n records"
}

# set_sync DIR URL [more lines]: the kiosk's [sync] section.
set_sync() {
	local dir=$1 url=$2
	sed -i '/^\[sync\]/,$d' "$dir/kiosk.ini"
	printf '[sync]\nurl = %s\ntoken_file = token\n%s\n' "$url" \
		"${3:-}" >>"$dir/kiosk.ini"
}

# sync DIR [env...]: runs `parvis sync`; output in DIR/sync.out and
# DIR/sync.err, status in sync_status (never fails by itself).
sync_kiosk() {
	local dir=$1
	shift
	sync_status=0
	env "$@" "$parvis" --config "$dir/kiosk.ini" sync \
		>"$dir/sync.out" 2>"$dir/sync.err" || sync_status=$?
}

kiosk_count() {
	sqlite3 "$1/kiosk.db" "SELECT count(*) FROM records"
}

acked() {
	sqlite3 "$1/kiosk.db" "SELECT acked_through FROM sync_state"
}

# The kiosk's lines and the collector's, byte for byte, in files.
kiosk_lines() {
	sqlite3 "$1/kiosk.db" "SELECT line FROM records ORDER BY seq"
}

collector_lines() {
	collector "$1" export --format json
}

# same_records CDIR KDIR...: the collector holds exactly the kiosks'
# records (export orders by kiosk then seq: give the kiosks in id order).
same_records() {
	local cdir=$1 k
	shift
	: >"$cdir/expected.ndjson"
	for k in "$@"; do
		kiosk_lines "$k" >>"$cdir/expected.ndjson"
	done
	collector_lines "$cdir" >"$cdir/held.ndjson"
	cmp -s "$cdir/expected.ndjson" "$cdir/held.ndjson" || {
		diff "$cdir/expected.ndjson" "$cdir/held.ndjson" | head -5 >&2
		fail "the collector does not hold exactly the kiosks' records"
	}
}

# expect_in FILE TEXT: FILE contains TEXT (fixed string).
expect_in() {
	grep -qF -- "$2" "$1" || {
		cat "$1" >&2
		fail "$1 lacks: $2"
	}
}

expect_not_in() {
	if grep -qF -- "$2" "$1"; then
		cat "$1" >&2
		fail "$1 should not say: $2"
	fi
}

# start_proxy DIR ARGS...: cutproxy in front of the collector; sets
# proxy_port and proxy_pid.
start_proxy() {
	local dir=$1
	shift
	rm -f "$dir/proxy.port"
	"$cutproxy" --port-file "$dir/proxy.port" "$@" "$collector_port" \
		>/dev/null 2>"$dir/proxy.log" &
	proxy_pid=$!
	started="$started $proxy_pid"
	wait_for test -s "$dir/proxy.port"
	proxy_port=$(cat "$dir/proxy.port")
}

stop_proxy() {
	kill "$proxy_pid" 2>/dev/null || true
	wait "$proxy_pid" 2>/dev/null || true
}
