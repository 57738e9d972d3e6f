#!/bin/bash
# parvis-collect's commands without the server: options (the table of
# commands: parvis-collect(8) lists every command of --help; usage errors
# and COMMAND --help before anything is opened; --config=FILE,
# --format=json, prefixes, "--" before a file named -bundle.ndjson),
# collect.ini's file:line messages, kiosk add/list/rotate/revoke, forms
# publish (a bad form refused with every file:line problem, the same
# version with other bytes refused) and forms list, import, export as JSON (the stored lines) and
# as CSV (one column per question; the cells are src/core/csv.c, tested
# by test_store), and a database that is not the collector's refused and
# left untouched.
#
# usage: commands.sh PARVIS-COLLECT PARVIS SOURCE_DIR
collect=$1
parvis=$2
src=$3
. "$src/tests/collector/lib.sh"

expect_in "$("$collect" --help)" "kiosk add NAME" "--help"
expect_in "$("$collect" --version)" "parvis-collect " "--version"
expect_in "$("$collect" --help-config)" "max_connections_per_ip" \
	"--help-config"
status=0
"$collect" --config "$work/collect.ini" frobnicate 2>"$work/err" || status=$?
expect_eq "$status" 2 "unknown command"
expect_in "$(head -n 1 "$work/err")" \
	"parvis-collect: unknown command 'frobnicate'" "unknown command"

# The table of commands: parvis-collect(8) lists every command of --help
# in its SYNOPSIS and COMMANDS; usage errors and a command's --help are
# said before anything is read or opened (no collect.ini exists yet).
"$src/tests/cli/man-synopsis.sh" "$collect" \
	"$src/man/parvis-collect.8.scd" >"$work/man.out" ||
	fail "parvis-collect(8) and --help differ: $(cat "$work/man.out")"
# usage_error WHAT NEEDLE ARGS...: status 2, NEEDLE on stderr, nothing made.
usage_error() {
	local what=$1 needle=$2 status=0
	shift 2
	"$collect" --config="$work/collect.ini" "$@" >/dev/null \
		2>"$work/err" || status=$?
	expect_eq "$status" 2 "$what: status"
	expect_in "$(cat "$work/err")" "$needle" "$what"
	[ ! -e "$work/collect.db" ] || fail "$what: a database was made"
}
usage_error "kiosk alone" "       parvis-collect kiosk revoke NAME" kiosk
usage_error "kiosk frob" "unknown command 'kiosk frob'" kiosk frob
usage_error "kiosk add without NAME" "usage: parvis-collect kiosk add NAME" \
	kiosk add
usage_error "kiosk list extra" "parvis-collect kiosk list: unexpected 'x'" \
	kiosk list x
usage_error "export --format" "parvis-collect export: --format needs a value" \
	export --format
usage_error "purge --dry-run=yes" "--dry-run takes no value" purge --dry-run=yes
usage_error "purge --now" "parvis-collect purge: unknown option '--now'" \
	purge --now
usage_error "import two files" "unexpected 'b.ndjson'" import a.ndjson b.ndjson
usage_error "--config alone" "parvis-collect: --config needs a value" --config
expect_in "$("$collect" --config="$work/collect.ini" kiosk add --help)" \
	"usage: parvis-collect kiosk add NAME" "kiosk add --help"
expect_in "$("$collect" --config="$work/collect.ini" quarantine list -h)" \
	"usage: parvis-collect quarantine list [--all]" "quarantine list -h"
[ ! -e "$work/collect.db" ] || fail "--help made a database"

# collect.ini: every problem as file:line.
printf '[server]\nport = 70000\nlisten = 127.0.0.1\ncolour = blue\n' \
	>"$work/collect.ini"
status=0
pc kiosk list 2>"$work/err" >/dev/null || status=$?
expect_eq "$status" 1 "bad configuration"
expect_in "$(cat "$work/err")" "$work/collect.ini:2: port: '70000'" \
	"config line 2"
expect_in "$(cat "$work/err")" "$work/collect.ini:4: unknown key 'colour'" \
	"config line 4"
# The front door's keys are checked like every key.
printf '[server]\ntrusted_proxies = 127.0.0.1, localhost\nheader_timeout_seconds = 0\nbody_min_bytes_per_second = fast\nmax_token_failures = 10\ntrusted_proxies = 10.0.0.0/33\n' \
	>"$work/collect.ini"
