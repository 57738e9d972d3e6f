#!/bin/bash
# The animator's way in, by touch only, in a real terminal: three taps on
# the top right corner of the attract screen (SGR mouse sequences, as a
# touchscreen under cage sends them) open the PIN pad; the PIN tapped on
# its keys opens the animator's screens.  One or two taps do nothing.
#
# Args: PARVIS_EXE SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"

# corner_tap: a tap on the last cell of the first row (press and release).
corner_tap() {
	tm send-keys -t kiosk -l $'\e[<0;80;1M' || fail "corner tap"
	tm send-keys -t kiosk -l $'\e[<0;80;1m' || fail "corner tap"
}

make_config
# A fixed clock: the three taps fall within the gesture's three seconds
# however slow this machine is.
start PARVIS_CLOCK=2026-11-25T10:00:00Z

wait_for "Donnez votre avis"
corner_tap
corner_tap
# Two taps: still the attract screen (proved after a harmless F2 round).
key F2
wait_for "Have your say"
key F2
wait_for "Donnez votre avis"
on_screen "Code de l" && fail "two taps opened the PIN pad"
log "ok: two taps on the corner do nothing"
corner_tap
wait_for "Code de l’équipe du stand"
log "ok: the third tap opens the PIN pad"
for digit in 4 8 2 7; do
	tap_key "$digit"
done
wait_for "● ● ● ●"
tap_text "Valider"
wait_for "Retour au kiosque"
log "ok: the PIN tapped on the pad opens the animator's screens"
key F10
expect_eq "exit status" "$(wait_exit)" 0
finish
