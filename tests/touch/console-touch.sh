#!/bin/bash
# The console touch path end to end: the kiosk, in a real terminal
# (tmux), reads a recorded touchscreen stream through [touch] device (a
# raw evdev stream, as `cat /dev/input/eventN` records it) with its
# calibration, and the taps land on the right buttons: "Commencer" on the
# attract screen, then the bus consultation on the choice screen.
#
# usage: console-touch.sh PARVIS TOUCH_RECORD SOURCE_DIR
set -euo pipefail

parvis=$1
record=$2
src=$3
work=$(mktemp -d)
sock=tt$$
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
command -v tmux >/dev/null || { echo "tmux is missing"; exit 77; }

# Cells of an 80 x 24 screen on a 0..4095 panel: the centre of cell
# (row, col) is at ((col + 0.5) * 4096 / 80, (row + 0.5) * 4096 / 24).
cat >"$work/taps.txt" <<'EOF2'
# "Commencer": row 17, column 40 of the attract screen.
EV_ABS ABS_X 2073
EV_ABS ABS_Y 2987
EV_KEY BTN_TOUCH 1
EV_SYN SYN_REPORT 0
EV_KEY BTN_TOUCH 0
EV_SYN SYN_REPORT 0
# "Le bus à Digne-les-Bains": row 12, column 40 of the choice screen.
EV_ABS ABS_X 2073
EV_ABS ABS_Y 2133
EV_KEY BTN_TOUCH 1
EV_SYN SYN_REPORT 0
EV_KEY BTN_TOUCH 0
EV_SYN SYN_REPORT 0
EOF2
"$record" "$work/taps.txt" "$work/taps.raw"

cat >"$work/kiosk.ini" <<INI
[kiosk]
id = touch-test
forms = $src/forms
database = $work/parvis.db
communes = $src/data/communes.csv

[touch]
device = $work/taps.raw
min_x = 0
max_x = 4095
min_y = 0
max_y = 4095
INI

tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
	"env TERM=xterm-256color PARVIS_CLOCK=2026-11-25T09:30:00Z \
	$parvis --config $work/kiosk.ini 2>$work/err; sleep 30"
for _ in $(seq 200); do
	if tmux -L "$sock" capture-pane -p |
		grep -q "Vos réponses et votre vie privée"; then
		if tmux -L "$sock" capture-pane -p | grep -q "Le bus à Digne"; then
			echo "PASS: the recorded taps opened the bus consultation"
			exit 0
		fi
	fi
	sleep 0.05
done
echo "FAIL: the recorded taps did not reach the bus consultation:"
tmux -L "$sock" capture-pane -p
cat "$work/err"
exit 1
