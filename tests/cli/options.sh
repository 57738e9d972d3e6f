#!/bin/bash
# The global options of parvis: --version, --help (usage on stdout, status
# 0), an unknown option or command (message on stderr, status 2),
# --help-config (the table of kiosk.ini keys, which README.md shows too and
# which must describe a configuration that parvis accepts), and the usage
# errors of each subcommand.
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
