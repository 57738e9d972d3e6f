# Shared helpers of the command-line tests (STYLE.md, "Tests: four layers",
# layer 2): the real parvis binary is run on files of tests/data with a
# fixed clock, and what it prints is compared with tests/cli/expected/.
#
# A test script does:
#   . "$(dirname "$0")/lib.sh" "$@"        # args: PARVIS_EXE SOURCE_DIR
#   cd "$SRC"                              # paths in messages stay short
#   transcript check/unknown-type 1 check tests/data/forms-bad/x.ini
#   ...
#   finish
#
# transcript NAME STATUS ARGS... runs `parvis ARGS`, checks its exit status
# (always, even when updating), and compares "$ parvis ARGS", the status,
# stdout and stderr with expected/NAME.txt.  UPDATE_CLI=1 rewrites the
# expected files instead of comparing them (except those listed in
# expected/PINNED): then read `git diff`.
# KEEP_TMP=1 keeps the work directory.
#
# A failed check does not stop the script: every problem is listed, then
# finish exits with status 1.

set -euo pipefail

if [ $# -lt 2 ]; then
	echo "usage: $0 PARVIS_EXE SOURCE_DIR" >&2
	exit 2
fi
PARVIS=$(realpath "$1")
SRC=$(realpath "$2")
DATA=$SRC/tests/data
EXPECTED=$SRC/tests/cli/expected
TEST_NAME=$(basename "$0" .sh)
UPDATE=${UPDATE_CLI:-0}
FAILURES=0

export LC_ALL=C.UTF-8
# The messages in English: without LANGUAGE, C.UTF-8 names no language and
# every command would speak its kiosk.ini's (French by default).
# french.sh and language.sh say otherwise; purge.sh unsets it.
export LANGUAGE=en
export PARVIS_CLOCK=2026-11-25T09:30:00Z
unset PARVIS_SCRIPT PARVIS_DUMP_DIR PARVIS_SIZE PARVIS_TRACE

WORK=$(mktemp -d "${TMPDIR:-/tmp}/parvis-cli.XXXXXX")
cli_cleanup() {
	if [ -n "${KEEP_TMP:-}" ]; then
		echo "[$TEST_NAME] kept $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cli_cleanup EXIT
mkdir "$WORK/got"

log() {
	printf '[%s] %s\n' "$TEST_NAME" "$*"
}

fail() {
	FAILURES=$((FAILURES + 1))
	log "FAIL: $*"
}

pass() {
	log "ok: $*"
}

finish() {
	if [ "$FAILURES" -gt 0 ]; then
		log "$FAILURES check(s) failed"
		exit 1
	fi
	log "PASS"
	exit 0
}

# Filters stdout and stderr before they are compared; a test may redefine
# it (random receipt codes, uuids...).
mask() {
	cat
}

# The work directory is new for each run: shown as $WORK.
work_re=$(printf '%s' "$WORK" | sed 's/[.[\*^$#]/\\&/g')
hide_work() {
	sed "s#$work_re#\$WORK#g"
}

# run_parvis ARGS...: runs parvis with standard input from $STDIN (default
# /dev/null); sets STATUS, and OUT and ERR to the files holding stdout and
# stderr.
STDIN=/dev/null
run_parvis() {
	OUT=$WORK/run.out
	ERR=$WORK/run.err
	if "$PARVIS" "$@" <"$STDIN" >"$OUT" 2>"$ERR"; then
		STATUS=0
	else
		STATUS=$?
	fi
}

# Expected files written by hand for the right behaviour while parvis has
# a known bug there: UPDATE_CLI=1 does not rewrite them (one NAME a line
# in expected/PINNED, with the reason in a comment).
pinned() {
	[ -f "$EXPECTED/PINNED" ] &&
	    grep -q -x -F -- "$1" <(sed 's/[[:blank:]]*#.*//' "$EXPECTED/PINNED")
}

# compare NAME FILE: FILE against expected/NAME.txt (or rewrites it).
compare() {
	local name=$1 got=$2 want=$EXPECTED/$1.txt

	if [ "$UPDATE" = 1 ] && pinned "$name"; then
		log "kept expected/$name.txt (pinned, see expected/PINNED)"
	elif [ "$UPDATE" = 1 ]; then
		mkdir -p "$(dirname "$want")"
		cp "$got" "$want"
		log "updated expected/$name.txt"
		return 0
	fi
	if [ ! -f "$want" ]; then
		fail "$name: no expected/$name.txt (run with UPDATE_CLI=1, then read it)"
		return 1
	fi
	if diff -u "$want" "$got"; then
		pass "$name"
		return 0
	fi
	fail "$name: output differs from expected/$name.txt (diff above)"
	return 1
}

# expect_status WHAT WANT: the status of the last run_parvis.
expect_status() {
	if [ "$STATUS" != "$2" ]; then
		fail "$1: exit status $STATUS, expected $2"
		echo "---- stderr ----"
		cat "$ERR"
		echo "----------------"
		return 1
	fi
	return 0
}

# Marks (like diff) output whose last line has no newline.
no_newline() {
	if [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" != '\n' ]; then
		printf '\n\\ no newline at end\n'
	fi
}

# transcript NAME STATUS ARGS...: see the top of this file.
transcript() {
	local name=$1 want_status=$2
	shift 2
	local got=$WORK/got/${name//\//--}.txt

	run_parvis "$@"
	expect_status "$name" "$want_status" || true
	{
		{
			printf '$ parvis'
			printf ' %s' "$@"
			printf '\n'
		} | hide_work
		printf -- '--- exit status %s\n' "$STATUS"
		printf -- '--- stdout\n'
		mask <"$OUT" | hide_work
		no_newline "$OUT"
		printf -- '--- stderr\n'
		mask <"$ERR" | hide_work
		no_newline "$ERR"
	} >"$got"
	compare "$name" "$got" || true
}

# marked_lines FILE: the lines a fixture marks as to be reported, the
# line after each comment "; ▼ ..." or "; ▽ ...", on one line.
marked_lines() {
	awk '/^[;#][ \t]*(▼|▽)/ { print NR + 1 }' "$1" | sort -n -u |
	    tr '\n' ' ' | sed 's/ $//'
}

# reported_lines FILE: the line numbers N of "FILE:N: ..." on stderr of the
# last run, sorted and without repeats, on one line.
reported_lines() {
	local file=$1 line
	while IFS= read -r line; do
		line=${line#"$file:"}
		case $line in
		[0-9]*) echo "${line%%:*}" ;;
		esac
	done < <(grep -F -- "$file:" "$ERR") | sort -n -u | tr '\n' ' ' |
	    sed 's/ $//'
}

# expect_marked_lines WHAT FILE: the lines reported are the ones marked.
expect_marked_lines() {
	local want got
	want=$(marked_lines "$2")
	got=$(reported_lines "$2")
	if [ "$got" = "$want" ]; then
		pass "$1: lines reported: ${got:-none (the whole file)}"
	else
		fail "$1: lines reported: '$got', marked in the file: '$want'"
	fi
}
