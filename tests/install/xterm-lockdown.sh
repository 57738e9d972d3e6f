#!/bin/bash
# The terminal of the cage kiosk, xterm with dist/xterm-kiosk.resources,
# in a real X server (Xvfb, as Xwayland would be under cage), driven with
# real input events (XTEST): a tap is reported to the program as a left
# click (SGR mouse sequences, what ncurses reads); Shift+Insert and the
# middle button paste nothing, though the PRIMARY selection holds text;
# Ctrl + tap opens no menu (it reaches the program as a click); a program
# writing OSC 52 does not reach the clipboard.
#
# usage: xterm-lockdown.sh SOURCE_DIR
set -euo pipefail

src=$1
for p in Xvfb xterm xdotool xclip xwininfo; do
	if ! command -v "$p" >/dev/null; then
		echo "SKIP: $p is not installed (Debian packages xvfb, xterm," \
			"xdotool, xclip, x11-utils)"
		exit 77
	fi
done
work=$(mktemp -d "${TMPDIR:-/tmp}/parvis-xterm.XXXXXX")
pids=""
cleanup() {
	for pid in $pids; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in $pids; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	[ -f "$work/got" ] && od -c "$work/got" | head >&2
	exit 1
}

# wait_for CMD...: polls until CMD succeeds, 10 s at most.
wait_for() {
	local i=0
	until "$@"; do
		i=$((i + 1))
		[ $i -lt 200 ] || fail "timed out waiting for: $*"
		sleep 0.05
	done
}

# got TEXT: the program received TEXT (printf escapes allowed).
got() {
	grep -qF -- "$(printf "$1")" "$work/got" 2>/dev/null
}

# A free display, chosen by the server itself.
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp \
	>"$work/xvfb.log" 2>&1 &
pids="$pids $!"
wait_for test -s "$work/display"
export DISPLAY=:$(head -n 1 "$work/display")

# Text in PRIMARY, which an unlocked xterm pastes on Shift+Insert.
printf 'PRIMARYTEXT' | xclip -selection primary -quiet 2>/dev/null &
pids="$pids $!"

# The program: asks for mouse reports as parvis does (ncurses: 1000 and
# SGR 1006), writes OSC 52, then records every byte it receives.
cat >"$work/probe.sh" <<PROBE
#!/bin/bash
stty raw -echo
printf '\e[?1000h\e[?1006h'
printf '\e]52;c;%s\a' "\$(printf FROMAPP | base64)"
touch "$work/ready"
exec cat >"$work/got"
PROBE
chmod +x "$work/probe.sh"
XENVIRONMENT=$src/dist/xterm-kiosk.resources \
	xterm -name parvis -geometry 80x24+0+0 -e "$work/probe.sh" \
	2>"$work/xterm.log" &
pids="$pids $!"
wait_for test -e "$work/ready"
wait_for sh -c "xdotool search --class XTerm >/dev/null"
window=$(xdotool search --class XTerm | head -n 1)
wait_for sh -c "xwininfo -id $window | grep -q IsViewable"

# A tap: press and release of button 1, as SGR reports.
xdotool mousemove 100 100 click 1
wait_for got '\e[<0;'
wait_for got 'm'
echo "ok: a tap reaches the program as a left click"

# Shift+Insert: the key, never the selection.
xdotool key shift+Insert
wait_for got '\e[2;2~'
got 'PRIMARYTEXT' && fail "Shift+Insert pasted the selection"
echo "ok: Shift+Insert pastes nothing"

# The middle button: a report, not a paste.
xdotool mousemove 200 150 click 2
wait_for got '\e[<1;'
got 'PRIMARYTEXT' && fail "the middle button pasted the selection"
echo "ok: the middle button pastes nothing"

# Ctrl + tap: reported (16 = Ctrl), so no menu took it.
xdotool keydown ctrl mousemove 300 200 click 1 keyup ctrl
wait_for got '\e[<16;'
echo "ok: Ctrl + tap opens no menu"

# OSC 52 from the program: the clipboard stays empty.
clip=$(timeout 2 xclip -o -selection clipboard 2>/dev/null || true)
[ -z "$clip" ] || fail "OSC 52 reached the clipboard: $clip"
echo "ok: OSC 52 cannot write the clipboard"
