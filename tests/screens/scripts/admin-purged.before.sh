# Before tests/screens/scripts/admin-purged.txt: a market day on 17
# November (the site, two people approached and one refusal, the council
# closed on this kiosk, one participant), acknowledged by the collector,
# then `parvis purge` eight days later, as the sync timer runs it.
parvis=$1
work=$2
cat >"$work/day1.txt" <<'STEPS'
key F10
type "4827"
tap "Valider"
tap "Site : aucun pour l’instant"
tap "Marché de Digne-les-Bains"
key 2
key 2
key 3
key 4
key 2
tap "Retour"
tap "Retour au kiosque"
tap "Commencer"
tap "Le bus à Digne-les-Bains"
key Enter
key Enter
key 5
key Enter
tap "Passer"
tap "Passer"
tap "Passer"
tap "Passer"
tap "Passer"
expect "Vos réponses sont enregistrées"
key Enter
STEPS
mkdir -p "$work/day1"
PARVIS_CLOCK=2026-11-17T09:30:00Z PARVIS_SIZE=80x24 \
	PARVIS_SCRIPT=$work/day1.txt PARVIS_DUMP_DIR=$work/day1 \
	"$parvis" --config "$work/kiosk.ini" >/dev/null
sqlite3 "$work/parvis.db" \
	"UPDATE sync_state SET acked_through = (SELECT max(seq) FROM records),
	acked_at = '2026-11-17T18:00:00.000Z'"
PARVIS_CLOCK=2026-11-25T08:00:00Z LANGUAGE=en \
	"$parvis" --config "$work/kiosk.ini" purge >"$work/purge.txt"