status=0
pc kiosk list 2>"$work/err" >/dev/null || status=$?
expect_eq "$status" 1 "bad front door keys"
expect_in "$(cat "$work/err")" \
	"$work/collect.ini:2: trusted_proxies: 'localhost' is not a numeric address" \
	"trusted_proxies"
expect_in "$(cat "$work/err")" "$work/collect.ini:3: header_timeout_seconds: '0'" \
	"header_timeout_seconds"
expect_in "$(cat "$work/err")" "$work/collect.ini:4: body_min_bytes_per_second: 'fast'" \
	"body_min_bytes_per_second"
expect_in "$(cat "$work/err")" "$work/collect.ini:6:" "a key given twice"
for key in header_timeout_seconds body_timeout_seconds \
	body_min_bytes_per_second trusted_proxies max_token_failures \
	token_block_seconds; do
	expect_in "$("$collect" --help-config)" "$key " "--help-config $key"
done
write_config

# Kiosks.
token=$(pc kiosk add kiosk-a 2>/dev/null)
expect_eq "${#token}" 43 "token"
if pc kiosk add kiosk-a 2>/dev/null; then
	fail "a kiosk enrolled twice"
fi
if pc kiosk add 'Kiosk A' 2>/dev/null; then
	fail "a kiosk name with capitals and a space"
fi
hash=$(printf %s "$token" | sha256sum | cut -c1-64)
expect_eq "$(sqlite3 "$work/collect.db" "SELECT count(*) FROM kiosks WHERE \
	token_sha256 = '$hash'")" 1 "only the token's SHA-256 is stored"
pc kiosk add kiosk-b >/dev/null 2>&1
pc kiosk revoke kiosk-b 2>/dev/null
# A new token for kiosk-a: only the new one's SHA-256 is stored; a revoked
# or unknown kiosk gets none.
new=$(pc kiosk rotate kiosk-a 2>/dev/null)
new_hash=$(printf %s "$new" | sha256sum | cut -c1-64)
expect_eq "$(sqlite3 "$work/collect.db" "SELECT count(*) FROM kiosks WHERE \
	token_sha256 IN ('$hash', '$new_hash')")" 1 "kiosk rotate: one token"
expect_eq "$(sqlite3 "$work/collect.db" "SELECT token_sha256 FROM kiosks \
	WHERE name = 'kiosk-a'")" "$new_hash" "kiosk rotate: the new token"
status=0
pc kiosk rotate kiosk-b 2>"$work/err" || status=$?
expect_eq "$status" 1 "kiosk rotate of a revoked kiosk"
expect_in "$(cat "$work/err")" "stays revoked" "kiosk rotate: why"
list=$(pc kiosk list)
expect_in "$list" "kiosk-a " "kiosk list"
expect_in "$list" "never" "kiosk list: never synced"
[ "$(echo "$list" | grep '^kiosk-b ' | awk '{print $3}')" != no ] ||
	fail "kiosk-b not shown revoked: $list"

# Forms: a bad one refused with its problems, a good one published once.
status=0
pc forms publish "$src/tests/data/forms/many-errors.ini" 2>"$work/err" ||
	status=$?
expect_eq "$status" 1 "bad form"
expect_in "$(cat "$work/err")" "many-errors.ini:5: invalid value 'deux'" \
	"bad form, line 5"
expect_in "$(cat "$work/err")" "many-errors.ini:12: unknown question type" \
	"bad form, line 12"
expect_eq "$(sqlite3 "$work/collect.db" 'SELECT count(*) FROM forms')" 0 \
	"bad form not stored"
pc forms publish "$src/forms/transport-dignois.ini" 2>/dev/null
pc forms publish "$src/forms/transport-dignois.ini" 2>/dev/null
{ cat "$src/forms/transport-dignois.ini"; echo "; one more line"; } \
	>"$work/changed.ini"
if pc forms publish "$work/changed.ini" 2>"$work/err"; then
	fail "the same version published with other bytes"
fi
expect_in "$(cat "$work/err")" "already published with other contents" \
	"changed form"
expect_in "$(pc forms list)" "transport-dignois" "forms list"

