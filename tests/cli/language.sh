#!/bin/bash
# One language for the whole command line (issue 9, item 7): every command,
# --help and the configuration's own errors speak the language the
# environment names (LANGUAGE, else the first of LC_ALL, LC_MESSAGES and
# LANG that is set, when it is not C, C.UTF-8 or POSIX); when it names
# none, the [kiosk] language of the configuration the command would use
# (--config, else ./kiosk.ini), read even by check and --help, which need
# none; and French when none can be read.
#   - Without LANGUAGE (LC_ALL=C.UTF-8, as under systemd): stats, export,
#     sync, check, --help, an unknown option and a kiosk.ini mistake follow
#     kiosk.ini's language, English or French; a missing configuration
#     gives French.
#   - The environment wins over kiosk.ini: LANGUAGE, LANG and LC_MESSAGES
#     naming a language; LC_ALL=C over LANG names none; a language parvis
#     has no catalogue for (German) gives English.
#
# Args: PARVIS_EXE SOURCE_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"
unset LANGUAGE

cd "$WORK"
# kiosk DIR LANGUAGE: DIR/kiosk.ini saying that language (none: no key).
kiosk() {
	mkdir -p "$1"
	{
		echo "[kiosk]"
		echo "id       = cli-language"
		echo "forms    = $SRC/forms"
		echo "database = parvis.db"
		echo "communes = $SRC/data/communes.csv"
		if [ "$2" != none ]; then
			echo "language = $2"
		fi
	} >"$1/kiosk.ini"
}
kiosk en en
kiosk fr fr
kiosk none none
form=$SRC/forms/conseil-citoyen.ini

# --- kiosk.ini decides ----------------------------------------------------
transcript language/stats-en 2 --config en/kiosk.ini stats --format=xml
transcript language/stats-fr 2 --config fr/kiosk.ini stats --format=xml
transcript language/export-en 1 --config en/kiosk.ini export
transcript language/export-fr 1 --config fr/kiosk.ini export
transcript language/sync-en 1 --config=en/kiosk.ini sync
transcript language/unknown-option-en 2 --config=en/kiosk.ini stats --bogus
printf 'colour = blue\n' >>en/kiosk.ini
transcript language/config-mistake-en 1 --config en/kiosk.ini export
sed -i '$d' en/kiosk.ini

# says WHAT PATTERN ARGS...: stdout or stderr of `parvis ARGS` has a line
# matching PATTERN (grep -E).
says() {
	local what=$1 pattern=$2
	shift 2
	run_parvis "$@"
	if cat "$OUT" "$ERR" | grep -q -E -- "$pattern"; then
		pass "$what"
	else
		fail "$what: no '$pattern' in: $(cat "$OUT" "$ERR" | head -n 2)"
	fi
}
english='^Usage: parvis '
french='^Utilisation : parvis '
says "--help, --config=en" "$english" --config=en/kiosk.ini --help
says "--help, --config fr" "$french" --config fr/kiosk.ini --help
says "--help after --config" "$english" --help --config en/kiosk.ini
says "--help, no language key: French" "$french" --config none/kiosk.ini \
    --help
says "--help, no configuration: French" "$french" --config missing.ini --help
says "an unknown global option, --config=en" "unknown option '--frob'" \
    --config=en/kiosk.ini --frob
says "an unknown global option before --config=en" \
    "unknown option '--frob'" --frob --config=en/kiosk.ini
(cd en && says "--help, ./kiosk.ini in English" "$english" --help)
(cd fr && says "--help, ./kiosk.ini in French" "$french" --help)
(cd en && says "check, ./kiosk.ini in English" ": ok \(conseil" check "$form")
(cd fr && says "check, ./kiosk.ini in French" ": valide \(conseil" check \
    "$form")
says "check, --config=en" ": ok \(conseil" --config=en/kiosk.ini check "$form"
says "stats --help, no configuration: French" "^utilisation : parvis stats" \
    --config missing.ini stats --help

# --- the environment decides ----------------------------------------------
LANGUAGE=en says "LANGUAGE=en over language = fr" "$english" \
    --config fr/kiosk.ini --help
LANGUAGE=fr says "LANGUAGE=fr over language = en" "$french" \
    --config en/kiosk.ini --help
LC_ALL='' LANG=en_US.UTF-8 says "LANG=en_US.UTF-8 over language = fr" \
    "$english" --config fr/kiosk.ini --help
LC_ALL='' LANG='' LC_MESSAGES=fr_FR.UTF-8 says \
    "LC_MESSAGES=fr_FR.UTF-8 over language = en" "$french" \
    --config en/kiosk.ini --help
LC_ALL=C LANG=fr_FR.UTF-8 says "LC_ALL=C over LANG: kiosk.ini's English" \
    "$english" --config en/kiosk.ini --help
LC_ALL=POSIX says "LC_ALL=POSIX: kiosk.ini's French" "$french" \
    --config fr/kiosk.ini --help
LANGUAGE=de says "LANGUAGE=de: no German, English" "$english" \
    --config fr/kiosk.ini --help
LANGUAGE=en says "LANGUAGE=en: a French kiosk's stats in English" \
    "unknown format 'xml'" --config fr/kiosk.ini stats --format xml

finish
