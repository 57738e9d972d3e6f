#!/bin/bash
# A 3G link that drops: connections cut at random byte offsets (seeded,
# so a failure can be replayed), kiosk to server, server to kiosk, and
# both, including inside TLS handshakes and after the server committed a
# batch whose answer never arrived.  Each `parvis sync` retries to
# completion by itself, and the collector then holds exactly the kiosk's
# records, byte for byte: nothing lost, nothing twice.  Waits between
# attempts run on the virtual clock (PARVIS_CLOCK).
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 150
enrol "$work/c" "$work/k" kiosk-a

# more N DAY: N more journeys on another day.
more() {
	journeys "$1" >"$work/k/journeys.txt"
	PARVIS_CLOCK=$2T10:00:00Z PARVIS_SIZE=80x24 \
		PARVIS_SCRIPT=$work/k/journeys.txt PARVIS_DUMP_DIR=$work/k \
		"$parvis" --config "$work/k/kiosk.ini" >/dev/null
}

# cut_run NAME PROXY-ARGS...: a sync through a cutting proxy.
cut_run() {
	local name=$1
	shift
	start_proxy "$work/c" "$@"
	set_sync "$work/k" "https://localhost:$proxy_port" \
		"ca_file = $work/pki/ca.pem
batch_size = 20"
	sync_kiosk "$work/k" PARVIS_CLOCK=2026-11-30T19:00:00Z
	stop_proxy
	cp "$work/k/sync.err" "$work/k/$name.err"
	cp "$work/k/sync.out" "$work/k/$name.out"
	[ "$sync_status" = 0 ] || {
		cat "$work/k/sync.err" "$work/c/proxy.log" >&2
		fail "$name: sync exited $sync_status"
	}
	cuts=$(grep -c "connection [0-9]*: cut" "$work/c/proxy.log" || true)
	[ "$cuts" -ge 1 ] || fail "$name: the proxy cut nothing"
	expect_in "$work/k/sync.err" "La connexion a échoué"
	[ "$(acked "$work/k")" = "$(kiosk_count "$work/k")" ] ||
		fail "$name: not everything acknowledged"
	same_records "$work/c" "$work/k"
	echo "$name: $cuts connections cut, $(kiosk_count "$work/k")" \
		"records: $(cat "$work/k/sync.out")"
}

cut_run up --cut up --cuts 6 --seed 11 --max-bytes 4000
more 40 2026-11-26
cut_run down --cut down --cuts 6 --seed 12 --max-bytes 2000
more 40 2026-11-27
cut_run both --cut both --cuts 6 --seed 13 --max-bytes 3000
more 40 2026-11-28
cut_run early --cut both --cuts 5 --seed 14 --max-bytes 400
# Some answers were lost after the server committed: their records came
# back as duplicates, counted and never stored twice.
# (grep reads the files itself: "cat | grep -q" under pipefail fails
# whenever grep stops before cat has written everything.)
grep -q "déjà reçue" "$work/k/"*.out ||
	fail "no cut fell between a commit and its answer"
echo "ok: every cut survived"
