#!/bin/bash
# `parvis-collect backup FILE` and the restore procedure of
# parvis-collect(8), against the real collector over TLS: backups taken
# while a kiosk syncs are whole, checked databases; a backup taken after
# the sync, put back as the database of a fresh collector, gives exactly
# the same exports and kiosk list; a backup taken mid-sync, restored, then
# completed by the kiosk resending everything (acked_through reset, as the
# page says) holds exactly the kiosk's records again.  Plus the refusals:
# the database itself, an unwritable place, wrong usage.
#
# usage: backup.sh PARVIS PARVIS_COLLECT SOURCE_DIR
. "$3/tests/e2e/lib.sh"
e2e_init "$1" "$2" /bin/false "$3"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 150
enrol "$work/c" "$work/k" kiosk-a
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem
batch_size = 1"

# backup FILE: parvis-collect backup on the running collector's database.
backup() {
	collector "$work/c" backup "$1" 2>"$work/backup.err" || {
		cat "$work/backup.err" >&2
		fail "backup $1"
	}
	[ ! -e "$1.part" ] || fail "$1.part left behind"
	[ ! -e "$1-wal" ] || fail "$1 is not a single file"
	[ "$(stat -c %a "$1")" = 600 ] || fail "$1 is readable by others"
	[ "$(sqlite3 "$1" 'PRAGMA journal_mode')" = delete ] ||
		fail "$1 is not in rollback-journal mode"
}

# Backups while the kiosk syncs, one request per record.
"$parvis" --config "$work/k/kiosk.ini" sync >"$work/k/sync.out" \
	2>"$work/k/sync.err" &
sync_pid=$!
started="$started $sync_pid"
during=0
i=0
while kill -0 "$sync_pid" 2>/dev/null; do
	i=$((i + 1))
	backup "$work/during-$i.db"
	if kill -0 "$sync_pid" 2>/dev/null; then
		during=$i	# began and ended while the sync ran
	fi
done
wait "$sync_pid" || fail "the sync failed: $(cat "$work/k/sync.err")"
[ "$during" -ge 1 ] || fail "no backup was taken while the sync ran"
same_records "$work/c" "$work/k"
mid=$(sqlite3 "$work/during-$during.db" "SELECT count(*) FROM records")
echo "backups during the sync: $during (the last held $mid of 150 records)"

# After the sync: restored into a fresh collector, the very same data.
backup "$work/after.db"
mkdir -p "$work/r"
sed "s|$work/c/|$work/r/|" "$work/c/collect.ini" >"$work/r/collect.ini"
install -m 600 "$work/after.db" "$work/r/collect.db"
for what in "export --format json" "export --format csv" "kiosk list" \
	"forms list"; do
	collector "$work/c" $what >"$work/c/out.txt" 2>&1
	collector "$work/r" $what >"$work/r/out.txt" 2>&1
	cmp -s "$work/c/out.txt" "$work/r/out.txt" || {
		diff "$work/c/out.txt" "$work/r/out.txt" | head >&2
		fail "restored collector: $what differs"
	}
done

# The restore procedure of parvis-collect(8) with the mid-sync backup:
# stop, put the backup in place, start; the kiosk resends everything.
stop_collector
mv "$work/c/collect.db" "$work/c/collect.db.before-restore"
rm -f "$work/c/collect.db-wal" "$work/c/collect.db-shm"
install -m 600 "$work/during-$during.db" "$work/c/collect.db"
start_collector "$work/c" server
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem"
sqlite3 "$work/k/kiosk.db" \
	'UPDATE sync_state SET acked_through = (SELECT seq FROM chain_base)'
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || {
	cat "$work/k/sync.out" "$work/k/sync.err" >&2
	fail "sync after the restore: $sync_status"
}
same_records "$work/c" "$work/k"
collector "$work/c" kiosk list >"$work/c/kiosks.txt" 2>&1
expect_not_in "$work/c/kiosks.txt" "gap"

# Refusals.
status=0
collector "$work/c" backup "$work/c/collect.db" 2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "backup over the database: exit $status"
expect_in "$work/err" "the database itself"
status=0
collector "$work/c" backup "$work/no/such/dir/b.db" 2>"$work/err" ||
	status=$?
[ "$status" = 1 ] || fail "backup into a missing directory: exit $status"
expect_in "$work/err" "$work/no/such/dir/b.db"
status=0
collector "$work/c" backup 2>/dev/null || status=$?
[ "$status" = 2 ] || fail "backup without FILE: exit $status"
echo "ok: backups during and after a sync, restored, identical"
