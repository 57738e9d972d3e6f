#!/bin/bash
# kill -9 at random moments (DESIGN.md 5: "after a power cut a submission
# is entirely there or not at all, and 'enregistré' is shown only after
# COMMIT returned").
#
# Scripted participants (PARVIS_SCRIPT, a fixed clock moved with `advance`
# steps, so nothing really waits) go through the three shipped forms again
# and again: complete journeys of six kinds, a session abandoned and kept
# (partial = keep), one abandoned and dropped (partial = drop).  The kiosk
# writes a trace line at the moments of its life that matter (PARVIS_TRACE:
# "start", "store-opening", "store-ready", and "saved RECEIPT SEQ UUID"
# after each COMMIT that returned); killer.c runs it and sends SIGKILL
# relative to those lines, so that the same moments are hit on a fast
# machine, a loaded one or under ASan.  First, kiosks are killed during
# their very first start, before their database file exists and while its
# schema is being written, and must start again and work.  Then a kiosk is
# killed after its K-th saved record (within 2 ms of the COMMIT, or later
# in the next participant's journey), restarted on the same database, and
# killed again, KILLS times.  The test counts how many kills hit each
# phase and fails if one was missed.  Then:
#   - every run ended by our SIGKILL or by the end of its script, never by
#     an error (a database refused at start, a script step that failed);
#   - every traced receipt is in the database, with its seq and uuid;
#   - every submission is whole: its line is JSON, has every field of its
#     kind, and its answers are exactly those of one scripted journey;
#   - PRAGMA integrity_check is ok, foreign keys hold;
#   - the hash chain verifies (recomputed here with sha256sum), seq is
#     1..N without a gap, and each line's uuid, seq and type match their
#     columns.
#
# Args: PARVIS_EXE KILLER_EXE SOURCE_DIR [KILLS (default 200)] [SEED]
# The seed is printed: `crash.sh PARVIS KILLER SRC KILLS SEED` replays the
# same choices of moments.
# KEEP_TMP=1 keeps the temporary directory.
set -u

