#!/bin/bash
# kiosk.ini mistakes through the real binary: each fixture of
# tests/data/config-bad/ makes `parvis --config FILE export` stop with
# status 1 and `file:line: message` on stderr, on exactly the lines the
# fixture marks (`; ▼` or `; ▽` on the line above), with the messages of
# tests/cli/expected/config/.  A missing file or a directory is refused
# too.  The same command on a good configuration succeeds, so status 1
# does come from the configuration.  French typography in a value (" ; ")
# is text: tests/data/config-ok/typographie.ini's name is shown whole.
#
# Args: PARVIS_EXE SOURCE_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# The fixtures are copied: a configuration wrongly accepted must not make
# parvis write anything into the source tree.  Every fixture uses the
# default database, config-bad/data/parvis.db, made here for their kiosk
# id: with a good configuration, export succeeds.
cd "$WORK"
cp -r "$DATA/config-bad" config-bad
mkdir config-bad/data
cat >config-bad/good.ini <<INI
[kiosk]
id       = demo-digne-01
name     = Kiosque de démonstration — Digne-les-Bains
language = fr
forms    = $SRC/forms
communes = $SRC/data/communes.csv

[screen]
idle_seconds = 90

[sites]
marche-digne = Marché de Digne-les-Bains
INI
: >"$WORK/empty-script.txt"
if ! PARVIS_SCRIPT=$WORK/empty-script.txt PARVIS_DUMP_DIR=$WORK \
    "$PARVIS" --config config-bad/good.ini >"$WORK/kiosk.log" 2>&1; then
	cat "$WORK/kiosk.log"
	fail "the kiosk did not start on a good configuration"
	# French typography: " ; " in a value is text (as in consultation files),
# so the kiosk shows its whole name.  The default paths of the fixture
# (forms/, data/) are made beside its copy.
mkdir -p typo/data
cp "$DATA/config-ok/typographie.ini" typo/kiosk.ini
ln -s "$SRC/forms" typo/forms
cp "$SRC/data/communes.csv" typo/data/
printf 'dump attract\n' >typo/script.txt
if PARVIS_SCRIPT=$WORK/typo/script.txt PARVIS_DUMP_DIR=$WORK/typo \
    "$PARVIS" --config typo/kiosk.ini >typo/out 2>&1 &&
    [ -f typo/attract.txt ]; then
	if head -n 1 typo/attract.txt | grep -q -F "Stand de Sisteron ; marché du mercredi !"; then
		pass "kiosk.ini: the name with ' ; ' is shown whole"
	else
		fail "kiosk.ini: 'name = Stand de Sisteron ; marché du mercredi !' is shown as '$(head -n 1 typo/attract.txt | sed 's/  .*//; s/^ //')': the text after ' ;' was taken for a comment"
	fi
else
	fail "the kiosk did not start on tests/data/config-ok/typographie.ini: $(cat typo/out)"
fi

finish
fi

run_parvis --config config-bad/good.ini export --format json
if expect_status "export with a good configuration" 0 && [ ! -s "$ERR" ]; then
	pass "export succeeds with a good configuration"
else
	fail "export fails with a good configuration: $(cat "$ERR")"
fi

for file in config-bad/*.ini; do
	name=$(basename "$file" .ini)
	[ "$name" != good ] || continue
	transcript "config/$name" 1 --config "$file" export --format json
	if [ -s "$OUT" ]; then
		fail "$name: something was exported with a bad configuration"
	fi
	expect_marked_lines "$name" "$file"
done
# The fixtures marked the lines; make sure none was left unmarked.
for file in config-bad/*.ini; do
	name=$(basename "$file" .ini)
	if [ "$name" != good ] && [ -z "$(marked_lines "$file")" ]; then
		fail "$name: no line marked in the fixture"
	fi
done

# A file that is not there.
transcript config/missing-file 1 --config config-bad/absent.ini export
# A directory given by mistake is not a configuration of defaults.
transcript config/directory 1 --config config-bad export
if [ "$STATUS" = 1 ] && grep -qi "director" "$ERR"; then
	pass "a directory given as configuration is refused as such"
else
	fail "parvis --config config-bad export: status $STATUS, '$(head -n 1 "$ERR")': a directory must be refused and named as such"
fi

# French typography: " ; " in a value is text (as in consultation files),
# so the kiosk shows its whole name.  The default paths of the fixture
# (forms/, data/) are made beside its copy.
mkdir -p typo/data
cp "$DATA/config-ok/typographie.ini" typo/kiosk.ini
ln -s "$SRC/forms" typo/forms
cp "$SRC/data/communes.csv" typo/data/
printf 'dump attract\n' >typo/script.txt
if PARVIS_SCRIPT=$WORK/typo/script.txt PARVIS_DUMP_DIR=$WORK/typo \
    "$PARVIS" --config typo/kiosk.ini >typo/out 2>&1 &&
    [ -f typo/attract.txt ]; then
	if head -n 1 typo/attract.txt | grep -q -F "Stand de Sisteron ; marché du mercredi !"; then
		pass "kiosk.ini: the name with ' ; ' is shown whole"
	else
		fail "kiosk.ini: 'name = Stand de Sisteron ; marché du mercredi !' is shown as '$(head -n 1 typo/attract.txt | sed 's/  .*//; s/^ //')': the text after ' ;' was taken for a comment"
	fi
else
	fail "the kiosk did not start on tests/data/config-ok/typographie.ini: $(cat typo/out)"
fi

finish
