#!/bin/bash
# Two kiosks syncing at the same moment into one collector, in small
# batches so their requests interleave: both finish, and the collector
# holds exactly the records of each, byte for byte.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
for id in a b; do
	make_kiosk "$work/$id" "kiosk-$id" 150
	enrol "$work/c" "$work/$id" "kiosk-$id"
	set_sync "$work/$id" "https://127.0.0.1:$collector_port" \
		"ca_file = $work/pki/ca.pem
batch_size = 10"
done

"$parvis" --config "$work/a/kiosk.ini" sync >"$work/a/sync.out" \
	2>"$work/a/sync.err" &
pid_a=$!
"$parvis" --config "$work/b/kiosk.ini" sync >"$work/b/sync.out" \
	2>"$work/b/sync.err" &
pid_b=$!
wait "$pid_a" || fail "kiosk-a's sync failed: $(cat "$work/a/sync.err")"
wait "$pid_b" || fail "kiosk-b's sync failed: $(cat "$work/b/sync.err")"
expect_in "$work/a/sync.out" "150 réponses envoyées, tout est à jour."
expect_in "$work/b/sync.out" "150 réponses envoyées, tout est à jour."
same_records "$work/c" "$work/a" "$work/b"
# They really overlapped: the log alternates between the two kiosks.
switches=$(grep -o "kiosk-[ab] POST" "$work/c/serve.log" | uniq | wc -l)
echo "ok: two kiosks at once ($switches turns in the collector's log)"