# Records, through a bundle, and exports.
make_kiosk kiosk-a 5
make_batch kiosk-a 1 5 "$work/bundle.ndjson"
pc import "$work/bundle.ndjson" >/dev/null
pc export --format json >"$work/export.json"
sqlite3 "$work/kiosk-a.db" 'SELECT line FROM records ORDER BY seq' \
	>"$work/want.json"
cmp -s "$work/export.json" "$work/want.json" ||
	fail "the JSON export is not the stored lines"
# The options as GNU tools read them: --config=FILE, --format=json, a
# unique prefix, options after "--"-less arguments, -- before a file
# named -bundle.ndjson.
"$collect" --config="$work/collect.ini" export --format=json \
	>"$work/export2.json"
cmp -s "$work/export2.json" "$work/want.json" ||
	fail "--config=FILE export --format=json is not the stored lines"
pc export --forma=json --form=transport-dignois >"$work/export3.json"
cmp -s "$work/export3.json" "$work/want.json" ||
	fail "export --forma=json --form=ID is not the stored lines"
status=0
pc export --format=xml 2>"$work/err" >/dev/null || status=$?
expect_eq "$status" 2 "export --format=xml"
expect_in "$(cat "$work/err")" "unknown format 'xml'" "export --format=xml"
cp "$work/bundle.ndjson" "$work/-bundle.ndjson"
abs_collect=$(realpath "$collect")
(cd "$work" && "$abs_collect" --config=collect.ini import -- -bundle.ndjson) \
	>"$work/import.out" || fail "import -- -bundle.ndjson"
expect_in "$(cat "$work/import.out")" "0 stored, 5 already there" \
	"import -- -bundle.ndjson"
pc export --format csv --form transport-dignois >"$work/export.csv"
header=$(head -n 1 "$work/export.csv" | tr -d '\r')
expect_in "$header" "kiosk,seq,uuid,created_at,site,mode,status,form" \
	"CSV header"
expect_in "$header" ",frequence," "CSV column of a question"
expect_eq "$(wc -l <"$work/export.csv")" 6 "CSV rows"
expect_in "$(sed -n 2p "$work/export.csv")" "travail;courses;other" \
	"CSV choices joined with ;"

# Retention: the records were made on 2026-11-25; transport-dignois keeps
# them 730 days (its retention_days), so a purge the day before erases
# nothing, the day after erases the five; a dry run erases nothing; the
# next purge has nothing to do.
expect_in "$("$collect" --help-config)" "[retention]" "--help-config retention"
out=$(PARVIS_CLOCK=2028-11-23T10:00:00Z pc purge)
expect_eq "$out" "erased 0 records past retention" "purge before"
out=$(PARVIS_CLOCK=2028-11-25T10:00:00Z pc purge --dry-run)
expect_in "$out" "would erase 5 records past retention:" "purge --dry-run"
expect_in "$out" "  transport-dignois: 5 (kept 730 days)" "purge --dry-run"
expect_eq "$(stored kiosk-a)" 5 "records after a dry run"
out=$(PARVIS_CLOCK=2028-11-25T10:00:00Z pc purge)
expect_in "$out" "erased 5 records past retention:" "purge"
expect_eq "$(stored kiosk-a)" 0 "records after the purge"
expect_eq "$(sqlite3 "$work/collect.db" "SELECT records FROM purges")" 5 \
	"the purge is logged"
expect_in "$(pc kiosk list)" "       0  ok" "no false gap after a purge"
expect_eq "$(PARVIS_CLOCK=2028-11-26T10:00:00Z pc purge)" \
	"erased 0 records past retention" "purge again"
grep -q "2026-11-25T09:3" "$work/collect.db"* &&
	fail "erased records are still in the database files"
status=0
pc purge --now >/dev/null 2>&1 || status=$?
expect_eq "$status" 2 "purge with a wrong argument"

# A database that is not ours (the kiosk's) is refused, untouched.
sum=$(sha256sum <"$work/kiosk-a.db")
sed -i "s|^database = .*|database = $work/kiosk-a.db|" "$work/collect.ini"
status=0
pc kiosk list >/dev/null 2>"$work/err" || status=$?
expect_eq "$status" 1 "a kiosk's database"
expect_in "$(cat "$work/err")" "not a parvis-collect database" \
	"a kiosk's database"
expect_eq "$(sha256sum <"$work/kiosk-a.db")" "$sum" "left untouched"
echo "ok"
