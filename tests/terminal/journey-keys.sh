#!/bin/bash
# A whole journey through "Le bus à Digne-les-Bains" (transport-dignois) in
# a real terminal with the physical keyboard only: digits pick options,
# Enter goes on, Backspace goes back on screens of buttons and erases while
# typing; a number with a correction and an out-of-range value; text typed
# with accented letters (é à ç, and œ); back navigation that keeps the
# answers; the commune search.  Then the database must hold exactly this
# one completed submission.
#
# Args: PARVIS_EXE SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"

# field_count N MAX: the entry field's counter shows "N / MAX".
field_count() {
	on_screen " $1 / $2 "
}

# erase_field MAX: Backspace until the field is empty.
erase_field() {
	local n max=$1
	n=$(screen | sed -n "s|.* \([0-9][0-9]*\) / $max .*|\1|p" | head -1)
	[ -n "$n" ] || fail "no character counter on the screen"
	while [ "$n" -gt 0 ]; do
		key BSpace
		n=$((n - 1))
		wait_until 'field_count "$n" "$max"' ||
		    fail "Backspace did not erase (expected $n / $max)"
	done
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

# frequence: "Chaque semaine" shows trajets, motifs and satisfaction
wait_for "À quelle fréquence prenez-vous le bus"
key 2
wait_for "✓ Chaque semaine"
key Enter

# trajets (number, 1 to 40): out of range is refused; Backspace corrects
wait_for "Combien de trajets en bus"
typing "99"
wait_until 'field_shows "99"' || fail "digits not typed"
key Enter
wait_for "Cette réponse n’est pas valable"
key BSpace
wait_until 'field_shows "9"' || fail "Backspace did not erase"
key BSpace
typing "12"
wait_until 'field_shows "12"' || fail "digits not typed"
key BSpace
typing "4"
wait_until 'field_shows "14"' || fail "correction not typed"
key Enter

# motifs (choices, at most 3)
wait_for "Pour quoi prenez-vous le bus"
key 1
wait_for "✓ Travail ou études"
key 2
wait_for "✓ Courses, marché"
key 5
wait_for "✓ Loisirs, visites"
key 6
wait_for "3 choix au maximum"
on_screen "✓ Prendre un car ou un train" && fail "a 4th choice was taken"
key Enter

# satisfaction (scale 1..10)
wait_for "Quelle note donnez-vous aux bus"
key 7
wait_for "✓ 7"
key Enter

# priorites (rank)
wait_for "Classez ces améliorations"
key 2
wait_for "n° 1"
key 1
wait_for "n° 2"

# Back with Backspace: the answers are still there; change one, come back.
key BSpace
wait_for "Quelle note donnez-vous aux bus"
wait_for "✓ 7"
key 8
wait_for "✓ 8"
on_screen "✓ 7" && fail "two marks chosen on a scale"
key BSpace
wait_for "Pour quoi prenez-vous le bus"
wait_for "✓ Travail ou études"
wait_for "✓ Courses, marché"
wait_for "✓ Loisirs, visites"
key Enter
wait_for "Quelle note donnez-vous aux bus"
wait_for "✓ 8"
key Enter
wait_for "Classez ces améliorations"
wait_for "n° 2"
key Enter

# idee (free text) on the physical keyboard: accents, Backspace to correct
wait_for "Une idée, une remarque pour les bus"
wait_for "0 / 200"
# "◂ Précédent" must have a key here too (DESIGN.md 3: every action has a
# key, Backspace goes back): with nothing to erase, Backspace goes back.
key BSpace
check_bug "Backspace on an empty text field goes back to the previous question" \
    wait_until 'on_screen "Classez ces améliorations"' 3
if on_screen "Classez ces améliorations"; then
	key Enter
	wait_for "Une idée, une remarque pour les bus"
fi
# œ is a French letter (sœur, cœur) on AZERTY keyboards.
typing "sœur"
check_bug "œ typed on the keyboard is kept in the text" \
    wait_until 'field_shows "sœur"' 3
erase_field 200
typing "Un café près de la gare, ça serait génial à midi"
wait_until 'field_shows "Un café près de la gare, ça serait génial à midi"' ||
    fail "typed text not shown"
for _ in 1 2 3 4; do
	key BSpace
done
wait_until 'field_shows "Un café près de la gare, ça serait génial à "' ||
    fail "Backspace did not erase 4 characters"
typing "l’écôle"
wait_until 'field_shows "Un café près de la gare, ça serait génial à l’écôle"' ||
    fail "typed text not shown"
key BSpace BSpace BSpace BSpace
typing "cole"
text="Un café près de la gare, ça serait génial à l’école"
wait_until 'field_shows "$text"' || fail "correction not shown"
key Enter

# commune: typing the first letters, then the key drawn on the result
wait_for "Dans quelle commune habitez-vous"
typing "sis"
wait_until 'field_shows "sis"' || fail "search letters not typed"
wait_for "Sisteron"
commune_chosen() {
	on_screen "Suivant ▸"
}
key 1
check_bug "the key \"1\" drawn on the first commune result chooses it" \
    wait_until commune_chosen 3
if ! commune_chosen; then
	# Carry on as a keyboard-only participant must: skip the question.
	erase_field 40
	wait_for "Passer ▸"
fi
key Enter

# age
wait_for "Quel âge avez-vous"
key 2
wait_for "✓ 18 à 29 ans"
key Enter

wait_for "Vos réponses sont enregistrées"
receipt=$(receipt_shown)
[ -n "$receipt" ] || fail "no receipt code on the thank-you screen"
log "receipt shown: $receipt"
key Enter
wait_for "Donnez votre avis"
stop

expect_eq "records" "$(db "SELECT count(*) FROM records")" 1
q() {
	db "SELECT $1 FROM records WHERE type = 'submission'"
}
expect_eq "line is JSON" "$(q "json_valid(line)")" 1
expect_eq "form" "$(q "json_extract(line, '\$.payload.form')")" \
    transport-dignois
expect_eq "status" "$(q "json_extract(line, '\$.payload.status')")" \
    completed
expect_eq "receipt" "$(q "json_extract(line, '\$.payload.receipt')")" \
    "$receipt"
expect_eq "frequence" \
    "$(q "json_extract(line, '\$.payload.answers.frequence')")" hebdo
expect_eq "trajets" "$(q "json_extract(line, '\$.payload.answers.trajets')")" \
    14
expect_eq "trajets is a number" \
    "$(q "json_type(line, '\$.payload.answers.trajets')")" integer
expect_eq "motifs" "$(q "json_extract(line, '\$.payload.answers.motifs')")" \
    '["travail","courses","loisirs"]'
expect_eq "satisfaction" \
    "$(q "json_extract(line, '\$.payload.answers.satisfaction')")" 8
expect_eq "priorites" \
    "$(q "json_extract(line, '\$.payload.answers.priorites')")" \
    '["plus-tard","plus-souvent"]'
expect_eq "idee" "$(q "json_extract(line, '\$.payload.answers.idee')")" \
    "$text"
expect_eq "age" "$(q "json_extract(line, '\$.payload.answers.age')")" 18-29
expect_eq "freins absent (hidden)" \
    "$(q "json_type(line, '\$.payload.answers.freins')")" ""
got=$(q "json_extract(line, '\$.payload.answers.commune')")
check_bug "commune chosen with the keyboard is stored (04209)" \
    test "$got" = 04209
expect_eq "integrity" "$(db "PRAGMA integrity_check")" ok
finish
