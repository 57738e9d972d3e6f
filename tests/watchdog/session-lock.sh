#!/bin/bash
# The kiosk holds DATABASE.session-lock while a participant answers, and
# only then: the sync timer (`parvis sync --when-idle`) never starts in
# the middle of someone's answers.  Driven in a real terminal (tmux);
# the lock is probed with flock(1), as an administrator would.
#
# usage: session-lock.sh PARVIS SOURCE_DIR
set -euo pipefail

parvis=$1
src=$2
work=$(mktemp -d)
sock=tl$$
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
command -v tmux >/dev/null || { echo "tmux is missing"; exit 77; }

cat >"$work/kiosk.ini" <<INI
[kiosk]
id = lock-test
forms = $src/forms
database = $work/parvis.db
communes = $src/data/communes.csv

[sync]
url = https://localhost:9
token_file = token
INI
lock=$work/parvis.db.session-lock

tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
	"env TERM=xterm-256color PARVIS_CLOCK=2026-11-25T09:30:00Z \
	$parvis --config $work/kiosk.ini; sleep 30"

wait_for() {
	for _ in $(seq 200); do
		tmux -L "$sock" capture-pane -p | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	echo "FAIL: \"$1\" never showed"
	tmux -L "$sock" capture-pane -p
	exit 1
}
held() {
	! flock -n "$lock" true
}
# until_lock STATE: the lock reaches STATE (held / free) within 10 s.
until_lock() {
	for _ in $(seq 200); do
		if [ "$1" = held ] && held; then return 0; fi
		if [ "$1" = free ] && ! held; then return 0; fi
		sleep 0.05
	done
	echo "FAIL: the session lock is not $1"
	exit 1
}

wait_for "Donnez votre avis"
until_lock free
echo "ok: free on the attract screen"
tmux -L "$sock" send-keys Enter
wait_for "Choisissez une consultation"
tmux -L "$sock" send-keys 3
wait_for "Vos réponses et votre vie privée"
until_lock held
echo "ok: held once a participant has started"
"$parvis" --config "$work/kiosk.ini" sync --when-idle >"$work/sync.out" \
	2>&1 && status=0 || status=$?
if [ "$status" != 3 ]; then
	echo "FAIL: sync --when-idle during a session exited $status:"
	cat "$work/sync.out"
	exit 1
fi
echo "ok: sync --when-idle does not start during a session"
tmux -L "$sock" send-keys BSpace
wait_for "Choisissez une consultation"
tmux -L "$sock" send-keys BSpace
wait_for "Donnez votre avis"
until_lock free
echo "ok: free again back on the attract screen"
echo "PASS"
