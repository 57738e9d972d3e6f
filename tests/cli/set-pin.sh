#!/bin/bash
# `parvis set-pin`: the PIN is read twice on standard input.
#   - PINs that are easy to guess (0000, 1234, 1111, 4321, ...), not 4 to 8
#     digits, or two different entries are refused with a message and
#     status 1, and kiosk.ini stays byte-identical;
#   - a good PIN writes one `pin = $argon2id$...` line in [admin] and leaves
#     every other line byte-identical: in the repository's demo kiosk.ini
#     and in the fixtures of tests/data/config-pin/ (pin among comments,
#     no [admin] yet, [admin] without pin, no final newline, [admin]
#     given twice with the pin in the second);
#   - kiosk.ini keeps its permissions (a private file stays private);
#   - the kiosk then takes the new PIN to leave kiosk mode, and no longer
#     the old one.
#
# Args: PARVIS_EXE SOURCE_DIR
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

cd "$WORK"
mkdir demo demo/data
cp "$SRC/kiosk.ini" demo/kiosk.ini
cp "$SRC/data/communes.csv" demo/data/
ln -s "$SRC/forms" demo/forms
cp demo/kiosk.ini demo/kiosk.ini.orig

# pin_input PIN AGAIN: the two lines set-pin reads.
pin_input() {
	printf '%s\n%s\n' "$1" "$2" >"$WORK/stdin"
	STDIN=$WORK/stdin
}

# --- refused PINs: nothing changes -----------------------------------
expect_unchanged() {
	if cmp -s demo/kiosk.ini demo/kiosk.ini.orig &&
	    [ "$(ls demo | tr '\n' ' ')" = "data forms kiosk.ini kiosk.ini.orig " ]; then
		pass "$1: kiosk.ini byte-identical, nothing left beside it"
	else
		fail "$1: kiosk.ini changed or a file was left: $(ls demo | tr '\n' ' ')"
		cp demo/kiosk.ini.orig demo/kiosk.ini
	fi
}
for pin in 0000 1234 1111 4321 9876 2580 1212 12345678 5858 123 123456789 \
    48a7 ""; do
	pin_input "$pin" "$pin"
	transcript "set-pin/refused-${pin:-empty}" 1 --config demo/kiosk.ini set-pin
	if [ ! -s "$ERR" ]; then
		fail "PIN '$pin' refused without a message"
	fi
	expect_unchanged "PIN '$pin'"
done
pin_input 4827 4828
transcript set-pin/two-different 1 --config demo/kiosk.ini set-pin
expect_unchanged "two different PINs"
pin_input 7391 ""
transcript set-pin/second-missing 1 --config demo/kiosk.ini set-pin
expect_unchanged "the second entry missing"
: >"$WORK/stdin"
STDIN=$WORK/stdin
transcript set-pin/no-input 1 --config demo/kiosk.ini set-pin
expect_unchanged "no input"
pin_input 7391 7391
transcript set-pin/missing-config 1 --config demo/absent.ini set-pin
if [ -n "$(find demo -name '*absent*')" ]; then
	fail "set-pin created a file for a missing configuration"
fi

# --- a good PIN ------------------------------------------------------
# pin_lines FILE: "SECTION:LINE" for each pin line, e.g. "[admin]:29".
pin_lines() {
	awk '/^[[:blank:]]*\[/ { s = $1 } /^[[:blank:]]*pin[[:blank:]]*=/ { print s ":" NR }' "$1"
}

# check_pin_written ORIGINAL NEW: one Argon2id pin line in [admin]; every
# other line as it was.
check_pin_written() {
	local orig=$1 new=$2 where
	where=$(pin_lines "$new")
	case $where in
	"[admin]:"[0-9]*) ;;
	*)
		fail "$new: pin lines '$where', expected one in [admin]"
		return
		;;
	esac
	if grep -qE '^pin = \$argon2id\$v=19\$m=[0-9]+,t=[0-9]+,p=[0-9]+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$' "$new"; then
		pass "$new: pin = \$argon2id\$... in [admin]"
	else
		fail "$new: the pin line is not 'pin = \$argon2id\$...': $(grep -E '^[[:blank:]]*pin' "$new")"
	fi
	if grep -F -q "7391" "$new"; then
		fail "$new: the PIN itself is written in the file"
	fi
	# Every other line, byte for byte; where there was no [admin], the
	# section is added at the end.
	grep -v -E '^[[:blank:]]*pin[[:blank:]]*=' "$orig" >"$WORK/rest.orig" || true
	grep -v -E '^[[:blank:]]*pin[[:blank:]]*=' "$new" >"$WORK/rest.new" || true
	if ! grep -q '^\[admin\]' "$orig"; then
		printf '\n[admin]\n' >>"$WORK/rest.orig"
	fi
	if diff -u "$WORK/rest.orig" "$WORK/rest.new"; then
		pass "$new: every other line is unchanged"
	else
		fail "$new: other lines changed (diff above)"
	fi
}

