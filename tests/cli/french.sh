#!/bin/bash
# The command line in French: with LANGUAGE=fr (the locale stays C.UTF-8,
# where glibc honours LANGUAGE), the messages an animator reads come from
# po/fr.po, with the same `file:line:` prefixes as in English:
#   - `parvis check` on tests/data/forms-bad/ fixtures (one kind of mistake
#     each: lines, values, options, conditions, missing keys, characters,
#     the whole file), on a first draft with ten mistakes, and on the
#     shipped consultations ("valide");
#   - kiosk.ini mistakes, `parvis --help`, the separator lines of
#     `parvis preview` (while the screens follow --lang);
#   - `parvis export` refusing a missing, foreign or other kiosk's database
#     and an unknown format;
#   - `parvis set-pin` refusing weak or mismatched PINs, then saving one;
#   - LANG=fr_FR.UTF-8 alone (a locale this machine may lack) gives French
#     too.
# The English of the same commands is checked by the other cli tests.
# No case shows a system error (strerror): its French depends on the
# machine's libc translations, not on parvis.
#
# Args: PARVIS_EXE SOURCE_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"
export LANGUAGE=fr

# The configured system directory appears in --help; it depends on the
# build's prefix, not on parvis.
mask() {
	sed -E 's#/[^ ]*/kiosk\.ini\)#SYSCONFDIR/kiosk.ini)#'
}

# check_french NAME: the last `parvis check` of one file ($1) reported
# only lines starting with the file's name, counted in French on the
# last line, on exactly the lines its fixture marks.
check_french() {
	local name=$1 file=$2 n
	n=$(grep -c -v -E '^[0-9]+ problèmes? trouvés?$' "$ERR" || true)
	if [ "$n" -eq 1 ] && tail -n 1 "$ERR" | grep -qx "1 problème trouvé"; then
		:
	elif [ "$n" -eq 1 ] || ! tail -n 1 "$ERR" | grep -qx "$n problèmes trouvés"; then
		fail "$name: $n problems listed, last line is '$(tail -n 1 "$ERR")'"
	fi
	if ! grep -v -E '^[0-9]+ problèmes? trouvés?$' "$ERR" |
	    awk -v f="$file:" 'index($0, f) != 1 { bad = 1 } END { exit bad }'; then
		fail "$name: a problem on stderr does not start with '$file:'"
	fi
	expect_marked_lines "$name" "$file"
}

cd "$SRC"
bad=tests/data/forms-bad

# --- parvis check ----------------------------------------------------
for name in syntax control-characters bad-values bad-numbers \
    options-mistakes wrong-type-keys missing-form-keys when-bad-value \
    closes-before-opens no-question; do
	transcript "french/check-$name" 1 check "$bad/$name.ini"
	check_french "check $name" "$bad/$name.ini"
done

transcript french/check-several-mistakes 1 check "$bad/several-mistakes.ini"
if [ "$(grep -c "^$bad/several-mistakes.ini:[0-9]*: " "$ERR")" -eq 10 ] &&
    tail -n 1 "$ERR" | grep -qx "10 problèmes trouvés"; then
	pass "several-mistakes: the 10 mistakes reported in French"
else
	fail "several-mistakes: not the 10 mistakes in French"
fi

