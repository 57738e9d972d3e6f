# Shared helpers for the black-box tests in a real terminal (STYLE.md,
# "Tests: four layers", layer 4): the real parvis runs in a private tmux
# server at 80x24 with TERM=xterm-256color; keys go in with send-keys, taps
# as SGR mouse sequences, and every step waits (by polling capture-pane)
# for the screen it expects, never for a fixed time.
#
# A test script does:
#   . "$(dirname "$0")/lib.sh" "$@"      # args: PARVIS_EXE SOURCE_DIR
#   make_config                          # private kiosk.ini, db in $TMPD
#   start PARVIS_CLOCK=2026-11-25T10:00:00Z
#   wait_for "Commencer"; key Enter; tap_text "Le bus à Digne-les-Bains"
#   ...; stop
#   db "SELECT ..."                      # sqlite3 on the private database
#   finish                               # exit status of the test
#
# check_bug "what" CONDITION... records a failed expectation that points at
# a bug of the program (the test carries on, then fails at finish); fail
# stops the test at once.  KEEP_TMP=1 keeps the temporary directory.

set -u

if [ $# -lt 2 ]; then
	echo "usage: $0 PARVIS_EXE SOURCE_DIR" >&2
	exit 2
fi
for tool in tmux sqlite3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "$tool is not installed: test skipped" >&2
		exit 77
	fi
done
PARVIS=$(realpath "$1")
SRC=$(realpath "$2")
export LC_ALL=C.UTF-8
unset TMUX TMUX_PANE

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/parvis-terminal.XXXXXX")
SOCKET=test$$
TEST_NAME=$(basename "$0" .sh)
BUGS=0
WAIT_TIMEOUT=${WAIT_TIMEOUT:-15}

log() {
	printf '[%s] %s\n' "$TEST_NAME" "$*"
}

tm() {
	tmux -u -L "$SOCKET" -f /dev/null "$@"
}

# The pid of the running parvis (written by the pane's wrapper), or "".
parvis_pid() {
	cat "$TMPD/parvis.pid" 2>/dev/null || true
}

cleanup() {
	local pid
	pid=$(parvis_pid)
	tm kill-server >/dev/null 2>&1 || true
	# Killing the server hangs up the pane: parvis and the pane's wrapper
	# end (and may still write their files); make sure our parvis is gone.
	if [ -n "$pid" ] && ! wait_until '! kill -0 "$pid" 2>/dev/null' 5; then
		kill -KILL "$pid" 2>/dev/null || true
	fi
	if [ -n "${KEEP_TMP:-}" ]; then
		log "kept $TMPD"
	else
		wait_until 'rm -rf "$TMPD" 2>/dev/null' 5 || rm -rf "$TMPD"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The screen as text, one line per row (trailing spaces removed).
screen() {
	tm capture-pane -p -t kiosk 2>/dev/null
}

# The screen once two captures in a row agree (not caught mid-redraw).
stable_screen() {
	local a b end=$((SECONDS + WAIT_TIMEOUT))
	a=$(screen)
	while :; do
		sleep 0.05
		b=$(screen)
		if [ "$a" = "$b" ] || [ "$SECONDS" -ge "$end" ]; then
			printf '%s\n' "$b"
			return 0
		fi
		a=$b
	done
}

show_screen() {
	echo "---- screen ----"
	screen
	echo "----------------"
	if [ -s "$TMPD/stderr" ]; then
		echo "---- parvis stderr ----"
		cat "$TMPD/stderr"
		echo "-----------------------"
	fi
}

fail() {
	log "FAIL: $*"
	show_screen
	exit 1
}

# check_bug "description" CMD...: runs CMD; if it fails, reports a bug of
# the program, marked so it stands out, and makes the test fail at the end.
check_bug() {
	local what=$1
	shift
	if "$@"; then
		log "ok: $what"
	else
		BUGS=$((BUGS + 1))
		log "FAIL (PROGRAM BUG): $what"
		if parvis_alive; then
			show_screen
		fi
	fi
}

finish() {
	# Nothing may reach the public's screen but the kiosk's own drawing.
	if [ -s "$TMPD/stderr" ]; then
		BUGS=$((BUGS + 1))
		log "FAIL (PROGRAM BUG): parvis wrote to its terminal's stderr:"
		sed 's/^/    /' "$TMPD/stderr"
	fi
	if [ "$BUGS" -gt 0 ]; then
		log "$BUGS check(s) failed on program bugs (see above)"
		exit 1
	fi
	log "PASS"
	exit 0
}

# make_config [KEY=VALUE in [screen]...]: $TMPD/kiosk.ini with the source
# tree's forms and communes, the database in $TMPD, no pause between
# sessions, and the demo admin PIN (4827) of the repository's kiosk.ini.
make_config() {
	local pin
	pin=$(awk '/^\[/ { s = $0 } s == "[admin]" && /^pin[ \t]*=/' \
	    "$SRC/kiosk.ini")
	[ -n "$pin" ] || fail "no [admin] pin in $SRC/kiosk.ini"
	{
		echo "[kiosk]"
		echo "id        = terminal-test-01"
		echo "name      = Kiosque de test"
		echo "language  = fr"
		echo "languages = fr, en"
		echo "forms     = $SRC/forms"
		echo "database  = $TMPD/parvis.db"
		echo "communes  = $SRC/data/communes.csv"
		echo
		echo "[screen]"
		echo "idle_seconds                 = 90"
		echo "still_there_seconds          = 20"
		echo "thanks_seconds               = 15"
		echo "min_seconds_between_sessions = 0"
		echo
		echo "[admin]"
		echo "$pin"
	} >"$TMPD/kiosk.ini"
}

# start [VAR=VALUE...]: runs parvis in a new private tmux server at 80x24.
# The pane runs a small wrapper: it records the terminal modes, runs parvis
# (its pid in $TMPD/parvis.pid, its stderr in $TMPD/stderr), prints
# "parvis-exit-status=N", records the modes again and leaves a shell.
start() {
	cat >"$TMPD/run.sh" <<'EOF'
#!/bin/sh
d=$1
shift
stty -g >"$d/stty.before"
sh -c 'echo $$ >"$0"; exec "$@"' "$d/parvis.pid" \
    env TERM=xterm-256color "$@" 2>>"$d/stderr"
status=$?
echo "$status" >"$d/exit-status"
stty -g >"$d/stty.after"
echo "parvis-exit-status=$status"
PS1='shell$ ' exec sh -i
EOF
	chmod +x "$TMPD/run.sh"
	rm -f "$TMPD/parvis.pid" "$TMPD/exit-status"
	tm new-session -d -x 80 -y 24 -s kiosk \
	    "$TMPD/run.sh" "$TMPD" "$@" "$PARVIS" --config "$TMPD/kiosk.ini" ||
	    fail "cannot start tmux"
	wait_until '[ -s "$TMPD/parvis.pid" ]' || fail "parvis did not start"
	log "parvis started, pid $(parvis_pid)"
}

# wait_until 'SHELL CONDITION' [TIMEOUT]: polls until it holds.
wait_until() {
	local cond=$1 timeout=${2:-$WAIT_TIMEOUT}
	local end=$((SECONDS + timeout))

	while ! eval "$cond"; do
		if [ "$SECONDS" -ge "$end" ]; then
			return 1
		fi
		sleep 0.05
	done
	return 0
}

# (a here-string, not a pipe: under pipefail, "grep -q" stopping early
# would fail the pipe.)
on_screen() {
	grep -qF -- "$1" <<<"$(screen)"
}

# wait_for TEXT [TIMEOUT]: until the screen shows TEXT, or the test fails.
wait_for() {
	local text=$1
	wait_until 'on_screen "$text"' "${2:-$WAIT_TIMEOUT}" ||
	    fail "timed out waiting for \"$text\""
}

# wait_gone TEXT [TIMEOUT]: until the screen no longer shows TEXT.
wait_gone() {
	local text=$1
	wait_until '! on_screen "$text"' "${2:-$WAIT_TIMEOUT}" ||
	    fail "timed out waiting for \"$text\" to go away"
}

# key KEY...: tmux key names (Enter, BSpace, C-c, F10, NPage ...).
key() {
	tm send-keys -t kiosk "$@" || fail "send-keys $*"
}

# typing TEXT: text as typed on a physical keyboard (UTF-8 as it is).
typing() {
	tm send-keys -t kiosk -l -- "$1" || fail "send-keys -l $1"
}

# tap_at COL ROW (1-based): a left press and release, as SGR mouse
# sequences, like a touchscreen under a terminal does.  Like a finger, the
# release comes once the press has been handled (the screen changed), or
# after 2 s for a tap that changes nothing: when both reach parvis in one
# read, ncurses reports a single BUTTON1_RELEASED event and parvis, which
# acts on BUTTON1_PRESSED, loses the tap (see tap_together and the check
# in journey-taps.sh).
tap_at() {
	local before
	before=$(screen)
	tm send-keys -t kiosk -l $'\e'"[<0;$1;$2M" || fail "tap $1 $2"
	wait_until '[ "$(screen)" != "$before" ]' 2 || true
	tm send-keys -t kiosk -l $'\e'"[<0;$1;$2m" || fail "tap $1 $2"
}

# tap_together TEXT: a tap whose press and release arrive in one write, as
# a quick tap over SSH or from a busy terminal does.
tap_together() {
	local pos col row
	pos=$(find_text "$1") || fail "cannot tap \"$1\": not on the screen"
	col=${pos% *}
	row=${pos#* }
	tm send-keys -t kiosk -l $'\e'"[<0;$col;${row}M"$'\e'"[<0;$col;${row}m" ||
	    fail "tap $col $row"
}

# find_text TEXT [N]: "COL ROW" (1-based) of the middle of the Nth (default
# 1st) occurrence of TEXT on the screen, rows from the top; fails if absent.
# The header row (row 1: form title, progress) holds no button and is
# skipped, so "Digne-les-Bains" finds the commune, not the title.
# Columns are counted in characters: every character parvis draws in a
# French interface is one column wide.
find_text() {
	local text=$1 want=${2:-1}
	local row=0 seen=0 line rest prefix col

	while IFS= read -r line; do
		row=$((row + 1))
		[ "$row" -gt 1 ] || continue
		rest=$line
		col=0
		while [[ "$rest" == *"$text"* ]]; do
			prefix=${rest%%"$text"*}
			seen=$((seen + 1))
			if [ "$seen" -eq "$want" ]; then
				echo "$((col + ${#prefix} + ${#text} / 2 + 1)) $row"
				return 0
			fi
			col=$((col + ${#prefix} + ${#text}))
			rest=${rest:$((${#prefix} + ${#text}))}
		done
	done < <(screen)
	return 1
}

# tap_text TEXT [N]: taps the middle of TEXT where it is on the screen.
# It waits for TEXT to be there: a capture taken while parvis redraws
# (after the tap before) may lack it for a moment.
tap_text() {
	local text=$1 nth=${2:-1} pos
	wait_until 'pos=$(find_text "$text" "$nth")' ||
	    fail "cannot tap \"$text\": not on the screen"
	# shellcheck disable=SC2086
	tap_at $pos
}

# tap_key K: taps key K of an on-screen keyboard (drawn as "│ K │").
tap_key() {
	tap_text "│ $1 │"
}

# The text typed so far, as the entry field shows it (with its cursor).
field_shows() {
	on_screen "│ $1▏"
}

# tap_word WORD: types WORD on the on-screen keyboard, one tap per letter,
# waiting after each tap until the field shows the letters typed so far.
tap_word() {
	local word=$1 typed=${2:-} i ch
	for ((i = 0; i < ${#word}; i++)); do
		ch=${word:i:1}
		tap_key "$ch"
		typed+=$ch
		wait_until 'field_shows "$typed"' ||
		    fail "the field does not show \"$typed\" after tapping \"$ch\""
	done
}

# The state letter of our parvis in /proc (R, S, T for stopped ...).
parvis_state() {
	local pid
	pid=$(parvis_pid)
	awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null
}

parvis_alive() {
	local pid state
	pid=$(parvis_pid)
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
	state=$(parvis_state)
	[ "$state" != "T" ] && [ "$state" != "t" ] && [ "$state" != "Z" ]
}

# wait_exit: until parvis has ended; prints its exit status.
wait_exit() {
	wait_until '[ -s "$TMPD/exit-status" ]' ||
	    fail "parvis did not exit"
	cat "$TMPD/exit-status"
}

# stop: ends a parvis still running the way systemd would (SIGTERM).
stop() {
	local pid
	pid=$(parvis_pid)
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid"
		wait_until '[ -s "$TMPD/exit-status" ]' ||
		    fail "parvis did not stop on SIGTERM"
	fi
}

# receipt_shown: the receipt code on the thank-you screen.
receipt_shown() {
	wait_for "Votre code de reçu : "
	stable_screen | sed -n 's/.*Votre code de reçu : \([A-Z0-9-]*\).*/\1/p'
}

# db SQL: a query on the private database (sqlite3 CLI, read-only).
db() {
	sqlite3 -readonly -batch "$TMPD/parvis.db" "$1"
}

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" != "$3" ]; then
		fail "$1: got \"$2\", expected \"$3\""
	fi
	log "ok: $1 = $3"
}
