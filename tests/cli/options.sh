#!/bin/bash
# The global options of parvis: --version, --help (usage on stdout, status
# 0), an unknown option or command (message on stderr, status 2),
# --help-config (the table of kiosk.ini keys, which README.md shows too and
# which must describe a configuration that parvis accepts), and the usage
# errors of each subcommand.  Options as GNU tools read them (the table of
# commands, src/core/cmdline.h): --name=value and --name value for every
# option that --help names, options after the arguments, a unique prefix
# (and an ambiguous one refused), a flag refusing a value, "--" before a
# file whose name starts with '-', COMMAND --help without a configuration;
# and parvis(1) lists the commands of --help (tests/cli/man-synopsis.sh).
#
# Args: PARVIS_EXE SOURCE_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# The configured system directory appears in --help; it depends on the
# build's prefix, not on parvis.
mask() {
	sed -E 's#/[^ ]*/kiosk\.ini\)#SYSCONFDIR/kiosk.ini)#'
}

cd "$WORK"
mkdir forms data
cp "$SRC/forms/conseil-citoyen.ini" forms/
cp "$SRC/data/communes.csv" data/
cat >kiosk.ini <<INI
[kiosk]
id = cli-options
INI

# --version: the version of meson.build, nothing else.
version=$(sed -n "s/^[[:space:]]*version: '\([^']*\)',.*/\1/p" \
    "$SRC/meson.build" | head -n 1)
for opt in --version -V; do
	run_parvis "$opt"
	if expect_status "$opt" 0 && [ ! -s "$ERR" ] &&
	    [ "$(cat "$OUT")" = "parvis $version" ]; then
		pass "$opt prints 'parvis $version'"
	else
		fail "$opt printed '$(cat "$OUT")' (stderr: '$(cat "$ERR")'), expected 'parvis $version'"
	fi
done

transcript options/help 0 --help
run_parvis -h
cp "$OUT" "$WORK/h.out"
run_parvis --help
if cmp -s "$OUT" "$WORK/h.out"; then
	pass "-h and --help print the same"
else
	fail "-h and --help differ"
fi

transcript options/unknown-option 2 --frobnicate
# The first of --help, --version and --help-config wins, as it ends the
# reading at once (what follows it is not read).
run_parvis --version --help --bogus
if expect_status "--version --help --bogus" 0 &&
    [ "$(cat "$OUT")" = "parvis $version" ] && [ ! -s "$ERR" ]; then
	pass "--version --help --bogus: the version only"
else
	fail "--version --help --bogus printed '$(head -n 2 "$OUT")' '$(cat "$ERR")'"
fi
transcript options/unknown-option-after-config 2 --config kiosk.ini --verbose check
transcript options/config-without-file 2 --config
transcript options/unknown-command 2 --config kiosk.ini frobnicate
transcript options/help-config 0 --help-config

# Usage errors of the subcommands: status 2, a usage line on stderr.
transcript options/check-without-files 2 check
transcript options/preview-without-form 2 --config kiosk.ini preview
transcript options/preview-unknown-arg 2 --config kiosk.ini preview \
    forms/conseil-citoyen.ini --colour
transcript options/export-unknown-arg 2 --config kiosk.ini export --bogus
transcript options/export-unknown-format 2 --config kiosk.ini export \
    --format xml
transcript options/set-pin-unknown-role 2 --config kiosk.ini set-pin visitor
transcript options/purge-flag-value 2 --config kiosk.ini purge --dry-run=yes
transcript options/export-ambiguous 2 --config kiosk.ini export --for=csv
transcript options/sync-extra-argument 2 --config kiosk.ini sync 60
transcript options/preview-unknown-lang 2 --config kiosk.ini preview \
    forms/conseil-citoyen.ini --lang=de
transcript options/export-bundle-and-format 2 --config kiosk.ini export \
    --bundle b.ndjson --format json

# --- options as GNU tools read them ----------------------------------
# --name=value for the global options; a command's --help, which needs
# no configuration (none is read: there is no missing.ini).
transcript options/config-equals 2 --config=kiosk.ini export --format=xml
transcript options/sync-help 0 --config=missing.ini sync --help
transcript options/export-help 0 --config missing.ini export -h
# Options after the arguments, in both spellings, give the same screens.
run_parvis --config kiosk.ini preview --size 100x30 --lang en \
    forms/conseil-citoyen.ini
cp "$OUT" preview-before.out
run_parvis --config=kiosk.ini preview forms/conseil-citoyen.ini \
    --size=100x30 --lang=en
