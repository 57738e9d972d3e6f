#!/bin/bash
# `parvis sync --when-idle` (parvis-sync.timer) against the real collector
# over TLS: while another process holds the kiosk's session lock (flock on
# DATABASE.session-lock, taken here from the shell as the kiosk takes it
# during a participant's session) it does not sync and ends with status 3,
# at once or after waiting SECONDS; once the lock is free it syncs; a sync
# without --when-idle (the animator's) is not held back; a kiosk database
# with no lock file is idle.
#
# usage: idle-lock.sh PARVIS PARVIS_COLLECT SOURCE_DIR
. "$3/tests/e2e/lib.sh"
e2e_init "$1" "$2" /bin/false "$3"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 4
enrol "$work/c" "$work/k" kiosk-a
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem"
lock=$work/k/kiosk.db.session-lock

# hold: a participant's session, from another process, until release.
hold() {
	rm -f "$work/held" "$work/release"
	(
		flock 9
		touch "$work/held"
		while [ ! -e "$work/release" ]; do sleep 0.05; done
	) 9>>"$lock" &
	holder=$!
	started="$started $holder"
	wait_for test -e "$work/held"
}

release() {
	touch "$work/release"
	wait "$holder"
}

# sync_idle ARGS...: `parvis sync ARGS`, status in sync_status, seconds
# taken in took.
sync_idle() {
	local t0
	t0=$(date +%s.%N)
	sync_status=0
	"$parvis" --config "$work/k/kiosk.ini" sync "$@" \
		>"$work/k/sync.out" 2>"$work/k/sync.err" || sync_status=$?
	took=$(echo "$(date +%s.%N) - $t0" | bc)
}

held_count() {
	collector_lines "$work/c" | wc -l
}

# Bad values are usage errors.
for bad in --when-idle=abc --when-idle=-1 --when-idle=4000 --when-idle= \
	--when-idles; do
	sync_idle "$bad"
	[ "$sync_status" = 2 ] || fail "$bad: exit $sync_status, expected 2"
done

# A session is running: no sync, at once.
hold
sync_idle --when-idle
[ "$sync_status" = 3 ] || fail "busy kiosk: exit $sync_status, expected 3"
expect_in "$work/k/sync.err" "une personne est en train de répondre"
[ "$(echo "$took < 2" | bc)" = 1 ] || fail "--when-idle waited ($took s)"
[ "$(held_count)" = 0 ] || fail "records were sent during a session"
[ "$(acked "$work/k")" = 0 ] || fail "records marked sent"

# ... or after waiting two seconds for it to end.
sync_idle --when-idle=2
[ "$sync_status" = 3 ] || fail "busy kiosk: exit $sync_status, expected 3"
[ "$(echo "$took >= 2" | bc)" = 1 ] || fail "did not wait 2 s ($took s)"
[ "$(held_count)" = 0 ] || fail "records were sent during a session"

# The session ends while the sync waits: it syncs then.
(sleep 1; touch "$work/release") &
sync_idle --when-idle=20
wait "$holder"
[ "$sync_status" = 0 ] || {
	cat "$work/k/sync.err" >&2
	fail "idle kiosk: exit $sync_status, expected 0"
}
[ "$(echo "$took >= 1 && $took < 15" | bc)" = 1 ] ||
	fail "should have waited about a second ($took s)"
same_records "$work/c" "$work/k"

# The animator's own sync is never held back.
journeys 2 >"$work/k/journeys.txt"
PARVIS_CLOCK=$clock PARVIS_SIZE=80x24 PARVIS_SCRIPT=$work/k/journeys.txt \
	PARVIS_DUMP_DIR=$work/k "$parvis" --config "$work/k/kiosk.ini" >/dev/null
hold
sync_idle
release
[ "$sync_status" = 0 ] || fail "sync without --when-idle: $sync_status"
same_records "$work/c" "$work/k"

# Free lock, and no lock file at all: idle.
sync_idle --when-idle
[ "$sync_status" = 0 ] || fail "free lock: exit $sync_status"
rm -f "$lock"
sync_idle --when-idle=5
[ "$sync_status" = 0 ] || fail "no lock file: exit $sync_status"
[ "$(echo "$took < 4" | bc)" = 1 ] || fail "no lock file, yet it waited"
[ ! -e "$lock" ] || fail "sync created the kiosk's lock file"
echo "ok: --when-idle skips, waits, then syncs"
