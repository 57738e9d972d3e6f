#!/bin/bash
# `parvis purge`: retention on the kiosk, on a database whose records are
# appended at known times through the store API (tests/cli/append_record.c,
# which also stands in for the collector's acknowledgements), under the
# fixed clock of the cli tests (2026-11-25T09:30:00Z).
#   - Bad arguments (status 2) and no database yet (status 0, nothing
#     made).
#   - With keep_acknowledged_days = 7 the cutoff is 2026-11-18 at local
#     midnight: the records acknowledged and collected before it go, those
#     of the last days and those not acknowledged stay; --dry-run says so
#     and changes nothing; the purge is an event record; the chain goes
#     on from the kept link (the kiosk's own check finds no break, export
#     and stats still work); a second purge has nothing to remove.
#   - An acknowledged record collected after one that stays, stays too:
#     only a prefix of the chain goes.
#   - keep_acknowledged_days = 0 keeps today only; the cutoff is the
#     kiosk's local midnight (TZ=Europe/Paris: 23:00 UTC the day before).
#   - keep_acknowledged_days is checked like every key of kiosk.ini.
#
# Args: PARVIS_EXE SOURCE_DIR APPEND_RECORD_EXE
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

if [ $# -lt 3 ]; then
	echo "usage: $0 PARVIS_EXE SOURCE_DIR APPEND_RECORD_EXE" >&2
	exit 2
fi
APPEND=$(realpath "$3")
# The messages in the kiosk's language (its kiosk.ini says none: French),
# as under the sync timer.
unset LANGUAGE
cd "$WORK"

# kiosk NAME [KEEP]: a kiosk.ini NAME.ini on NAME.db.
kiosk() {
	cat >"$1.ini" <<INI
[kiosk]
id       = cli-purge
forms    = $SRC/forms
database = $1.db
communes = $SRC/data/communes.csv
INI
	if [ -n "${2:-}" ]; then
		printf 'keep_acknowledged_days = %s\n' "$2" >>"$1.ini"
	fi
}

# event DB TIME: an event record collected at TIME.
event() {
	local out
	if ! out=$(PARVIS_CLOCK=$2 "$APPEND" "$1" cli-purge event - self \
	    '{"event":"approach"}' 2>&1); then
		fail "append_record at $2: $out"
	fi
}

acked() {
	local out
	if ! out=$("$APPEND" "$1" cli-purge --acked "$2" 2>&1); then
		fail "acknowledging $2: $out"
	fi
}

sql() {
	sqlite3 "$1" "$2"
}

# expect WHAT GOT WANT
expect() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1: '$2', expected '$3'"
	fi
}

# --- arguments, no database ------------------------------------------
kiosk week
transcript purge/unknown-argument 2 --config week.ini purge --all
transcript purge/no-database 0 --config week.ini purge
[ -e week.db ] && fail "purge without a database created one"

# --- a week kept ------------------------------------------------------
# Three records on 16 November, two on 20 November, one today; the first
# five acknowledged.
for t in 2026-11-16T10:00:00Z 2026-11-16T11:00:00Z 2026-11-17T23:59:00Z \
    2026-11-20T10:00:00Z 2026-11-20T11:00:00Z 2026-11-25T09:00:00Z; do
	event week.db "$t"
done
acked week.db 5
transcript purge/dry-run 0 --config week.ini purge --dry-run
expect "dry run: nothing removed" "$(sql week.db 'SELECT count(*) FROM records')" 6
transcript purge/removed 0 --config week.ini purge
expect "records 4 to 6 and the purge's event are left" \
    "$(sql week.db 'SELECT group_concat(seq) FROM (SELECT seq FROM records ORDER BY seq)')" "4,5,6,7"
expect "the kept link is record 3" \
    "$(sql week.db 'SELECT seq FROM chain_base')" 3
expect "its hash is the one record 4 was chained on" \
    "$(sql week.db "SELECT hash = json_extract((SELECT line FROM records
        WHERE seq = 7), '\$.payload.hash') FROM chain_base")" 1
expect "the purge event" \
    "$(sql week.db "SELECT json_extract(line, '\$.payload') FROM records
        WHERE seq = 7" | sed 's/"hash":"[0-9a-f]*"/"hash":HASH/')" \
    '{"event":"purge","from":1,"through":3,"records":3,"before":"2026-11-18T00:00:00.000Z","hash":HASH}'
transcript purge/again 0 --config week.ini purge
expect "a second purge removes nothing" \
    "$(sql week.db 'SELECT count(*) FROM records')" 4
# The chain from the kept link: the kiosk's own check (before a bundle)
# finds no break, and the bundle starts after the last acknowledged
# record; export and stats read what is left.
run_parvis --config week.ini export --bundle bundle.ndjson
expect_status "bundle after a purge" 0
if grep -q ALARM "$ERR"; then
	fail "the chain check after a purge found a break: $(cat "$ERR")"
fi
expect "the bundle holds records 6 and 7" \
    "$(head -n 1 bundle.ndjson | sed 's/.*"first_seq":\([0-9]*\),"last_seq":\([0-9]*\).*/\1-\2/')" \
    "6-7"
run_parvis --config week.ini export --format json
expect_status "export after a purge" 0
expect "export: the records left" "$(wc -l <"$OUT")" 4
run_parvis --config week.ini stats
expect_status "stats after a purge" 0

# --- only a prefix ----------------------------------------------------
# The clock of the kiosk went back: record 3 is old, but comes after a
# recent one that stays.
kiosk prefix
event prefix.db 2026-11-10T10:00:00Z
event prefix.db 2026-11-24T10:00:00Z
event prefix.db 2026-11-11T10:00:00Z
acked prefix.db 3
transcript purge/prefix 0 --config prefix.ini purge
expect "only record 1 went" \
    "$(sql prefix.db 'SELECT group_concat(seq) FROM (SELECT seq FROM records ORDER BY seq)')" "2,3,4"

# --- today only, in the kiosk's time zone ----------------------------
# 23:30 UTC on 24 November is 00:30 on the 25th in Digne: today, kept.
kiosk today 0
event today.db 2026-11-24T22:30:00Z
event today.db 2026-11-24T23:30:00Z
acked today.db 2
export TZ=Europe/Paris
transcript purge/today-only 0 --config today.ini purge
unset TZ
expect "yesterday's went, today's stayed" \
    "$(sql today.db 'SELECT group_concat(seq) FROM (SELECT seq FROM records ORDER BY seq)')" "2,3"

# --- checked like every key -------------------------------------------
kiosk bad 366
transcript purge/keep-out-of-range 1 --config bad.ini purge
kiosk bad deux
transcript purge/keep-not-a-number 1 --config bad.ini purge

finish