if expect_status "preview FORM --size=100x30 --lang=en" 0 &&
    [ -s "$OUT" ] && cmp -s "$OUT" preview-before.out; then
	pass "options after the argument, --name=value: the same preview"
else
	fail "preview FORM --size=100x30 --lang=en differs from --size 100x30 --lang en FORM"
fi
# -- ends the options: a file whose name starts with '-'.
cp forms/conseil-citoyen.ini ./-brouillon.ini
transcript options/check-dash-file 0 check -- -brouillon.ini
transcript options/check-dash-file-without-ddash 2 check -brouillon.ini
transcript options/global-ddash 0 --config kiosk.ini -- check -- -brouillon.ini

# Every option a synopsis of --help names is an option of its command:
# taken as --name=value (or --name for a flag, which refuses a value),
# and as --name value.  The command's --help after it stops before
# anything is read or done.
run_parvis --help
synopses=$(awk '/^Commands:$/ { on = 1; next } on && /^$/ { exit }
    on && /^  [a-z]/ { s = substr($0, 3); i = index(s, "  ");
    print i ? substr(s, 1, i - 1) : s }' "$OUT")
checked=0
while IFS= read -r synopsis; do
	cmd=${synopsis%% *}
	mapfile -t opts < <(printf '%s\n' "$synopsis" |
	    grep -o -E -- '--[a-z-]+(\[?=| [A-Za-z0-9|]+)?')
	for opt in ${opts[@]+"${opts[@]}"}; do
		name=${opt%%[= []*}
		case $opt in
		*"[="*) forms=("$name" "$name=1") ;;
		*" "*) forms=("$name=x" "$name x") ;;
		*) forms=("$name") ;;
		esac
		for form in "${forms[@]}"; do
			# shellcheck disable=SC2086 # "--name x" is two words
			run_parvis --config=missing.ini "$cmd" $form --help
			if [ "$STATUS" = 0 ] && [ -s "$OUT" ]; then
				checked=$((checked + 1))
			else
				fail "parvis $cmd $form: status $STATUS ($(head -n 1 "$ERR"))"
			fi
		done
		if [ "${#forms[@]}" = 1 ]; then
			run_parvis --config=missing.ini "$cmd" "$name=1" --help
			if [ "$STATUS" = 2 ] && grep -q "takes no value" "$ERR"; then
				checked=$((checked + 1))
			else
				fail "parvis $cmd $name=1: status $STATUS, expected 2 (takes no value)"
			fi
		fi
	done
done <<<"$synopses"
if [ "$checked" -ge 20 ]; then
	pass "$checked spellings of the options of --help accepted (flags refuse a value)"
else
	fail "only $checked spellings of options checked"
fi

# parvis(1) has every command of the table in SYNOPSIS and COMMANDS.
if out=$("$SRC/tests/cli/man-synopsis.sh" "$PARVIS" "$SRC/man/parvis.1.scd"); then
	pass "${out#ok: }"
else
	printf '%s\n' "$out"
	fail "parvis(1) and --help do not list the same commands"
fi

# README.md documents kiosk.ini with the output of --help-config.
run_parvis --help-config
awk '/^## Configuration: kiosk.ini/ { s = 1 } s && /^```$/ { n++; next }
    s && n == 1' "$SRC/README.md" >"$WORK/readme-config.txt"
if diff -u "$WORK/readme-config.txt" "$OUT"; then
	pass "README.md shows the output of --help-config"
else
	fail "README.md's kiosk.ini block differs from --help-config (diff above)"
fi

# Every key --help-config lists is accepted with its default value.
{
	while IFS= read -r line; do
		case $line in
		"[sites]") break ;;
		"["*) echo "$line" ;;
		"") echo ;;
		*)
			key=${line%% *}
			def=$(printf '%s\n' "$line" | sed -n 's/.*(default: \(.*\))$/\1/p')
			if [ "$def" != none ]; then
				echo "$key = $def"
			fi
			;;
		esac
	done <"$OUT"
	echo
	echo "[sites]"
	echo "marche-digne = Marché de Digne-les-Bains"
} >defaults.ini
# The defaults name forms/ and data/ beside the file: preview reads the
# configuration and the communes without needing a database.
run_parvis --config defaults.ini preview forms/conseil-citoyen.ini
if expect_status "a kiosk.ini of every --help-config key at its default" 0 &&
    [ ! -s "$ERR" ] && grep -q "Dans quelle commune" "$OUT"; then
	pass "every key of --help-config is accepted with its default"
else
	fail "a kiosk.ini of every --help-config default is refused: $(cat "$ERR")"
fi
if [ -e parvis.db ] || [ -e data/parvis.db ]; then
	fail "preview or a usage error created a database"
fi

finish
