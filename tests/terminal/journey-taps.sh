#!/bin/bash
# A whole journey through "Le bus à Digne-les-Bains" (transport-dignois, the
# shortest shipped form in screens when the bus is never taken: 7 of 9) in
# a real terminal, with taps only (and one quick tap, press and release in
# one write, which must count too): choice, several choices with an
# "Autre…" typed on the on-screen keyboard, a ranking, free text typed key
# by key on the AZERTY keyboard (capitals, é-row letters, space, erase),
# the commune search by tapping letters then the result, the age.  Then the
# database must hold exactly this one completed submission.
#
# Args: PARVIS_EXE SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"

make_config
start PARVIS_CLOCK=2026-11-25T10:00:00Z

wait_for "Donnez votre avis"
# A quick tap: press and release reach the kiosk together (one write, as
# over SSH or from a terminal that was busy); it must count all the same.
tap_together "Commencer"
check_bug "a tap whose press and release arrive together is not lost" \
    wait_until 'on_screen "Choisissez une consultation"' 3
if ! on_screen "Choisissez une consultation"; then
	tap_text "Commencer"
fi
wait_for "Choisissez une consultation"
tap_text "Le bus à Digne-les-Bains"
wait_for "Vos réponses et votre vie privée"
tap_text "Commencer ▸"

# 1. information screen
wait_for "Question 1 / 9"
wait_for "L’Agglo prépare l’avenir des bus"
tap_text "Suivant ▸"

# 2. frequence (choice): "Jamais" hides trajets, motifs and satisfaction
wait_for "À quelle fréquence prenez-vous le bus"
tap_text "Jamais"
wait_for "✓ Jamais"
wait_for "Question 2 / 7"
tap_text "Suivant ▸"

# 3. freins (choices, max 3, other = yes)
wait_for "Qu’est-ce qui vous empêche de prendre le bus"
wait_for "Question 3 / 7"
tap_text "Le prix du ticket"
wait_for "✓ Le prix du ticket"
tap_text "Je préfère ma voiture"
wait_for "✓ Je préfère ma voiture"
tap_text "Autre…"
wait_for "Autre : dites-le avec vos mots"
tap_word "bruit"
tap_text "Valider ▸"
wait_for "✓ Autre : bruit"
tap_text "Suivant ▸"

# 4. priorites (rank): tap order is the rank
wait_for "Classez ces améliorations"
tap_text "Des arrêts abrités, avec banc"
wait_for "n° 1"
tap_text "Des bus plus souvent"
wait_for "n° 2"
tap_text "Suivant ▸"

# 5. idee (free text) on the on-screen AZERTY keyboard
wait_for "Une idée, une remarque pour les bus"
wait_for "Question 5 / 7"
wait_for "0 / 200"
tap_key "⇧"
wait_for "│ Z │"			# the capitals are shown
tap_key "A"
wait_until 'field_shows "A"' || fail "capital A not typed"
tap_key "⇧"
wait_for "│ z │"
tap_word "rrêt" "A"
tap_text "espace"
wait_until 'field_shows "Arrêt "' || fail "space not typed"
tap_word "à" "Arrêt "
tap_text "espace"
wait_until 'field_shows "Arrêt à "' || fail "space not typed"
tap_word "la" "Arrêt à "
tap_text "espace"
tap_word "garr" "Arrêt à la "
tap_key "⌫"
wait_until 'field_shows "Arrêt à la gar"' || fail "⌫ did not erase"
tap_word "e" "Arrêt à la gar"
wait_for "15 / 200"
tap_text "Suivant ▸"

# 6. commune: search by tapping letters, then tap the result
wait_for "Dans quelle commune habitez-vous"
wait_for "Question 6 / 7"
tap_word "DIG"
wait_for "Digne-les-Bains"
wait_for "Passer ▸"
tap_text "Digne-les-Bains"
wait_for "Suivant ▸"	# chosen (the button is coloured, no ✓ drawn)
tap_text "Suivant ▸"

# 7. age
wait_for "Quel âge avez-vous"
wait_for "Question 7 / 7"
tap_text "45 à 59 ans"
wait_for "✓ 45 à 59 ans"
tap_text "Suivant ▸"

# the thank-you screen, shown once the submission is committed
wait_for "Vos réponses sont enregistrées"
receipt=$(receipt_shown)
[ -n "$receipt" ] || fail "no receipt code on the thank-you screen"
log "receipt shown: $receipt"
tap_text "Terminer"
wait_for "Donnez votre avis"
stop

# The database: exactly one record, this completed submission.
expect_eq "records" "$(db "SELECT count(*) FROM records")" 1
q() {
	db "SELECT $1 FROM records WHERE type = 'submission'"
}
expect_eq "type" "$(db "SELECT type FROM records")" submission
expect_eq "line is JSON" "$(q "json_valid(line)")" 1
expect_eq "form" "$(q "json_extract(line, '\$.payload.form')")" \
    transport-dignois
expect_eq "status" "$(q "json_extract(line, '\$.payload.status')")" \
    completed
expect_eq "lang" "$(q "json_extract(line, '\$.payload.lang')")" fr
expect_eq "mode" "$(q "json_extract(line, '\$.mode')")" self
expect_eq "receipt" "$(q "json_extract(line, '\$.payload.receipt')")" \
    "$receipt"
expect_eq "frequence" \
    "$(q "json_extract(line, '\$.payload.answers.frequence')")" jamais
expect_eq "freins" "$(q "json_extract(line, '\$.payload.answers.freins')")" \
    '["prix","voiture","other"]'
expect_eq "freins other" \
    "$(q "json_extract(line, '\$.payload.other.freins')")" bruit
expect_eq "priorites" \
    "$(q "json_extract(line, '\$.payload.answers.priorites')")" \
    '["abris","plus-souvent"]'
expect_eq "idee" "$(q "json_extract(line, '\$.payload.answers.idee')")" \
    "Arrêt à la gare"
expect_eq "commune" "$(q "json_extract(line, '\$.payload.answers.commune')")" \
    04070
expect_eq "age" "$(q "json_extract(line, '\$.payload.answers.age')")" 45-59
expect_eq "answered questions" \
    "$(q "(SELECT group_concat(key, ',') FROM json_each(line, '\$.payload.answers'))")" \
    "frequence,freins,priorites,idee,commune,age"
expect_eq "integrity" "$(db "PRAGMA integrity_check")" ok
finish
