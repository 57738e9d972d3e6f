#!/bin/bash
# Resizing the real terminal (tmux resize-window) in the middle of a
# journey: below 80x24 parvis shows "Agrandissez la fenêtre" and nothing
# else; back at 80x24 (or larger) the same question comes back with its
# answer kept, choices and typed text alike, and taps still land on the
# right buttons.  The answers given around the resizes reach the database.
#
# Args: PARVIS_EXE SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"

# resize COLS LINES: resizes the window and waits until the pane has it.
resize() {
	local size=$1x$2
	tm resize-window -t kiosk -x "$1" -y "$2" || fail "resize-window $size"
	wait_until '[ "$(tm display -p -t kiosk "#{pane_width}x#{pane_height}")" = "$size" ]' ||
	    fail "the pane did not become $size"
}

# too_small LINES: the notice is shown, centred for a screen of LINES rows,
# which proves parvis redrew after the last resize.
too_small() {
	local want=$(($1 / 2)) pos
	wait_for "Agrandissez la fenêtre"
	wait_until 'pos=$(find_text "Agrandissez la fenêtre") && [ "${pos#* }" -eq "$want" ]' ||
	    fail "the notice is not redrawn for $1 lines"
	on_screen "Suivant" && fail "buttons are still drawn on a too small screen"
	return 0
}

# redrawn_for COLS LINES: parvis drew this question for that size: its
# header (first row) ends with the progress at the right edge (one column
# of margin), and the buttons' row is at the foot.  A drawing for another
# size, cut or padded by tmux, has neither.
redrawn_for() {
	local header pos
	header=$(screen | head -n 1)
	[[ "$header" == *"Question 3 / 7" ]] && [ "${#header}" -eq $(($1 - 1)) ] &&
	    pos=$(find_text "Suivant") && [ "${pos#* }" -ge $(($2 - 3)) ]
}

make_config
start PARVIS_CLOCK=2026-11-25T10:00:00Z

wait_for "Donnez votre avis"
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
key Enter
wait_for "Qu’est-ce qui vous empêche de prendre le bus"
key 1
wait_for "✓ Pas assez de bus"
key 4
wait_for "✓ Le prix du ticket"

# Too narrow, then too short: the notice only.
resize 79 24
too_small 24
resize 80 23
too_small 23
resize 60 15
too_small 15
# A tap where "Suivant" was must do nothing while the notice is shown.
tap_at 70 22
# Back to 80x24: the same question, the answers kept.
resize 80 24
wait_for "Qu’est-ce qui vous empêche de prendre le bus"
wait_for "Question 3 / 7"
wait_for "✓ Pas assez de bus"
wait_for "✓ Le prix du ticket"
# Larger: the question reflows, answers still kept.  The checks below
# could pass on the old 80x24 drawing, which tmux keeps in the corner of
# the bigger window: first wait until parvis drew for 130x40.
resize 130 40
wait_until 'redrawn_for 130 40' || fail "not redrawn at 130x40"
wait_for "Question 3 / 7"
wait_until '[ "$(screen | grep -c "✓")" -eq 2 ]' || fail "answers lost at 130x40"
wait_for "✓ Pas assez de bus"
wait_for "✓ Le prix du ticket"
resize 80 24
# The answers are on the old 130x40 screen too, until parvis redraws: so
# only the header ending at the right edge and the buttons' row at the
# foot prove parvis redrew for 80x24.
wait_until 'redrawn_for 80 24' || fail "not redrawn at 80x24 after 130x40"
wait_for "✓ Le prix du ticket"
# Taps still land on the right buttons after the resizes.
tap_text "Je préfère ma voiture"
wait_for "✓ Je préfère ma voiture"
tap_text "Suivant ▸"

wait_for "Classez ces améliorations"
key Enter
wait_for "Une idée, une remarque pour les bus"
typing "Plus de bus le soir"
wait_until 'field_shows "Plus de bus le soir"' || fail "text not typed"
resize 70 20
too_small 20
resize 80 24
wait_for "Une idée, une remarque pour les bus"
wait_until 'field_shows "Plus de bus le soir"' || fail "typed text lost"
# Typing goes on where it was.
typing " après 19 h"
wait_until 'field_shows "Plus de bus le soir après 19 h"' ||
    fail "typing after a resize"
tap_text "Suivant ▸"
wait_for "Dans quelle commune habitez-vous"
key Enter
wait_for "Quel âge avez-vous"
key 6
wait_for "✓ 75 ans et plus"
key Enter
wait_for "Vos réponses sont enregistrées"
key Enter
wait_for "Donnez votre avis"
stop

expect_eq "records" "$(db "SELECT count(*) FROM records")" 1
q() {
	db "SELECT $1 FROM records WHERE type = 'submission'"
}
expect_eq "status" "$(q "json_extract(line, '\$.payload.status')")" \
    completed
expect_eq "frequence" \
    "$(q "json_extract(line, '\$.payload.answers.frequence')")" jamais
expect_eq "freins" "$(q "json_extract(line, '\$.payload.answers.freins')")" \
    '["frequence","prix","voiture"]'
expect_eq "idee" "$(q "json_extract(line, '\$.payload.answers.idee')")" \
    "Plus de bus le soir après 19 h"
expect_eq "age" "$(q "json_extract(line, '\$.payload.answers.age')")" \
    75-plus
finish
