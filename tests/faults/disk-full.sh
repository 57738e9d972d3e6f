#!/bin/bash
# A full disk never loses an answer.  The kiosk's database is put on a
# small tmpfs (2 MiB, mounted here: needs root, else the test is skipped
# with status 77), and:
#   1. a first participant is saved (scripted kiosk);
#   2. the disk is filled (dd until ENOSPC): a kiosk started now must
#      start, or say that the disk is full, and leave the database as it
#      was;
#   3. with the database open (as by a running kiosk) and the disk full, a
#      second scripted participant reaches the end: the save-error screen
#      ("Enregistrement impossible", a message that says the disk is full,
#      a "Réessayer" button); tapping it while the disk is still full, or
#      waiting ten minutes, keeps that screen (dumps compared with
#      tests/faults/expected/disk-full/; UPDATE_CLI=1 rewrites them);
#   4. in a real terminal (tmux, TERM=xterm-256color, keys with send-keys,
#      taps as SGR mouse sequences, every step polled with capture-pane):
#      a third participant answers, the disk fills before the last Enter,
#      the save-error screen comes; "Réessayer" tapped on a full disk keeps
#      it; the filler file is deleted, "Réessayer" tapped again: the
#      thank-you screen with a receipt code;
#   5. sqlite3: integrity_check ok, the first submission byte for byte as
#      it was, the retried one there with the receipt shown and chained on
#      the first, exactly 2 submissions.
#
# Args: PARVIS_EXE SOURCE_DIR
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: disk-full.sh mounts a tmpfs and needs root"
	exit 77
fi
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh" "$@"
EXPECTED=$SRC/tests/faults/expected

MNT=$WORK/mnt
DB=$MNT/parvis.db
SOCKET=parvis-faults-$$
HOLDER_PID=
mkdir "$MNT"

tm() {
	tmux -u -L "$SOCKET" -f /dev/null "$@"
}

