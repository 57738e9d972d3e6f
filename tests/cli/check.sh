#!/bin/bash
# `parvis check`: every shipped consultation is valid (status 0); each kind
# of author mistake of tests/data/forms-bad/ is reported as
# `file:line: message` on stderr with status 1, on exactly the lines its
# fixture marks (`; ▼` or `; ▽` on the line above), and with the messages
# of tests/cli/expected/check/; a file with several mistakes reports them
# all; several files at once are all checked; what the privacy notice
# and retention_days say about how long answers are kept gives warnings,
# not problems; French typography is text, not a syntax error.
#
# Args: PARVIS_EXE SOURCE_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# Paths in messages are the ones given on the command line: relative to the
# source tree, so the expected files hold no path of this machine.
cd "$SRC"
bad=tests/data/forms-bad

# Every problem line of stderr names FILE; the last line counts them.
check_count() {
	local what=$1 n
	n=$(grep -c -v -E '^[0-9]+ problems? found$' "$ERR" || true)
	if [ "$n" -eq 0 ]; then
		fail "$what: nothing reported on stderr"
	elif [ "$n" -eq 1 ] && tail -n 1 "$ERR" | grep -qx "1 problem found"; then
		:
	elif ! tail -n 1 "$ERR" | grep -qx "$n problems found"; then
		fail "$what: $n problems listed, last line is '$(tail -n 1 "$ERR")'"
	fi
}

# --- the shipped consultations ---------------------------------------
for form in forms/*.ini; do
	name=$(basename "$form" .ini)
	transcript "check/shipped-$name" 0 check "$form"
	if [ -s "$ERR" ] || ! grep -q "^$form: ok (" "$OUT"; then
		fail "$form: not reported ok without a word on stderr"
	fi
done
# shellcheck disable=SC2046
transcript check/shipped-all 0 check $(ls forms/*.ini)

# --- one kind of mistake per file ------------------------------------
for file in "$bad"/*.ini; do
	name=$(basename "$file" .ini)
	transcript "check/$name" 1 check "$file"
	if [ -s "$OUT" ]; then
		fail "$name: a file with mistakes is reported ok on stdout"
	fi
	check_count "$name"
	if ! grep -v -E '^[0-9]+ problems? found$' "$ERR" |
	    awk -v f="$file:" 'index($0, f) != 1 { bad = 1 } END { exit bad }'; then
		fail "$name: a problem on stderr does not start with '$file:'"
	fi
	expect_marked_lines "$name" "$file"
done

# A first draft with ten mistakes: all ten are listed, in file order.
run_parvis check "$bad/several-mistakes.ini"
if [ "$(grep -c "^$bad/several-mistakes.ini:[0-9]*: " "$ERR")" -eq 10 ] &&
    tail -n 1 "$ERR" | grep -qx "10 problems found"; then
	pass "several-mistakes: all 10 mistakes reported"
else
	fail "several-mistakes: not all 10 mistakes reported"
fi
if grep "^$bad/several-mistakes.ini:" "$ERR" | cut -d: -f2 | sort -n -c; then
	pass "several-mistakes: in the order of the file"
else
	fail "several-mistakes: not in the order of the file"
fi

# --- several files at once -------------------------------------------
# Good and bad files mixed: the good ones are ok on stdout, every mistake
# of every bad one is on stderr, and the total is counted.
transcript check/several-files 1 check forms/transport-dignois.ini \
    "$bad/unknown-type.ini" forms/conseil-citoyen.ini "$bad/bad-date.ini" \
    "$bad/duplicate-key.ini"
if [ "$(grep -c ': ok (' "$OUT")" -eq 2 ] &&
    tail -n 1 "$ERR" | grep -qx "5 problems found"; then
	pass "several files: 2 ok, 5 problems in 3 files"
else
	fail "several files: expected 2 ok and '5 problems found'"
fi

# --- files that cannot be read ---------------------------------------
transcript check/missing-file 1 check tests/data/forms-bad/no-such-file.ini
# An author who types `parvis check forms` instead of forms/*.ini: the
# message must say that this is a directory, not a vague "read error".
transcript check/directory 1 check forms
if grep -qi "director" "$ERR"; then
	pass "a directory is named as such"
else
	fail "parvis check forms: '$(head -n 1 "$ERR")' does not say that forms is a directory"
fi

# --- how long the answers are kept: advice, not problems -------------
# A privacy notice without a duration, or another one than
# retention_days: the file is valid (ok, status 0), the warnings are on
# stderr and counted as no problem.
for file in tests/data/forms-warn/*.ini; do
	name=$(basename "$file" .ini)
	transcript "check/warn-$name" 0 check "$file"
	if ! grep -q "^$file: ok (" "$OUT" ||
	    ! grep -q "^$file:[0-9]*: warning: " "$ERR" ||
	    grep -q "problems\? found" "$ERR"; then
		fail "$name: not ok with a warning and no problem"
	fi
done

# --- French typography is text ---------------------------------------
transcript check/typographie 0 check tests/data/forms-typo/typographie.ini
# The comment after two spaces is not part of the version.
if grep -q "version 3, 2 screens" "$OUT"; then
	pass "typographie: the comment after two spaces is left out"
else
	fail "typographie: '$(cat "$OUT")'"
fi

finish
