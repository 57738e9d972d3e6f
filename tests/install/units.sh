#!/bin/bash
# Every systemd unit, as installed, passes `systemd-analyze verify` with
# nothing to say, in a root made of the DESTDIR install, this machine's own
# units (sysinit.target, network-online.target, getty@.service...) and
# stubs for the programs the units run that this machine may lack (cage,
# xterm).  The kiosk units restart always and use the watchdog; the
# services that face the network stay well hardened
# (`systemd-analyze security`); the sysusers.d files parse.
#
# usage: units.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build=$1
if ! command -v systemd-analyze >/dev/null; then
	echo "SKIP: systemd-analyze is not installed (Debian package systemd)"
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/parvis-units.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

meson install -C "$build" --no-rebuild --destdir "$root" \
	>"$work/install.log" 2>&1 || {
	cat "$work/install.log" >&2
	fail "meson install"
}
unitdir=$(dirname "$(find "$root" -name parvis-sync.timer)")
[ -d "$unitdir" ] || fail "no units installed"
units=$(cd "$unitdir" && ls parvis*)
[ "$(echo "$units" | wc -l)" = 9 ] || fail "expected 9 units: $units"

# The machine's units, where systemd looks for them inside the root.
for d in /usr/lib/systemd/system /lib/systemd/system; do
	if [ -f "$d/sysinit.target" ]; then
		mkdir -p "$root/usr/lib/systemd"
		cp -a "$d" "$root/usr/lib/systemd/"
		break
	fi
done
[ -f "$root/usr/lib/systemd/system/sysinit.target" ] ||
	fail "this machine's systemd units were not found"
# Programs from other packages: only their paths matter to verify.
for p in /usr/bin/cage /usr/bin/xterm /usr/bin/env /usr/bin/systemd-cat \
	/usr/bin/setfont /bin/sh; do
	mkdir -p "$root$(dirname "$p")"
	printf '#!/bin/sh\nexit 0\n' >"$root$p"
	chmod 755 "$root$p"
done

for u in $units; do
	out=$(systemd-analyze verify --man=no --root="$root" "$u" 2>&1) ||
		fail "$u: systemd-analyze verify failed: $out"
	[ -z "$out" ] || fail "$u: systemd-analyze verify says: $out"
	echo "verified: $u"
done

# What the kiosk units promise (docs/deployment.md).
for u in parvis-kiosk-cage.service parvis-kiosk-console.service; do
	for line in Type=notify Restart=always WatchdogSec=30s \
		StartLimitIntervalSec=0 TTYPath=/dev/tty1; do
		grep -qx "$line" "$unitdir/$u" || fail "$u lacks $line"
	done
done
grep -qx "NotifyAccess=all" "$unitdir/parvis-kiosk-cage.service" ||
	fail "parvis is cage's grandchild: NotifyAccess=all is needed"
grep -q -- "sync --when-idle" "$unitdir/parvis-sync.service" ||
	fail "the timer's sync must wait for the kiosk to be idle"
grep -q -- "collect.ini purge$" "$unitdir/parvis-collect-purge.service" ||
	fail "the purge unit does not run parvis-collect purge"

# Hardening, measured: fails if a later change loosens it much.
for u in parvis-collect.service:15 parvis-sync.service:20 \
	parvis-collect-backup.service:10 parvis-collect-purge.service:10 \
	parvis-kiosk-console.service:25 parvis-kiosk-cage.service:25; do
	if ! out=$(systemd-analyze security --offline=yes --root="$root" \
		--threshold="${u#*:}" "${u%%:*}" 2>&1); then
		echo "$out" | tail -n 3 >&2
		fail "${u%%:*}: exposure above ${u#*:} (on 100)"
	fi
	echo "$out" | tail -n 1
done

# The sysusers.d files create the two users.
if command -v systemd-sysusers >/dev/null; then
	for f in "$root"/*/lib/sysusers.d/parvis*.conf \
		"$root"/*/*/lib/sysusers.d/parvis*.conf; do
		[ -f "$f" ] || continue
		out=$(systemd-sysusers --root="$root" --dry-run "$f" 2>&1) ||
			fail "$f: $out"
		echo "$out" | grep -q "Creating user" ||
			fail "$f creates no user: $out"
		echo "sysusers: $(basename "$f") creates its user"
	done
fi
echo "ok: $(echo "$units" | wc -l) units verified"
