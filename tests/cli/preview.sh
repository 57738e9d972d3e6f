#!/bin/bash
# `parvis preview`: every screen of each shipped consultation, as its
# authors check it before the market, at 80x24 in French and in English,
# one at 100x30 and a porteurs de parole's section with 12 themes,
# compared with tests/cli/expected/preview/ (these files are the authors'
# view of every screen: read their diff when a form or a screen changes).  French typography comes through whole.  A size below
# 80x24 is refused with status 2.
#
# Args: PARVIS_EXE SOURCE_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# A configuration of our own: the commune screens need the communes, and
# nothing may come from a kiosk.ini of the current directory.
cat >"$WORK/kiosk.ini" <<INI
[kiosk]
id       = cli-preview
name     = Kiosque de test
forms    = $SRC/forms
database = $WORK/parvis.db
communes = $SRC/data/communes.csv
INI
config=$WORK/kiosk.ini
cd "$SRC"

for form in forms/*.ini; do
	name=$(basename "$form" .ini)
	transcript "preview/$name.fr.80x24" 0 --config "$config" preview \
	    "$form" --size 80x24
	transcript "preview/$name.en.80x24" 0 --config "$config" preview \
	    "$form" --size 80x24 --lang en
done
transcript preview/transport-dignois.fr.100x30 0 --config "$config" \
    preview forms/transport-dignois.ini --size 100x30
# The most themes a [testimony] section takes: three columns, a long label
# cut.
transcript preview/twelve-tags.fr.80x24 0 --config "$config" \
    preview tests/data/forms/twelve-tags.ini --size 80x24

# Without --size, 80x24; without --lang, French.
run_parvis --config "$config" preview forms/conseil-citoyen.ini
cp "$OUT" "$WORK/default.txt"
run_parvis --config "$config" preview forms/conseil-citoyen.ini --size 80x24 \
    --lang fr
if cmp -s "$OUT" "$WORK/default.txt"; then
	pass "preview defaults to 80x24 in French"
else
	fail "preview without --size and --lang differs from 80x24 French"
fi

# Every screen of a preview is exactly the size asked for: 30 rows of at
# most 100 columns (characters: every one parvis draws is one column).
run_parvis --config "$config" preview forms/transport-dignois.ini --size 100x30
# A screen is its "=== N. ... ===" line, its rows, and a blank line before
# the next screen's.
screens=0 bad_rows=0 too_wide=0 rows=-1
while IFS= read -r line; do
	case $line in
	"=== "*)
		# rows counted the blank line that separates screens
		if [ "$rows" -ge 0 ] && [ "$rows" -ne 31 ]; then
			bad_rows=$((bad_rows + 1))
		fi
		screens=$((screens + 1))
		rows=0
		continue
		;;
	esac
	if [ ${#line} -gt 100 ]; then
		too_wide=$((too_wide + 1))
	fi
	rows=$((rows + 1))
done <"$OUT"
if [ "$screens" -ge 3 ] && [ "$too_wide" -eq 0 ] && [ "$bad_rows" -eq 0 ] &&
    [ "$rows" -eq 30 ]; then
	pass "100x30: $screens screens of 30 rows, none wider than 100 columns"
else
	fail "100x30: $screens screens, $bad_rows not 30 rows high, $too_wide rows wider than 100 columns"
fi

# A screen below the minimum size is refused.
transcript preview/size-79x24 2 --config "$config" preview \
    forms/transport-dignois.ini --size 79x24
transcript preview/size-80x23 2 --config "$config" preview \
    forms/transport-dignois.ini --size 80x23
transcript preview/size-garbage 2 --config "$config" preview \
    forms/transport-dignois.ini --size grand
# A form with mistakes is not previewed: its problems are listed instead.
transcript preview/form-with-mistakes 1 --config "$config" preview \
    tests/data/forms-bad/when-later.ini

# French typography: « », ’, non-breaking spaces (U+00A0, U+202F) before
# : ; ! ?, and " ; " in the text must all reach the screen whole.
typo=tests/data/forms-typo/typographie.ini
transcript preview/typographie.fr 0 --config "$config" preview "$typo"
nb=$'\u00a0'
nn=$'\u202f'
while IFS= read -r text; do
	if grep -q -F -- "$text" "$OUT"; then
		pass "typographie: '$text'"
	else
		fail "typographie: '$text' is not on any screen whole"
	fi
done <<EOF
Le «${nb}parvis${nb}» de Sisteron
Deux minutes, c’est tout !
Tarif${nn}: 1${nb}€${nn}; gratuit le samedi${nn}!
Responsable : Communauté de communes ; durée : 2 ans.
Attention${nb}! Ne donnez ni nom ni adresse.
Êtes-vous d’accord${nb}? Dites «${nb}oui${nb}» ou «${nb}non${nb}» ; c’est anonyme.
L’équipe du stand : deux bénévoles ; un élu.
Quel jour venez-vous au marché${nn}?
Le mercredi${nb}; parfois le samedi
Le samedi : toujours !
Jamais — trop loin d’ici
Merci${nb}! Rendez-vous au marché
EOF
if grep -q "comment" "$OUT"; then
	fail "typographie: an author's comment reached the screen"
fi
transcript preview/typographie.en 0 --config "$config" preview "$typo" \
    --lang en
if grep -q -F "On Saturdays: always!" "$OUT"; then
	pass "typographie: English labels"
else
	fail "typographie: the English label 'On Saturdays: always!' is missing"
fi

finish
