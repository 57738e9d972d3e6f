#!/bin/bash
# A porteur de parole's testimony by touch only, in a real terminal: the
# volunteers' PIN tapped on the pad, the words tapped on the on-screen
# keyboard, the commune searched with the letter keys and tapped in the
# results, a theme of the consultation's [testimony] section ticked, the
# quote choice, one tap to save; the database holds the testimony with
# its commune and tag.
#
# Args: PARVIS_EXE SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$@"

make_config
printf '5937\n5937\n' |
	"$PARVIS" --config "$TMPD/kiosk.ini" set-pin volunteer >/dev/null ||
	fail "set-pin volunteer"
start PARVIS_CLOCK=2026-11-25T10:00:00Z

wait_for "Donnez votre avis"
key F10
wait_for "Code de l’équipe du stand"
for digit in 5 9 3 7; do
	tap_key "$digit"
done
wait_for "● ● ● ●"
tap_text "Valider"
wait_for "Question du jour : Et vous, la dernière fois"
log "ok: the volunteers' PIN tapped opens their screen, with the form's question"

tap_word "bancs"
tap_text "Suivant ▸"
wait_for "Peut-on citer ces mots ?"
tap_text "Commune (si la personne le veut bien)…"
wait_for "Sa commune : tapez les premières lettres."
tap_word "DIG"
wait_for "Digne-les-Bains"
tap_text "Digne-les-Bains"
wait_for "✓ Commune : Digne-les-Bains"
log "ok: the commune searched and picked by touch"
tap_text "Thèmes…"
wait_for "De quoi la personne a-t-elle parlé ?"
tap_text "Logement"
wait_for "✓ Logement"
tap_text "Valider ▸"
wait_for "✓ Thèmes : 1"
tap_text "Anonymement"
wait_for "✓ Anonymement"
tap_text "Enregistrer ✓"
wait_for "Personne suivante"
log "ok: saved in one tap"

stop
expect_eq "the testimony" "$(db "SELECT json_extract(line, '$.payload.words')
	|| ' ' || json_extract(line, '$.payload.commune') || ' '
	|| json_extract(line, '$.payload.tags') FROM records
	WHERE type = 'testimony'")" 'bancs 04070 ["logement"]'
finish
