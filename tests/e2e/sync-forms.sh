#!/bin/bash
# Consultation files pulled at sync: a valid published form is installed
# byte for byte; a form with errors served by a faulty collector (planted
# in its database, as `forms publish` refuses it), and one whose bytes do
# not match the published SHA-256, are refused with a message and never
# reach the forms directory; a local file with the same id is kept.  The
# kiosk then still runs, with the new consultation on its welcome screen.
. "$(dirname "$0")/lib.sh"
e2e_init "$@"

make_ca ca
make_cert ca server "IP:127.0.0.1,DNS:localhost"
start_collector "$work/c" server
make_kiosk "$work/k" kiosk-a 3
enrol "$work/c" "$work/k" kiosk-a
set_sync "$work/k" "https://127.0.0.1:$collector_port" \
	"ca_file = $work/pki/ca.pem"
form=$src/tests/e2e/forms/velo-sisteron.ini

sed 's/^id = velo-sisteron/id = marche-digne/; s/Le vélo à Sisteron/Le marché de Digne/' \
	"$form" >"$work/marche-digne.ini"
collector "$work/c" forms publish "$work/marche-digne.ini" >/dev/null 2>&1 ||
	fail "the collector refused a valid form"
sed 's/^version = 1/version = 2/' "$form" >"$work/velo-v2.ini"
collector "$work/c" forms publish "$work/velo-v2.ini" >/dev/null 2>&1 ||
	fail "the collector refused version 2"
printf '[form]\nid = mauvaise\nversion = 1\ntitle = Sans questions\nlevel = referendum\n' \
	>"$work/mauvaise.ini"
if collector "$work/c" forms publish "$work/mauvaise.ini" >/dev/null 2>&1; then
	echo "note: the collector published a form with errors"
fi
# plant ID FILE SHA: a published form straight into the collector's
# database, as a faulty server would hold it.
plant() {
	sqlite3 "$work/c/collect.db" "INSERT OR IGNORE INTO forms
		(id, version, sha256, source, published_at)
		VALUES ('$1', 1, '$3', readfile('$2'), '2026-11-25T12:00:00.000Z')"
}
plant mauvaise "$work/mauvaise.ini" \
	"$(sha256sum "$work/mauvaise.ini" | cut -d' ' -f1)"
sed 's/^id = velo-sisteron/id = abimee/' "$form" >"$work/abimee.ini"
plant abimee "$work/abimee.ini" "$(printf x | sha256sum | cut -d' ' -f1)"

cp "$work/k/forms/velo-sisteron.ini" "$work/local-before.ini"
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "sync exited $sync_status"
expect_in "$work/k/sync.err" "Consultation installée : Le marché de Digne"
expect_in "$work/k/sync.err" "La consultation « mauvaise » (version 1) envoyée par le serveur contient des erreurs"
expect_in "$work/k/sync.err" "mauvaise.ini:"
expect_in "$work/k/sync.err" "La consultation « abimee » (version 1) reçue ne correspond pas"
expect_in "$work/k/sync.err" "velo-sisteron.ini est un fichier local"
cmp -s "$work/marche-digne.ini" "$work/k/forms/marche-digne.ini" ||
	fail "the valid form did not arrive byte for byte"
cmp -s "$work/local-before.ini" "$work/k/forms/velo-sisteron.ini" ||
	fail "the local form was overwritten"
[ ! -e "$work/k/forms/mauvaise.ini" ] || fail "the bad form was installed"
[ ! -e "$work/k/forms/abimee.ini" ] || fail "the altered form was installed"
[ -z "$(ls -A "$work/k/forms" | grep part || true)" ] ||
	fail "a temporary file was left in the forms directory"
"$parvis" check "$work/k/forms/"*.ini >/dev/null ||
	fail "the forms directory does not check any more"

# The kiosk still starts and offers both consultations.
cat >"$work/k/look.txt" <<'SCRIPT'
expect "Le marché de Digne"
expect "Le vélo à Sisteron"
SCRIPT
PARVIS_CLOCK=2026-11-26T09:00:00Z PARVIS_SIZE=80x24 \
	PARVIS_SCRIPT=$work/k/look.txt PARVIS_DUMP_DIR=$work/k \
	"$parvis" --config "$work/k/kiosk.ini" >/dev/null ||
	fail "the kiosk does not start with the pulled forms"

# Again: the good form is not fetched twice; the bad ones stay out.
sync_kiosk "$work/k"
[ "$sync_status" = 0 ] || fail "second sync exited $sync_status"
expect_not_in "$work/k/sync.err" "Consultation installée"
fetches=$(grep -c "GET /api/v1/forms/marche-digne/1 200" "$work/c/serve.log")
[ "$fetches" = 1 ] || fail "the valid form was fetched $fetches times"
echo "ok: one form installed, two refused, the local one kept"