# kiosk.ini holds the PIN's hash: an animator keeps it private (0600), and
# setting the PIN must not make it readable by every user of the machine
# (4 to 8 digits are quickly tried against a hash).
umask 022
chmod 600 demo/kiosk.ini
pin_input 7391 7391
transcript set-pin/good-demo 0 --config demo/kiosk.ini set-pin
check_pin_written demo/kiosk.ini.orig demo/kiosk.ini
mode=$(stat -c %a demo/kiosk.ini)
if [ "$mode" = 600 ]; then
	pass "kiosk.ini keeps its mode 600"
else
	fail "kiosk.ini was mode 600 before set-pin and is $mode after: the PIN hash became readable by other users"
fi
# The line moved nowhere: same line number as before.
if [ "$(pin_lines demo/kiosk.ini)" = "$(pin_lines demo/kiosk.ini.orig)" ]; then
	pass "the pin line stays where it was"
else
	fail "the pin line moved: $(pin_lines demo/kiosk.ini.orig) -> $(pin_lines demo/kiosk.ini)"
fi
if ! cmp -s demo/kiosk.ini demo/kiosk.ini.orig; then
	pass "the hash changed"
else
	fail "set-pin said ok but kiosk.ini is unchanged"
fi
if [ "$(ls demo | tr '\n' ' ')" = "data forms kiosk.ini kiosk.ini.orig " ]; then
	pass "nothing left beside kiosk.ini"
else
	fail "files left beside kiosk.ini: $(ls demo | tr '\n' ' ')"
fi

for fixture in "$DATA"/config-pin/*.ini; do
	name=$(basename "$fixture")
	cp "$fixture" "$name"
	pin_input 7391 7391
	transcript "set-pin/good-$(basename "$name" .ini)" 0 --config "$name" set-pin
	check_pin_written "$fixture" "$name"
done
# The kiosk reads what set-pin wrote.
for name in admin-middle no-admin admin-without-pin no-final-newline \
    admin-twice; do
	if ! "$PARVIS" --config "$name.ini" preview \
	    "$SRC/forms/conseil-citoyen.ini" >/dev/null 2>"$WORK/read.err" ||
	    grep -q "$name.ini:" "$WORK/read.err"; then
		fail "$name.ini after set-pin is not a valid configuration: $(cat "$WORK/read.err")"
	fi
done

# --- the kiosk takes the new PIN, not the old one --------------------
# F10 on the welcome screen opens the PIN pad; the right PIN opens the
# animator's screens, where the kiosk is left before the script's last
# step.
cat >leave-new.txt <<'EOF'
key F10
type "7391"
tap "Valider"
tap "Quitter le mode kiosque"
dump still-in-kiosk
EOF
cat >leave-old.txt <<'EOF'
key F10
type "4827"
tap "Valider"
expect "Code incorrect"
dump refused
EOF
mkdir dumps
if PARVIS_SCRIPT=$WORK/leave-old.txt PARVIS_DUMP_DIR=$WORK/dumps \
    "$PARVIS" --config demo/kiosk.ini >kiosk.out 2>&1 &&
    [ -f dumps/refused.txt ]; then
	pass "the old PIN 4827 is refused"
else
	fail "the old PIN 4827 still leaves the kiosk: $(cat kiosk.out)"
fi
if PARVIS_SCRIPT=$WORK/leave-new.txt PARVIS_DUMP_DIR=$WORK/dumps \
    "$PARVIS" --config demo/kiosk.ini >kiosk.out 2>&1 &&
    [ ! -f dumps/still-in-kiosk.txt ]; then
	pass "the new PIN 7391 leaves the kiosk"
else
	fail "the new PIN 7391 does not leave the kiosk: $(cat kiosk.out)"
fi

finish
