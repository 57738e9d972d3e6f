#!/bin/bash
# The French catalogue is complete: `msgfmt --check --statistics` accepts
# po/fr.po (formats match, plural forms, header) and counts only
# translated messages, none fuzzy or untranslated.  A failure lists the
# messages to translate or to review.
#
# Args: MSGFMT SOURCE_DIR
set -euo pipefail

if [ $# -lt 2 ]; then
	echo "usage: $0 MSGFMT SOURCE_DIR" >&2
	exit 2
fi
MSGFMT=$1
PO=$2/po/fr.po

# msgfmt's own messages are translated too: read them in English.
export LC_ALL=C
unset LANGUAGE

if ! stats=$("$MSGFMT" --check --statistics -o /dev/null "$PO" 2>&1); then
	printf '%s\n' "$stats"
	echo "[po-fr] FAIL: msgfmt --check refuses po/fr.po"
	exit 1
fi
printf '%s\n' "$stats"
if printf '%s\n' "$stats" | tail -n 1 |
    grep -q -x -E '[0-9]+ translated messages?\.'; then
	echo "[po-fr] PASS: every message of po/fr.po is translated"
	exit 0
fi
echo "[po-fr] FAIL: po/fr.po has fuzzy or untranslated messages:"
if command -v msgattrib >/dev/null; then
	msgattrib --only-fuzzy --no-obsolete "$PO"
	msgattrib --untranslated --no-obsolete "$PO"
fi
echo "(translate them, remove the fuzzy marks once checked, then run again)"
exit 1