# shellcheck disable=SC2046
transcript french/check-shipped 0 check $(ls forms/*.ini)
if [ -s "$ERR" ] || [ "$(grep -c ': valide (' "$OUT")" -ne 3 ]; then
	fail "check-shipped: the shipped consultations are not all 'valide'"
fi

# LANG alone says French: where fr_FR.UTF-8 is not installed, parvis
# runs in C.UTF-8 and passes the language on; where it is, it is used.
run_parvis check "$bad/several-mistakes.ini"
cp "$ERR" "$WORK/language-fr.err"
LC_ALL='' LANGUAGE='' LANG=fr_FR.UTF-8 run_parvis check \
    "$bad/several-mistakes.ini"
if cmp -s "$ERR" "$WORK/language-fr.err"; then
	pass "LANG=fr_FR.UTF-8 gives the same French as LANGUAGE=fr"
else
	diff -u "$WORK/language-fr.err" "$ERR" || true
	fail "LANG=fr_FR.UTF-8 does not give the French of LANGUAGE=fr"
fi

# --- help and preview --------------------------------------------------
transcript french/help 0 --help
transcript french/unknown-option 2 --frobnicate

# The separator lines are for the animator (French here); the screens
# follow --lang (English here).
run_parvis preview forms/transport-dignois.ini --lang en
expect_status "preview --lang en" 0 || true
grep '^===' "$OUT" >"$WORK/separators.txt" || true
compare french/preview-separators "$WORK/separators.txt" || true
if grep -q 'Your answers and your privacy' "$OUT"; then
	pass "preview --lang en: the screens are in English"
else
	fail "preview --lang en: the screens are not in English"
fi

# --- kiosk.ini -----------------------------------------------------------
# The fixtures are copied: a configuration wrongly accepted must not make
# parvis write anything into the source tree.
cd "$WORK"
cp -r "$DATA/config-bad" config-bad
for name in several-errors unclosed-section long-line; do
	transcript "french/config-$name" 1 --config "config-bad/$name.ini" \
	    export
	expect_marked_lines "config $name" "config-bad/$name.ini"
done

# --- parvis export: refusals ------------------------------------------
mkdir -p export/data other
# make_config FILE KIOSK_ID: a configuration whose database is parvis.db
# beside it.
make_config() {
	cat >"$1" <<INI
[kiosk]
id       = $2
name     = Kiosque de test
forms    = $SRC/forms
database = parvis.db
communes = $SRC/data/communes.csv
INI
}
make_config export/kiosk.ini cli-french-01
transcript french/export-no-database 1 --config export/kiosk.ini export
transcript french/bundle-no-database 1 --config export/kiosk.ini export \
    --bundle export/cle.ndjson
if [ -e export/parvis.db ] || [ -e export/cle.ndjson ]; then
	fail "export --bundle without a database created a file"
fi
transcript french/export-unknown-format 2 --config export/kiosk.ini export \
    --format xlsx
printf 'Notes du stand : 37 personnes.\n' >export/parvis.db
transcript french/export-not-sqlite 1 --config export/kiosk.ini export
# A real database of kiosk cli-french-02, made by the kiosk itself (no
# participant), read with the configuration of kiosk cli-french-01.
make_config other/kiosk.ini cli-french-02
: >"$WORK/empty-script.txt"
if PARVIS_SCRIPT=$WORK/empty-script.txt PARVIS_DUMP_DIR=$WORK \
    "$PARVIS" --config other/kiosk.ini >"$WORK/kiosk.log" 2>&1 &&
    [ -s other/parvis.db ]; then
	make_config other/wrong.ini cli-french-01
	transcript french/export-other-kiosk 1 --config other/wrong.ini export
	transcript french/bundle-written 0 --config other/kiosk.ini export \
	    --bundle other/cle.ndjson
	transcript french/sync-not-set-up 1 --config other/kiosk.ini sync
else
	cat "$WORK/kiosk.log"
	fail "the kiosk did not make a database for kiosk cli-french-02"
fi

# --- parvis set-pin ----------------------------------------------------
mkdir pin
cp "$SRC/kiosk.ini" pin/kiosk.ini
cp pin/kiosk.ini pin/kiosk.ini.orig
# set_pin NAME STATUS PIN AGAIN: set-pin reading PIN, then AGAIN.
set_pin() {
	printf '%s\n%s\n' "$3" "$4" >"$WORK/stdin"
	STDIN=$WORK/stdin
	transcript "french/set-pin-$1" "$2" --config pin/kiosk.ini set-pin
	STDIN=/dev/null
}
set_pin refused-1234 1 1234 1234
set_pin refused-123 1 123 123
set_pin refused-2580 1 2580 2580
set_pin refused-5858 1 5858 5858
set_pin two-different 1 4827 4828
if cmp -s pin/kiosk.ini pin/kiosk.ini.orig; then
	pass "refused PINs: kiosk.ini byte-identical"
else
	fail "a refused PIN changed kiosk.ini"
fi
set_pin saved 0 7391 7391
if grep -q '^pin = \$argon2id\$' pin/kiosk.ini; then
	pass "the PIN is saved"
else
	fail "no PIN hash in kiosk.ini after 'Code enregistré'"
fi

finish
