#!/bin/bash
# The kiosk under systemd's notify protocol: started with NOTIFY_SOCKET
# and WATCHDOG_USEC, in a real terminal (tmux), it sends READY=1 once its
# first screen is drawn, then WATCHDOG=1 regularly from its main loop; a
# stuck main loop (the process stopped with SIGSTOP) sends nothing, and
# the pings come back when it runs again.  Counts with generous bounds,
# never timings.
#
# usage: watchdog.sh PARVIS NOTIFY_LISTEN SOURCE_DIR
set -euo pipefail

parvis=$1
listen=$2
src=$3
work=$(mktemp -d)
sock=tw$$
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	kill "$listener" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
command -v tmux >/dev/null || { echo "tmux is missing"; exit 77; }

cat >"$work/kiosk.ini" <<INI
[kiosk]
id = watchdog-test
forms = $src/forms
database = $work/parvis.db
communes = $src/data/communes.csv
INI

"$listen" "$work/notify.sock" 60 >"$work/notify.log" &
listener=$!
for _ in $(seq 100); do
	[ -S "$work/notify.sock" ] && break
	sleep 0.05
done

tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
	"env TERM=xterm-256color NOTIFY_SOCKET=$work/notify.sock \
	WATCHDOG_USEC=400000 $parvis --config $work/kiosk.ini; sleep 30"

count() {
	grep -c "^$1\$" "$work/notify.log" || true
}
# wait_count MESSAGE N: until the listener has N of them (at most 20 s).
wait_count() {
	for _ in $(seq 400); do
		[ "$(count "$1")" -ge "$2" ] && return 0
		sleep 0.05
	done
	echo "FAIL: fewer than $2 '$1' (got $(count "$1"))"
	cat "$work/notify.log"
	exit 1
}

wait_count READY=1 1
tmux -L "$sock" capture-pane -p | grep -q "Donnez votre avis" || {
	echo "FAIL: READY=1 came but the attract screen is not drawn"
	exit 1
}
echo "ok: READY=1 once the attract screen is drawn"
wait_count WATCHDOG=1 5
echo "ok: WATCHDOG=1 comes regularly ($(count WATCHDOG=1) so far)"

pid=$(pgrep -f "^$parvis --config $work/kiosk.ini" | head -n 1)
kill -STOP "$pid"
sleep 0.5	# let a datagram already on its way arrive
before=$(count WATCHDOG=1)
sleep 2		# four intervals of 200 ms, ten times over
after=$(count WATCHDOG=1)
if [ "$after" != "$before" ]; then
	echo "FAIL: $((after - before)) WATCHDOG=1 while the loop was stuck"
	exit 1
fi
echo "ok: no WATCHDOG=1 while the main loop is stuck"
kill -CONT "$pid"
wait_count WATCHDOG=1 $((after + 3))
echo "ok: WATCHDOG=1 again once the loop runs"
[ "$(count READY=1)" = 1 ] || { echo "FAIL: READY=1 sent more than once"; exit 1; }
echo "PASS"
