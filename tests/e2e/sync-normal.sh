#!/bin/bash
# A normal day-end sync: the collector then holds exactly the kiosk's
# lines, byte for byte, every record is acknowledged, the summary is in
# plain words (French, or English with LANGUAGE=en); a second sync sends
# nothing; records collected after a sync go with the next one; a form
# published on the collector arrives in the kiosk's forms directory, and
# a porteur de parole's testimony taken with its [testimony] section
# (commune, tags) reaches the collector filed under that consultation.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 120
enrol "$work/c" "$work/k" kiosk-a
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem
batch_size = 50"

sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "sync exited $sync_status"
expect_in "$work/k/sync.out" "120 réponses envoyées, tout est à jour."
expect_in "$work/k/sync.err" "Envoi : 100 sur 120 réponses reçues"
[ "$(acked "$work/k")" = 120 ] || fail "not every record acknowledged"
same_records "$work/c" "$work/k"

# Nothing new: nothing sent, and the collector is unchanged.
sync_kiosk "$work/k" LANGUAGE=en
[ "$sync_status" = 0 ] || fail "second sync exited $sync_status"
expect_in "$work/k/sync.out" "Nothing to send, everything is up to date."
posts=$(grep -c "POST /api/v1/batches" "$work/c/serve.log")
[ "$posts" = 3 ] || fail "the second sync sent something ($posts posts)"
same_records "$work/c" "$work/k"

# A new day at the market, and a consultation published meanwhile.
sed 's/^id = velo-sisteron/id = marche-digne/; s/Le vélo à Sisteron/Le marché de Digne/' \
	"$src/tests/e2e/forms/velo-sisteron.ini" >"$work/marche-digne.ini"
cat >>"$work/marche-digne.ini" <<'INI'

[testimony]
question = Et vous, comment venez-vous au marché ?
tag = velo | À vélo
tag = bus  | En bus
INI
collector "$work/c" forms publish "$work/marche-digne.ini" >/dev/null 2>&1
clock=2026-11-28T09:00:00Z
journeys 7 >"$work/k/journeys.txt"
PARVIS_CLOCK=$clock PARVIS_SIZE=80x24 PARVIS_SCRIPT=$work/k/journeys.txt \
	PARVIS_DUMP_DIR=$work/k "$parvis" --config "$work/k/kiosk.ini" >/dev/null
[ "$(kiosk_count "$work/k")" = 127 ] || fail "7 more journeys"
sync_kiosk "$work/k" LANGUAGE=en
[ "$sync_status" = 0 ] || fail "third sync exited $sync_status"
expect_in "$work/k/sync.out" "7 answers sent, everything is up to date."
expect_in "$work/k/sync.err" "Consultation installed: Le marché de Digne"
same_records "$work/c" "$work/k"
cmp -s "$work/marche-digne.ini" "$work/k/forms/marche-digne.ini" ||
	fail "the published form did not arrive byte for byte"
"$parvis" check "$work/k/forms/"*.ini >/dev/null ||
	fail "the forms directory no longer checks"
# The headers the kiosk sent match the chain: no gap, no mismatch.
collector "$work/c" kiosk list >"$work/c/kiosks.txt" 2>&1
expect_in "$work/c/kiosks.txt" "kiosk-a"
expect_not_in "$work/c/kiosks.txt" "gap"
expect_not_in "$work/c/kiosks.txt" "mismatch"
# A porteur de parole, beside the board of the consultation just pulled.
printf '5937\n5937\n' | "$parvis" --config "$work/k/kiosk.ini" set-pin \
	volunteer >/dev/null
cat >"$work/k/volunteer.txt" <<'STEPS'
key F10
type "5937"
tap "Valider"
type "Je viens à vélo, mais il n’y a pas d’arceaux « sûrs »."
key Enter
tap "Commune (si la personne le veut bien)…"
type "sist"
key Enter
tap "Thèmes…"
tap "À vélo"
tap "Valider ▸"
tap "Anonymement"
tap "Enregistrer ✓"
tap "◂ Terminer"
STEPS
PARVIS_CLOCK=2026-11-28T10:00:00Z PARVIS_SIZE=80x24 \
	PARVIS_SCRIPT=$work/k/volunteer.txt PARVIS_DUMP_DIR=$work/k \
	"$parvis" --config "$work/k/kiosk.ini" >/dev/null
# volunteer_enter, the testimony, volunteer_leave
[ "$(kiosk_count "$work/k")" = 130 ] || fail "the testimony was not saved"
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "fourth sync exited $sync_status"
same_records "$work/c" "$work/k"
collector "$work/c" export --format json --form marche-digne \
	>"$work/c/marche.ndjson"
expect_in "$work/c/marche.ndjson" '"type":"testimony"'
expect_in "$work/c/marche.ndjson" '"form":"marche-digne","version":1'
expect_in "$work/c/marche.ndjson" '"commune":"04209","tags":["velo"]}'
echo "ok: 130 records, byte for byte; form pulled; testimony filed"