if [ $# -lt 3 ]; then
	echo "usage: $0 PARVIS_EXE KILLER_EXE SOURCE_DIR [KILLS] [SEED]" >&2
	exit 2
fi
for tool in sqlite3 sha256sum; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "$tool is not installed: test skipped" >&2
		exit 77
	fi
done
PARVIS=$(realpath "$1")
KILLER=$(realpath "$2")
SRC=$(realpath "$3")
KILLS=${4:-200}
SEED=${5:-$(((RANDOM << 15 | RANDOM) % 1000000))}
export LC_ALL=C.UTF-8

T=$(mktemp -d "${TMPDIR:-/tmp}/parvis-crash.XXXXXX")
child=""
cleanup() {
	if [ -n "$child" ]; then
		kill -KILL "$child" 2>/dev/null
		wait "$child" 2>/dev/null
	fi
	if [ -n "${KEEP_TMP:-}" ]; then
		echo "kept $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FAILED=0
fail() {
	echo "FAIL: $*"
	FAILED=$((FAILED + 1))
}

# ---- the private configuration
pin=$(awk '/^\[/ { s = $0 } s == "[admin]" && /^pin[ \t]*=/' "$SRC/kiosk.ini")
cat >"$T/kiosk.ini" <<EOF
[kiosk]
id        = crash-test-01
name      = Kiosque de test (crash)
language  = fr
languages = fr, en
forms     = $SRC/forms
database  = $T/parvis.db
communes  = $SRC/data/communes.csv

[screen]
idle_seconds                 = 90
still_there_seconds          = 20
thanks_seconds               = 15
min_seconds_between_sessions = 0

[admin]
$pin
EOF

# ---- the participants' script
# Each journey starts and ends on the attract screen, so a restarted kiosk
# can replay the script from its first line.  `expect` lines keep the
# script honest: if a screen is not the one expected, the run fails.
start_form() {	# DIGIT on the choice screen
	cat <<EOF
expect "Donnez votre avis"
key Enter
expect "Choisissez une consultation"
key $1
expect "Vos réponses et votre vie privée"
key Enter
advance 2s
EOF
}
end_journey() {
	cat <<'EOF'
key Enter
expect "Vos réponses sont enregistrées"
advance 4s
key Enter
expect "Donnez votre avis"
EOF
}

# The answers each complete journey gives, as SQLite's json() writes them,
# one "FORM<TAB>STATUS<TAB>ANSWERS" line each; checked after the kills.
cat >"$T/variants.tsv" <<'EOF'
transport-dignois	completed	{"frequence":"jamais","freins":["prix","voiture"],"priorites":["plus-souvent"],"idee":"Un abri à l'arrêt de la gare","commune":"04070","age":"30-44"}
transport-dignois	completed	{"frequence":"quotidien","trajets":10,"motifs":["travail","car-train"],"satisfaction":9,"priorites":["plus-souvent","plus-tard","quartiers"],"age":"18-29"}
concertation-sur-la-concertation	completed	{"a-quoi-ca-sert":["avis","construire"],"sans-echanges":"confiance","ecoute":2,"ecoute-manque":"Des réunions le soir","ou":["marche"],"quand":"samedi","commune":"04209","age":"60-74"}
conseil-citoyen	completed	{"participer":"conseil","rythme":"trimestre","sujets":["deplacements","environnement"],"conditions":["distance"],"utilite":4,"citation":"oui","message":"Écouter les jeunes","age":"75-plus"}
conseil-citoyen	completed	{"participer":"non","freins":["temps","other"],"sujets":["sante"],"citation":"non","commune":"04070"}
transport-dignois	completed	{"frequence":"mensuel","motifs":["sante"],"freins":["soir"],"priorites":["abris"],"idee":"ça ira mieux","age":"45-59"}
transport-dignois	abandoned	{"frequence":"hebdo","trajets":3}
EOF

journey_bus_never() {
	start_form 3
	cat <<'EOF'
expect "Question 1 / 9"
key Enter
advance 3s
key 5
key Enter
expect "Question 3 / 7"
key 4
key 7
key Enter
advance 4s
tap "Des bus plus souvent"
key Enter
type "Un abri à l'arrêt de la gare"
advance 10s
key Enter
type "dig"
tap "Digne-les-Bains"
key Enter
key 3
EOF
	end_journey
}
journey_bus_daily() {
	start_form 3
	cat <<'EOF'
key Enter
key 1
key Enter
type "10"
key Enter
key 1
key 6
key Enter
advance 5s
key 9
key Enter
key 1
key 2
key 3
key Enter
expect "Une idée, une remarque"
key Enter
key Enter
key 2
EOF
	end_journey
}
journey_concertation() {
	start_form 1
	cat <<'EOF'
key Enter
key 2
key 6
key Enter
key 3
key Enter
key 2
key Enter
expect "Qu’est-ce qui manque pour que les habitants"
type "Des réunions le soir"
key Enter
key Enter
key 1
key Enter
key 3
advance 7s
key Enter
type "sis"
tap "Sisteron"
key Enter
key 5
EOF
	end_journey
}
journey_council_yes() {
	start_form 2
	cat <<'EOF'
key Enter
key 1
key Enter
key 2
key Enter
key 1
key 4
key Enter
key 7
key Enter
key 4
key Enter
key 1
key Enter
expect "Votre message pour le futur conseil citoyen"
type "Écouter les jeunes"
key Enter
key Enter
key 6
EOF
	end_journey
}
journey_council_no() {
	start_form 2
	cat <<'EOF'
key Enter
key 4
key Enter
expect "Qu’est-ce qui vous retient"
key 1
tap "Autre…"
type "Mes horaires de nuit"
tap "Valider"
key Enter
key 6
key Enter
key Enter
key Enter
key 2
key Enter
type "dig"
tap "Digne-les-Bains"
key Enter
EOF
	end_journey
}
journey_bus_monthly() {
	start_form 3
	cat <<'EOF'
key Enter
key 3
key Enter
key 3
key Enter
key 2
key Enter
key Enter
tap "Des arrêts abrités, avec banc"
key Enter
type "ça ira mieuxx"
key Backspace
key Enter
key Enter
key 4
EOF
	end_journey
}
# Abandoned after the inactivity countdown: kept (partial = keep).
journey_bus_abandoned() {
	start_form 3
	cat <<'EOF'
key Enter
key 2
key Enter
type "3"
advance 91s
expect "Vous êtes toujours là"
advance 21s
expect "Donnez votre avis"
EOF
}
# Abandoned: dropped (partial = drop), nothing is written.
journey_council_abandoned() {
	start_form 2
	cat <<'EOF'
key Enter
key 3
advance 91s
expect "Vous êtes toujours là"
advance 21s
expect "Donnez votre avis"
EOF
}

{
	echo "# one participant, for the restarts after a kill at creation"
	journey_bus_never
	echo 'expect "Donnez votre avis"'
} >"$T/one-journey.txt"
{
	echo "# generated by crash.sh: participants one after the other"
	for ((i = 0; i < 40; i++)); do
		journey_bus_never
		journey_bus_daily
		journey_concertation
		journey_council_yes
		journey_bus_abandoned
		journey_council_no
		journey_bus_monthly
		journey_council_abandoned
	done
} >"$T/script.txt"

RANDOM=$SEED
echo "crash: $KILLS kills, seed $SEED (replay: $0 PARVIS KILLER SRC $KILLS $SEED)"

# ---- first, kills while a new database is being created
# A kiosk killed during its very first start must start again on what is
# left, and work.  The kills follow the kiosk's life, not a fixed delay:
# at a random part of the time it takes from its start to its
# "store-opening" trace line (start-up: no file yet), or of the time from
# that line to "store-ready" (the file being created and its schema
# written), both measured here, on this machine, now.  Each kill is then
# classed by what it hit: no file yet, a database being created
# ("store-ready" not reached), or after; runs go on until each of the
# first two has been hit often enough.
sed 's|^database .*|database  = '"$T"'/fresh.db|' "$T/kiosk.ini" >"$T/fresh.ini"
echo 'expect "Donnez votre avis"' >"$T/no-journey.txt"
export PARVIS_CLOCK=2026-11-25T08:00:00Z PARVIS_DUMP_DIR=$T
first_start() {	# SCRIPT KILLER-OPTIONS... : a kiosk on a new fresh.db
	rm -f "$T"/fresh.db*
	PARVIS_SCRIPT=$1 "$KILLER" "${@:2}" -- "$PARVIS" \
	    --config "$T/fresh.ini" >"$T/times" 2>"$T/stderr"
}
# The phases' lengths (µs), the shortest of three unkilled first starts
# (the first one of all also pays for a cold cache).
win_start=999999999 win_schema=999999999
for ((i = 0; i < 3; i++)); do
	first_start "$T/no-journey.txt" ||
	    fail "a first start ended with status $?: $(head -3 "$T/stderr")"
	read -r a b < <(awk '$2 == "store-opening" { o = $1 }
	    $2 == "store-ready" { r = $1 } END { print o, r - o }' "$T/times")
	((a < win_start)) && win_start=$a
	((b < win_schema)) && win_schema=$b
done
echo "crash: a first start here: $win_start µs before the database," \
    "$win_schema µs to create it"
want_nofile=5 want_schema=10
fresh=0 fresh_nofile=0 fresh_schema=0 fresh_after=0
while ((fresh < 20 || fresh_nofile < want_nofile ||
    fresh_schema < want_schema)) && ((fresh < 300)) && ((FAILED == 0)); do
	fresh=$((fresh + 1))
	r=$(((RANDOM << 15 | RANDOM) % 1000000))
	if ((fresh % 3 == 0)); then
		first_start "$T/no-journey.txt" -s $((r % (win_start + 1)))
	else
		first_start "$T/no-journey.txt" -m store-opening -n 1 \
		    -u $((r % (win_schema + 1)))
	fi
	status=$?
	if [ "$status" -ne 137 ] && [ "$status" -ne 0 ]; then
		fail "fresh database $fresh: status $status"
		sed 's/^/    /' "$T/stderr" | head -20
		break
	fi
	if grep -q ' store-ready$' "$T/times"; then
		fresh_after=$((fresh_after + 1))
	elif [ -e "$T/fresh.db" ]; then
		fresh_schema=$((fresh_schema + 1))
	else
		fresh_nofile=$((fresh_nofile + 1))
	fi
	PARVIS_SCRIPT=$T/one-journey.txt "$PARVIS" --config "$T/fresh.ini" \
	    >/dev/null 2>"$T/stderr"
	status=$?
	ic=$(sqlite3 -readonly -batch "$T/fresh.db" "PRAGMA integrity_check;" 2>&1)
	n=$(sqlite3 -readonly -batch "$T/fresh.db" "SELECT count(*) FROM records;" 2>&1)
	if [ "$status" -ne 0 ] || [ "$ic" != ok ] || [ "$n" != 1 ]; then
		fail "fresh database $fresh: the next start ended with status" \
		    "$status, integrity_check: $ic, records: $n"
		sed 's/^/    /' "$T/stderr" | head -20
		break
	fi
done
echo "crash: $fresh kills at the first start: $fresh_nofile before the" \
    "database file existed, $fresh_schema while it was being created," \
    "$fresh_after after; each restarted and took a participant"
if ((fresh_nofile < want_nofile || fresh_schema < want_schema)); then
	fail "too few kills in a phase of the first start (wanted" \
	    "$want_nofile before the file, $want_schema during its creation)"
fi
unset PARVIS_CLOCK

# ---- the kills
# Each run is killed after its K-th saved record (a "saved" or "abandoned"
# trace line, written once COMMIT returned): half of them within 2 ms of
# that COMMIT (the thank-you screen, the next participant's first
# screens), half at a random part of the time the last participant took,
# so anywhere in the next one's journey, its COMMIT included.
base=$(date -u -d 2026-11-25T08:00:00Z +%s)
kills=0 runs=0 ended=0 near=0 within=0
started=$SECONDS
while [ "$kills" -lt "$KILLS" ]; do
	runs=$((runs + 1))
	# Each run starts one minute later on the kiosk's clock.
	clock=$(date -u -d "@$((base + runs * 60))" +%Y-%m-%dT%H:%M:%SZ)
	if ((RANDOM % 2)); then
		k=$((1 + RANDOM % 3)) how=near
		after=(-u $((RANDOM % 2000)))
	else
		k=$((2 + RANDOM % 2)) how=within
		after=(-g "0.$(printf '%04d' $((RANDOM % 10000)))")
	fi
	PARVIS_SCRIPT=$T/script.txt PARVIS_CLOCK=$clock PARVIS_DUMP_DIR=$T \
	    "$KILLER" -t "$T/trace" -m 'saved|abandoned' -n "$k" "${after[@]}" \
	    -- "$PARVIS" --config "$T/kiosk.ini" >"$T/times" 2>"$T/stderr"
	status=$?
	saved=$(grep -cE ' (saved|abandoned) ' "$T/times")
	if [ "$status" -eq 137 ] && [ "$saved" -ge "$k" ]; then
		kills=$((kills + 1))
		[ "$how" = near ] && near=$((near + 1))
		[ "$how" = within ] && within=$((within + 1))
	elif [ "$status" -eq 0 ]; then
		ended=$((ended + 1))	# the whole script ran before the kill
	else
		fail "run $runs (after record $k, $how) ended with status" \
		    "$status, $saved record(s) traced:"
		sed 's/^/    /' "$T/stderr" | head -40
		break
	fi
done
echo "crash: $runs runs, $kills killed ($near within 2 ms of a COMMIT," \
    "$within in the next participant's journey), $ended ran to the end" \
    "of the script, $((SECONDS - started)) s"
if ((near < KILLS / 4 || within < KILLS / 4)); then
	fail "too few kills of a kind: $near near a COMMIT, $within later"
fi

# ---- the checks
DB=$T/parvis.db
[ -f "$DB" ] || { fail "no database"; exit 1; }

# One read-only session; the trace and the expected answers go into temp
# tables (temp is writable even when the database is opened read-only).
trace_sql() {
	awk '
	/^(start|store-opening|store-ready)$/ { next }
	/^(saved|abandoned) [A-Z0-9-]+ [0-9]+ [0-9a-f-]+$/ {
		printf "INSERT INTO trace VALUES (%d, '\''%s'\'', '\''%s'\'', %s, '\''%s'\'');\n", NR, $1, $2, $3, $4
		next
	}
	{ printf "INSERT INTO torn VALUES (%d);\n", NR }
	' "$T/trace" 2>/dev/null
}
variants_sql() {
	awk -F '\t' '{
		gsub(/'\''/, "'\'''\''", $3)
		printf "INSERT INTO variant VALUES ('\''%s'\'', '\''%s'\'', json('\''%s'\''));\n", $1, $2, $3
	}' "$T/variants.tsv"
}
q() {
	{
		echo "CREATE TEMP TABLE trace (n, kind, receipt, seq, uuid);"
		echo "CREATE TEMP TABLE torn (n);"
		echo "CREATE TEMP TABLE variant (form, status, answers);"
		echo "BEGIN;"
		trace_sql
		variants_sql
		echo "COMMIT;"
		echo "$1"
	} | sqlite3 -readonly -batch "$DB"
}

traced=$(q "SELECT count(*) FROM trace WHERE kind = 'saved';")
traced_ab=$(q "SELECT count(*) FROM trace WHERE kind = 'abandoned';")
torn=$(q "SELECT count(*) FROM torn;")
records=$(q "SELECT count(*) FROM records;")
completed=$(q "SELECT count(*) FROM records WHERE type = 'submission' AND json_extract(line, '\$.payload.status') = 'completed';")
abandoned=$(q "SELECT count(*) FROM records WHERE type = 'submission' AND json_extract(line, '\$.payload.status') = 'abandoned';")
echo "crash: $records records: $completed completed, $abandoned abandoned;" \
    "trace: $traced saved, $traced_ab abandoned"
if [ "$torn" -gt 0 ]; then
	echo "note: $torn torn trace line(s) (a kill inside the trace write) ignored"
fi
[ "$traced" -gt 0 ] || fail "no submission was ever traced as saved: the kills came too early?"

# 1. Every traced receipt is in the database, under its seq and uuid.
missing=$(q "SELECT t.kind || ' ' || t.receipt || ' ' || t.seq || ' ' || t.uuid
  FROM trace t LEFT JOIN records r ON r.uuid = t.uuid
  WHERE r.uuid IS NULL OR r.seq != t.seq
     OR json_extract(r.line, '\$.payload.receipt') IS NOT t.receipt
     OR json_extract(r.line, '\$.payload.status') IS NOT
        (CASE t.kind WHEN 'saved' THEN 'completed' ELSE 'abandoned' END)
  ORDER BY t.n;")
if [ -n "$missing" ]; then
	fail "traced but not (or not so) in the database:"
	echo "$missing" | head -20 | sed 's/^/    /'
else
	echo "ok: every traced receipt ($traced saved, $traced_ab abandoned) is in the database"
fi

# 2. Whole submissions only.
failed_before=$FAILED
bad=$(q "SELECT seq FROM records WHERE type != 'submission'
  OR NOT json_valid(line) ORDER BY seq LIMIT 20;")
[ -z "$bad" ] || fail "records that are not submissions or not JSON: $bad"
bad=$(q "SELECT r.seq FROM records r
  WHERE json_extract(line, '\$.uuid') IS NOT r.uuid
     OR json_extract(line, '\$.seq') IS NOT r.seq
     OR json_extract(line, '\$.type') IS NOT r.type
     OR json_extract(line, '\$.created_at') IS NOT r.created_at
     OR json_extract(line, '\$.kiosk') IS NOT 'crash-test-01'
     OR json_extract(line, '\$.mode') IS NOT 'self'
     OR json_type(line, '\$.site') IS NOT 'null'
     OR json_type(line, '\$.payload') IS NOT 'object'
     OR r.created_at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'
  ORDER BY r.seq LIMIT 20;")
[ -z "$bad" ] || fail "records whose line disagrees with their columns: $bad"
bad=$(q "SELECT r.seq FROM records r
  WHERE json_extract(line, '\$.payload.form') IS NOT r.form_id
     OR json_extract(line, '\$.payload.version') IS NOT r.form_version
     OR json_extract(line, '\$.payload.form_hash') IS NOT r.form_hash
     OR length(r.form_hash) != 64
     OR json_extract(line, '\$.payload.status') NOT IN ('completed', 'abandoned')
     OR json_extract(line, '\$.payload.lang') IS NOT 'fr'
     OR json_extract(line, '\$.payload.receipt') NOT GLOB '*[A-Z0-9]*'
     OR json_type(line, '\$.payload.started_at') IS NOT 'text'
     OR json_type(line, '\$.payload.duration_s') IS NOT 'integer'
     OR json_type(line, '\$.payload.answers') IS NOT 'object'
     OR json_type(line, '\$.payload.other') IS NOT 'object'
     OR (json_extract(line, '\$.payload.status') = 'completed')
        != (json_type(line, '\$.payload.last_question') IS NULL)
  ORDER BY r.seq LIMIT 20;")
[ -z "$bad" ] || fail "submissions missing a field of a whole one: $bad"
bad=$(q "SELECT r.seq || ' ' || r.form_id || ' ' ||
    json_extract(line, '\$.payload.status') || ' ' ||
    json_extract(line, '\$.payload.answers')
  FROM records r WHERE NOT EXISTS (SELECT 1 FROM variant v
    WHERE v.form = r.form_id
      AND v.status = json_extract(r.line, '\$.payload.status')
      AND v.answers = json_extract(r.line, '\$.payload.answers'))
  ORDER BY r.seq LIMIT 20;")
if [ -n "$bad" ]; then
	fail "submissions whose answers are not those of a scripted journey:"
	echo "$bad" | sed 's/^/    /'
fi
bad=$(q "SELECT seq FROM records
  WHERE json_extract(line, '\$.payload.status') = 'abandoned'
    AND json_extract(line, '\$.payload.last_question') IS NOT 'trajets'
  UNION ALL
  SELECT seq FROM records WHERE form_id = 'conseil-citoyen'
    AND json_extract(line, '\$.payload.status') = 'abandoned' LIMIT 20;")
[ -z "$bad" ] || fail "abandoned submissions not as scripted: $bad"
bad=$(q "SELECT json_extract(line, '\$.payload.receipt') FROM records
  GROUP BY 1 HAVING count(*) > 1 LIMIT 5;")
[ -z "$bad" ] || fail "receipts used twice: $bad"
[ "$FAILED" -eq "$failed_before" ] &&
    echo "ok: every submission is whole and as scripted"

# 3. The file itself.
ic=$(sqlite3 -readonly -batch "$DB" "PRAGMA integrity_check;")
[ "$ic" = ok ] || fail "integrity_check: $ic"
fk=$(sqlite3 -readonly -batch "$DB" "PRAGMA foreign_key_check;")
[ -z "$fk" ] || fail "foreign_key_check: $fk"
[ "$ic" = ok ] && [ -z "$fk" ] && echo "ok: integrity_check, foreign keys"

# 4. seq is 1..N without a gap, and the hash chain verifies.
span=$(q "SELECT count(*) || ' ' || ifnull(min(seq), 0) || ' ' || ifnull(max(seq), 0) FROM records;")
read -r n lo hi <<<"$span"
if [ "$n" -gt 0 ] && { [ "$lo" -ne 1 ] || [ "$hi" -ne "$n" ]; }; then
	fail "seq is not 1..$n: min $lo, max $hi"
fi
# A canonical line is JSON without raw control characters: no tab, no
# newline, so "seq TAB hash TAB line" rows split safely.
prev=0000000000000000000000000000000000000000000000000000000000000000
expected_seq=1
broken=""
while IFS=$'\t' read -r seq hash line; do
	if [ "$seq" -ne "$expected_seq" ]; then
		broken="seq $seq where $expected_seq was expected"
		break
	fi
	sum=$(printf '%s\n%s' "$prev" "$line" | sha256sum)
	sum=${sum%% *}
	if [ "$sum" != "$hash" ]; then
		broken="record $seq: stored hash $hash, recomputed $sum"
		break
	fi
	prev=$hash
	expected_seq=$((expected_seq + 1))
done < <(sqlite3 -readonly -batch -separator $'\t' "$DB" \
    "SELECT seq, hash, line FROM records ORDER BY seq;")
if [ -n "$broken" ]; then
	fail "hash chain broken: $broken"
elif [ $((expected_seq - 1)) -ne "$n" ]; then
	fail "hash chain: $((expected_seq - 1)) records read, $n expected"
else
	echo "ok: seq 1..$n without a gap, hash chain verified over $n records"
fi

if [ "$FAILED" -gt 0 ]; then
	echo "crash: $FAILED check(s) failed (seed $SEED)"
	KEEP_TMP=${KEEP_TMP:-1}
	exit 1
fi
echo "crash: PASS"
