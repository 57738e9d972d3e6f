#!/bin/bash
# Kiosk lockdown in a real terminal: Ctrl-C, Ctrl-Z and Ctrl-\ do nothing,
# on the attract screen, on a question and while typing (the process lives
# on, is not stopped, the screen is unchanged, the journey continues);
# leaving needs the admin PIN: F10 opens the PIN pad, a wrong PIN is
# refused with "Code incorrect" and the kiosk stays, the right one (4827,
# the demo PIN) exits with status 0 and gives the terminal back as it was
# (normal screen, no mouse reporting, cursor shown, same tty modes).
#
# Two runs: the first with a fixed clock (PARVIS_CLOCK) so that the shipped
# consultations are open; the second on the real clock, because a wrong
# PIN locks the pad for one second of the kiosk's clock, which a fixed
# clock never reaches.
#
# Args: PARVIS_EXE SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"

# language_marker ENGLISH FRENCH: F2 twice (English, back to French).
language_marker() {
	key F2
	wait_for "$1"
	parvis_alive || fail "parvis died or stopped"
	key F2
	wait_for "$2"
}

# pin_marker: a digit on the PIN pad (F2 does nothing there), erased.
pin_marker() {
	typing "1"
	wait_for "●"
	parvis_alive || fail "parvis died or stopped"
	key BSpace
	wait_gone "●"
}

# signals_do_nothing WHERE MARKER...: sends Ctrl-C, Ctrl-Z, Ctrl-\, then a
# marker: keys whose visible effect, once seen, proves the three keys
# before them were handled, and which leave the screen as it was.  The
# process must be alive and running, and the screen exactly as before.
signals_do_nothing() {
	local where=$1 before after
	shift
	before=$(stable_screen)
	key C-c
	key C-z
	key 'C-\'
	"$@"
	parvis_alive || fail "parvis died or stopped after Ctrl-C/Z/\\ ($where)"
	after=$(stable_screen)
	if [ "$before" != "$after" ]; then
		diff <(echo "$before") <(echo "$after")
		fail "the screen changed after Ctrl-C/Z/\\ ($where)"
	fi
	log "ok: Ctrl-C, Ctrl-Z, Ctrl-\\ did nothing ($where)"
}

# terminal_restored: after parvis left, the pane is the shell's again.
terminal_restored() {
	local flags
	wait_for "parvis-exit-status=0"
	wait_for "shell\$"
	flags=$(tm display -p -t kiosk \
	    'alt=#{alternate_on} mouse=#{mouse_any_flag}#{mouse_sgr_flag} cursor=#{cursor_flag} keypad=#{keypad_cursor_flag}')
	expect_eq "terminal modes after exit" "$flags" \
	    "alt=0 mouse=00 cursor=1 keypad=0"
	cmp -s "$TMPD/stty.before" "$TMPD/stty.after" ||
	    fail "tty modes not restored: $(cat "$TMPD/stty.before") then $(cat "$TMPD/stty.after")"
	log "ok: tty modes restored"
	! kill -0 "$(parvis_pid)" 2>/dev/null || fail "parvis still running"
	log "ok: the process is gone"
	# The shell in the pane answers: the terminal is usable again.
	typing "echo back-in-the-shell"
	key Enter
	wait_until '[ "$(screen | grep -c "back-in-the-shell")" -ge 2 ]' ||
	    fail "the shell does not answer after parvis left"
	log "ok: the shell answers"
}

make_config

# ---- run 1: fixed clock, the consultations are open
start PARVIS_CLOCK=2026-11-25T10:00:00Z
wait_for "Donnez votre avis"
wait_for "Commencer"
signals_do_nothing "attract screen" language_marker "Have your say" \
    "Donnez votre avis"

key Enter
wait_for "Choisissez une consultation"
key 3
wait_for "Vos réponses et votre vie privée"
key Enter
wait_for "Question 1 / 9"
key Enter
wait_for "À quelle fréquence prenez-vous le bus"
key 5
wait_for "✓ Jamais"
signals_do_nothing "on a question" language_marker \
    "How often do you take the bus" \
    "À quelle fréquence prenez-vous le bus"
wait_for "✓ Jamais"
# The journey continues.
key Enter
wait_for "Qu’est-ce qui vous empêche de prendre le bus"
key 4
wait_for "✓ Le prix du ticket"
key Enter
wait_for "Classez ces améliorations"
key Enter
wait_for "Une idée, une remarque pour les bus"
typing "abc"
wait_until 'field_shows "abc"' || fail "text not typed"
key C-c
key C-z
key 'C-\'
typing "d"
# Nothing was typed, erased or interrupted by the three keys.
wait_until 'field_shows "abcd"' || fail "Ctrl-C/Z/\\ changed the text"
parvis_alive || fail "parvis died or stopped while typing"
log "ok: Ctrl-C, Ctrl-Z, Ctrl-\\ did nothing (while typing)"
key Enter
wait_for "Dans quelle commune habitez-vous"

# F10 in the middle of a journey does not open the PIN pad (only the
# attract screen does): the participant's answers stay on screen.
key F10
typing "D"
wait_until 'field_shows "D"' || fail "typing after F10"
on_screen "Quitter le mode kiosque" && fail "F10 opened the PIN pad mid-journey"
parvis_alive || fail "parvis left on F10"
log "ok: F10 mid-journey does not leave the journey"

# Stop this run as systemd would: the session is abandoned, kept.
stop
expect_eq "exit status on SIGTERM" "$(cat "$TMPD/exit-status")" 0
terminal_restored
# The interrupted session (partial = keep) was kept as abandoned.
expect_eq "abandoned submission kept" \
    "$(db "SELECT json_extract(line, '\$.payload.status') || ' ' || json_extract(line, '\$.payload.answers.idee') FROM records")" \
    "abandoned abcd"
tm kill-server

# ---- run 2: real clock; the PIN pad
rm -f "$TMPD/stty.before" "$TMPD/stty.after"
start
wait_for "Donnez votre avis"
signals_do_nothing "attract screen, real clock" language_marker "Have your say" \
    "Donnez votre avis"
key F10
wait_for "Quitter le mode kiosque"
wait_for "Code de l’équipe du stand"
typing "1111"
wait_for "● ● ● ●"
key Enter
wait_for "Code incorrect"
parvis_alive || fail "parvis left after a wrong PIN"
log "ok: a wrong PIN is refused"
# The pad waits one second after a wrong PIN, then takes digits again.
wait_gone "Attendez" 10
wait_for "│ 4 │"
parvis_alive || fail "parvis left after a wrong PIN"
signals_do_nothing "PIN pad" pin_marker
typing "4827"
wait_for "● ● ● ●"
key Enter
# The right PIN opens the animator's screens; leaving kiosk mode is there
# (the PIN pad's own title says "Quitter le mode kiosque" too: wait for
# a text of the animator's screen).
# F10 is its key there (a tap would leave its release sequence, sent raw
# by send-keys, to the shell that the test reads next).
wait_for "Retour au kiosque"
key F10
expect_eq "exit status after the right PIN" "$(wait_exit)" 0
terminal_restored
finish