# Only what this test started: its sqlite3, its tmux server and the parvis
# in it, its tmpfs.
cleanup() {
	local pid
	if [ -n "$HOLDER_PID" ] && kill -0 "$HOLDER_PID" 2>/dev/null; then
		kill -KILL "$HOLDER_PID" 2>/dev/null || true
	fi
	pid=$(cat "$WORK/parvis.pid" 2>/dev/null || true)
	tm kill-server >/dev/null 2>&1 || true
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCKET"
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || true
	fi
	if mountpoint -q "$MNT"; then
		umount "$MNT" 2>/dev/null || umount -l "$MNT" || true
	fi
	cli_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! mount -t tmpfs -o size=2m,mode=0700 tmpfs "$MNT"; then
	echo "SKIP: cannot mount a tmpfs here"
	exit 77
fi
for tool in tmux sqlite3; do
	if ! command -v "$tool" >/dev/null; then
		fail "$tool is needed (apt-get install $tool)"
		finish
	fi
done

cat >"$WORK/kiosk.ini" <<INI
[kiosk]
id       = faults-disk-01
name     = Kiosque de test
language = fr
forms    = $SRC/forms
database = $DB
communes = $SRC/data/communes.csv

[screen]
idle_seconds                 = 90
still_there_seconds          = 20
thanks_seconds               = 15
min_seconds_between_sessions = 0
INI

# fill: a filler file until the disk has no room left.
fill() {
	dd if=/dev/zero of="$MNT/filler" bs=64k 2>/dev/null || true
	dd if=/dev/zero of="$MNT/filler2" bs=512 2>/dev/null || true
	if [ "$(df --output=avail "$MNT" | tail -n 1 | tr -d ' ')" -ne 0 ]; then
		fail "the tmpfs is not full after dd"
	fi
}
unfill() {
	rm -f "$MNT/filler" "$MNT/filler2"
}

submissions() {
	sqlite3 -batch "$DB" \
	    "SELECT count(*) FROM records WHERE type = 'submission'"
}

# --- 1. a first participant, saved ---------------------------------------
if PARVIS_CLOCK=2026-11-25T09:30:00Z \
    PARVIS_SCRIPT=$DATA/journeys/bus-daily.txt PARVIS_DUMP_DIR=$WORK \
    "$PARVIS" --config "$WORK/kiosk.ini" >"$WORK/p1.out" 2>&1; then
	pass "first participant saved"
else
	status=$?
	cat "$WORK/p1.out"
	fail "the first participant's kiosk ended with status $status"
	finish
fi
sqlite3 -batch "$DB" "SELECT line FROM records WHERE seq = 1" >"$WORK/first.line"
if [ "$(submissions)" = 1 ] && [ -s "$WORK/first.line" ]; then
	pass "the database holds the first submission"
else
	fail "the database does not hold one submission"
	finish
fi
cp "$DB" "$WORK/after-first.db"

# --- 2. starting on a full disk --------------------------------------
if [ "$(ls "$MNT")" != parvis.db ]; then
	fail "files beside the closed database: $(ls "$MNT" | tr '\n' ' ')"
fi
fill
: >"$WORK/empty-script.txt"
PARVIS_SCRIPT=$WORK/empty-script.txt PARVIS_DUMP_DIR=$WORK \
    "$PARVIS" --config "$WORK/kiosk.ini" >"$WORK/start.out" 2>"$WORK/start.err" &&
    status=0 || status=$?
if [ "$status" = 0 ]; then
	pass "a kiosk starts on a full disk"
elif [ "$status" = 1 ] &&
    grep -qiE "disk (is )?full|no space|disque plein|plus de place" "$WORK/start.err"; then
	pass "a kiosk started on a full disk says so: $(cat "$WORK/start.err")"
else
	fail "a kiosk started on a full disk: status $status, '$(cat "$WORK/start.err")' (expected it to start, or status 1 and a message that says the disk is full)"
fi
if cmp -s "$DB" "$WORK/after-first.db"; then
	pass "the database is unchanged"
else
	fail "starting on a full disk changed the database"
fi
unfill

# --- 3. the disk fills while the database is open --------------------
# A kiosk that is running holds its database open: its index (-shm) and
# log (-wal) exist before the disk fills.  A sqlite3 reader holds it open
# here, so that the scripted kiosk meets the full disk when it saves.
mkfifo "$WORK/holder.fifo"
sqlite3 -batch "$DB" <"$WORK/holder.fifo" >"$WORK/holder.out" 2>&1 &
HOLDER_PID=$!
exec 7>"$WORK/holder.fifo"
echo "SELECT 'open', count(*) FROM records;" >&7
end=$((SECONDS + 15))
until grep -q '^open|1$' "$WORK/holder.out" || [ "$SECONDS" -ge "$end" ]; do
	sleep 0.05
done
grep -q '^open|1$' "$WORK/holder.out" || fail "sqlite3 did not open the database"
fill
mkdir "$WORK/dumps"
PARVIS_CLOCK=2026-11-25T09:45:00Z PARVIS_SCRIPT=$SRC/tests/faults/scripts/disk-full.txt \
    PARVIS_DUMP_DIR=$WORK/dumps "$PARVIS" --config "$WORK/kiosk.ini" \
    >"$WORK/p2.out" 2>"$WORK/p2.err" && status=0 || status=$?
if [ "$status" = 0 ]; then
	pass "the second participant's script ran to its end"
else
	fail "the second participant's kiosk ended with status $status: $(cat "$WORK/p2.err")"
fi
for dump in 02-save-error 03-retry-still-full 04-ten-minutes-later; do
	f=$WORK/dumps/$dump.txt
	if [ -f "$f" ] && grep -q "Enregistrement impossible" "$f" &&
	    grep -q "Réessayer" "$f" &&
	    grep -qiE "disk (is )?full|disque plein|plus de place" "$f"; then
		pass "$dump: the save-error screen says the disk is full, with Réessayer"
	else
		fail "$dump: not the save-error screen with a disk-full message"
	fi
done
for f in "$WORK"/dumps/*.txt; do
	compare "disk-full/$(basename "$f" .txt)" "$f" || true
done
if [ "$(submissions)" = 1 ]; then
	pass "nothing half-written on the full disk"
else
	fail "$(submissions) submissions after the failed save, expected 1"
fi
exec 7>&-
wait "$HOLDER_PID" 2>/dev/null || true
HOLDER_PID=
unfill

# --- 4. in a real terminal: the disk fills, then is freed ------------
screen_text() {
	tm capture-pane -p -t kiosk 2>/dev/null
}
show_screen() {
	echo "---- screen ----"
	screen_text
	echo "----------------"
	cat "$WORK/tmux.err" 2>/dev/null || true
}
# A failure in the terminal stops this part.
tfail() {
	fail "terminal: $*"
	show_screen
	finish
}
wait_until() {
	local end=$((SECONDS + ${2:-15}))
	while ! eval "$1"; do
		if [ "$SECONDS" -ge "$end" ]; then
			return 1
		fi
		sleep 0.05
	done
}
# (a here-string, not a pipe: under pipefail, "grep -q" stopping early
# would fail the pipe.)
on_screen() {
	grep -qF -- "$1" <<<"$(screen_text)"
}
wait_for() {
	local wanted=$1
	wait_until 'on_screen "$wanted"' ||
	    tfail "timed out waiting for \"$wanted\""
}
key() {
	tm send-keys -t kiosk "$@" || tfail "send-keys $*"
}
typing() {
	tm send-keys -t kiosk -l -- "$1" || tfail "send-keys -l $1"
}
# tap_text TEXT: a left press and release (SGR mouse) in the middle of
# TEXT where the screen shows it last (buttons sit below the text that
# may name them); columns counted in characters.
tap_text() {
	local text=$1 row=0 line prefix col=0 at=0
	while IFS= read -r line; do
		row=$((row + 1))
		if [[ "$line" == *"$text"* ]]; then
			prefix=${line%%"$text"*}
			col=$((${#prefix} + ${#text} / 2 + 1))
			at=$row
		fi
	done < <(screen_text)
	if [ "$at" = 0 ]; then
		tfail "cannot tap \"$text\": not on the screen"
	fi
	tm send-keys -t kiosk -l $'\e'"[<0;$col;${at}M"
	tm send-keys -t kiosk -l $'\e'"[<0;$col;${at}m"
}

cat >"$WORK/run-kiosk.sh" <<'EOF'
#!/bin/sh
# The pane: parvis with its pid and exit status recorded, then a shell.
d=$1
shift
sh -c 'echo $$ >"$0"; exec "$@"' "$d/parvis.pid" \
    env TERM=xterm-256color "$@" 2>>"$d/tmux.err"
echo $? >"$d/exit-status"
exec sh
EOF
chmod +x "$WORK/run-kiosk.sh"
tm new-session -d -x 80 -y 24 -s kiosk "$WORK/run-kiosk.sh" "$WORK" \
    PARVIS_CLOCK=2026-11-25T10:00:00Z "$PARVIS" --config "$WORK/kiosk.ini" ||
    tfail "cannot start tmux"
wait_until '[ -s "$WORK/parvis.pid" ]' || tfail "parvis did not start"

wait_for "Donnez votre avis"
key Enter
wait_for "Choisissez une consultation"
tap_text "Le bus à Digne-les-Bains"
wait_for "Vos réponses et votre vie privée"
key Enter
wait_for "Question 1 / 9"
key Enter
wait_for "À quelle fréquence prenez-vous le bus"
key 5
wait_for "✓ Jamais"
key Enter
wait_for "Question 3 / 7"
key 4
wait_for "✓ Le prix du ticket"
key Enter
wait_for "Classez ces améliorations"
key Enter
wait_for "Une idée, une remarque"
typing "Le disque est plein"
wait_for "Le disque est plein"
key Enter
wait_for "Dans quelle commune"
key Enter
wait_for "Quel âge avez-vous"
key 2
wait_for "✓ 18 à 29 ans"
fill
key Enter
wait_for "Enregistrement impossible"
wait_for "Réessayer"
if grep -qiE "disk (is )?full|disque (est )?plein|plus de place" <<<"$(screen_text)"; then
	pass "terminal: the save-error screen says the disk is full"
else
	fail "terminal: the save-error screen does not say the disk is full"
	show_screen
fi
# Réessayer on a disk still full: the same screen.  F2 (the language
# key) shows that the tap was handled before it.
tap_text "Réessayer"
key F2
wait_for "Saving failed"
key F2
wait_for "Enregistrement impossible"
if [ "$(submissions)" = 1 ]; then
	pass "terminal: nothing saved while the disk is full"
else
	fail "terminal: $(submissions) submissions while the disk is full"
fi
unfill
tap_text "Réessayer"
wait_for "Vos réponses sont enregistrées"
receipt=$(screen_text | sed -n 's/.*Votre code de reçu : \([0-9A-Z]\{4\}-[0-9A-Z]\{4\}\).*/\1/p')
if [ -n "$receipt" ]; then
	pass "terminal: saved after freeing space, receipt $receipt"
else
	tfail "no receipt code on the thank-you screen"
fi
kill -TERM "$(cat "$WORK/parvis.pid")"
wait_until '[ -s "$WORK/exit-status" ]' || tfail "parvis did not stop on SIGTERM"
if [ "$(cat "$WORK/exit-status")" = 0 ]; then
	pass "terminal: parvis stopped cleanly"
else
	fail "terminal: parvis exit status $(cat "$WORK/exit-status")"
fi
tm kill-server >/dev/null 2>&1 || true

# --- 5. the database ---------------------------------------------------
if [ "$(sqlite3 -batch "$DB" "PRAGMA integrity_check")" = ok ]; then
	pass "integrity_check: ok"
else
	fail "integrity_check: $(sqlite3 -batch "$DB" "PRAGMA integrity_check" | head -n 3)"
fi
sqlite3 -batch "$DB" "SELECT line FROM records WHERE seq = 1" >"$WORK/first.after"
if cmp -s "$WORK/first.line" "$WORK/first.after"; then
	pass "the first submission is intact"
else
	fail "the first submission changed"
fi
if [ "$(submissions)" = 2 ]; then
	pass "exactly 2 submissions"
else
	fail "$(submissions) submissions, expected 2"
fi
got=$(sqlite3 -batch "$DB" "SELECT json_extract(line, '$.payload.status') || ' ' ||
    json_extract(line, '$.payload.receipt') || ' ' ||
    json_extract(line, '$.payload.answers.idee')
    FROM records WHERE seq = 2")
if [ "$got" = "completed $receipt Le disque est plein" ]; then
	pass "the retried submission is there: $got"
else
	fail "record 2: '$got', expected 'completed $receipt Le disque est plein'"
fi
# Chained on the first: hash 2 = SHA-256(hash 1 + "\n" + line 2).
hash1=$(sqlite3 -batch "$DB" "SELECT hash FROM records WHERE seq = 1")
hash2=$(sqlite3 -batch "$DB" "SELECT hash FROM records WHERE seq = 2")
line2=$(sqlite3 -batch "$DB" "SELECT line FROM records WHERE seq = 2")
if [ "$(printf '%s\n%s' "$hash1" "$line2" | sha256sum | cut -d' ' -f1)" = "$hash2" ]; then
	pass "the retried submission is chained on the first"
else
	fail "the hash chain is broken between records 1 and 2"
fi

finish
