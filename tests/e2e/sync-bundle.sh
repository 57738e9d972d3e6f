#!/bin/bash
# No network at the market: `parvis export --bundle FILE` writes the unsent
# records as one batch body (header line, then the frozen lines), marks
# nothing as sent; `parvis-collect import FILE` takes it; the next
# `parvis sync` finds everything already there (all duplicates) and the
# collector holds each record once.  A path that cannot be written is
# refused in plain words; with nothing unsent, no file is written.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 60
enrol "$work/c" "$work/k" kiosk-a
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem
batch_size = 25"

# header FIRST LAST: the header line the bundle must start with.
header() {
	sqlite3 "$work/k/kiosk.db" "SELECT json_object('protocol', 1,
		'kiosk', 'kiosk-a', 'first_seq', $1, 'last_seq', $2,
		'count', $2 - $1 + 1,
		'prev_hash', coalesce((SELECT hash FROM records WHERE seq = $1 - 1),
			printf('%.64d', 0)),
		'last_hash', (SELECT hash FROM records WHERE seq = $2))"
}

"$parvis" --config "$work/k/kiosk.ini" export --bundle "$work/usb.ndjson" \
	2>"$work/k/export.err" || fail "export --bundle failed"
{ header 1 60; kiosk_lines "$work/k"; } >"$work/expected.ndjson"
cmp -s "$work/expected.ndjson" "$work/usb.ndjson" ||
	fail "the bundle is not the header and the frozen lines"
[ "$(acked "$work/k")" = 0 ] || fail "export --bundle marked records as sent"
collector "$work/c" import "$work/usb.ndjson" >/dev/null 2>&1 ||
	fail "the collector refused the bundle"
same_records "$work/c" "$work/k"
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "sync after import exited $sync_status"
expect_in "$work/k/sync.out" "0 réponse envoyée, 60 déjà reçues, tout est à jour."
same_records "$work/c" "$work/k"

# The next market: only what is unsent goes on the stick.
journeys 9 >"$work/k/journeys.txt"
PARVIS_CLOCK=2026-11-26T10:00:00Z PARVIS_SIZE=80x24 \
	PARVIS_SCRIPT=$work/k/journeys.txt PARVIS_DUMP_DIR=$work/k \
	"$parvis" --config "$work/k/kiosk.ini" >/dev/null
"$parvis" --config "$work/k/kiosk.ini" export --bundle "$work/usb2.ndjson" \
	2>/dev/null || fail "second export failed"
{ header 61 69; kiosk_lines "$work/k" | tail -n 9; } >"$work/expected2.ndjson"
cmp -s "$work/expected2.ndjson" "$work/usb2.ndjson" ||
	fail "the second bundle is not records 61 to 69"
collector "$work/c" import "$work/usb2.ndjson" >/dev/null 2>&1
sync_kiosk "$work/k" LANGUAGE=en
expect_in "$work/k/sync.out" "0 answers sent, 9 already received, everything is up to date."
same_records "$work/c" "$work/k"

# Nothing left: nothing written (said in the kiosk's language: no
# LANGUAGE here).
"$parvis" --config "$work/k/kiosk.ini" export --bundle "$work/usb3.ndjson" \
	2>"$work/k/export.err" || fail "an empty export is not an error"
expect_in "$work/k/export.err" "rien à exporter"
[ ! -e "$work/usb3.ndjson" ] || fail "an empty bundle was written"

# A place that cannot be written.
journeys 1 >"$work/k/journeys.txt"
PARVIS_CLOCK=2026-11-27T10:00:00Z PARVIS_SIZE=80x24 \
	PARVIS_SCRIPT=$work/k/journeys.txt PARVIS_DUMP_DIR=$work/k \
	"$parvis" --config "$work/k/kiosk.ini" >/dev/null
status=0
"$parvis" --config "$work/k/kiosk.ini" export --bundle \
	"$work/no-such-stick/usb.ndjson" 2>"$work/k/export.err" || status=$?
[ "$status" = 1 ] || fail "an unwritable path gave status $status"
expect_in "$work/k/export.err" "$work/no-such-stick/usb.ndjson cannot be written"
[ -z "$(ls "$work" | grep '\.part$' || true)" ] || fail "a .part file was left"
echo "ok: bundles carried by hand, counted once"
