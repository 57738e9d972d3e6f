#!/bin/bash
# The collector's package in the booted image: parvis-collect.service is
# installed but not enabled (it needs its certificate), its backup and
# retention timers are; enabled, it runs as parvis-collect under its
# hardened unit (systemd-analyze security, in the VM); the kiosk of the
# same VM, enrolled, syncs to it through parvis-sync.service (the timer's
# unit, --when-idle) the answers given on the VM's keyboard; after
# `systemctl restart parvis-collect` everything is still there, a new sync
# finds everything up to date, and a later answer gets through.
#
# usage: collect.sh SOURCE_DIR BUILD_DIR
set -euo pipefail

src=$1
build=$2
here=$(cd "$(dirname "$0")" && pwd)
VM_IMAGE=$build/vm/image
VM_RUN=$build/vm/run-collect
"$here/image.sh" "$src" "$build/vm"
. "$here/lib.sh"
trap vm_stop EXIT

t=$(vm_now)
vm_start
vm_run 'wait_tty1 "Donnez votre avis" 300' 320 || vm_fail "no welcome screen"
echo "booted, welcome screen in $(vm_elapsed "$t") s"

pc='runuser -u parvis-collect -- parvis-collect --config /etc/parvis/collect.ini'
states=$(vm_run 'for u in parvis-collect.service parvis-collect-backup.timer \
	parvis-collect-purge.timer parvis-kiosk-cage.service parvis-sync.timer; do
	echo "$u $(systemctl is-enabled "$u")"; done' || true)
echo "$states" | sed 's/^/   /'
echo "$states" | grep -qx "parvis-collect.service disabled" ||
	vm_fail "parvis-collect.service should not be enabled at install"
echo "$states" | grep -qx "parvis-collect-backup.timer enabled" ||
	vm_fail "the backup timer is not enabled"
echo "$states" | grep -qx "parvis-collect-purge.timer enabled" ||
	vm_fail "the retention timer is not enabled"

t=$(vm_now)
vm_run 'systemctl enable --now parvis-collect.service &&
	n=0; until [ "$(systemctl is-active parvis-collect.service)" = active ] &&
		bash -c "exec 3<>/dev/tcp/127.0.0.1/8443" 2>/dev/null ||
		[ $n -ge 600 ]; do sleep 0.2; n=$((n + 1)); done
	systemctl is-active parvis-collect.service' 180 >/dev/null ||
	vm_fail "parvis-collect.service did not start: $(vm_run 'journalctl -b -u parvis-collect.service | tail -n 20' || true)"
user=$(vm_run 'ps -o user= -p "$(systemctl show -P MainPID parvis-collect.service)"')
[ "$user" = parvis-collect ] || vm_fail "the collector runs as '$user'"
echo "collector up in $(vm_elapsed "$t") s, as $user; systemd-analyze security in the VM:"
vm_run 'for u in parvis-collect parvis-sync parvis-kiosk-console parvis-kiosk-cage \
	parvis-collect-backup parvis-collect-purge; do
	systemd-analyze security "$u.service" 2>/dev/null | tail -n 1; done' |
	sed 's/^/   /'

vm_run "$pc kiosk add kiosque-vm >/run/token &&
	install -o parvis -g parvis -m 600 /run/token /etc/parvis/kiosk-token &&
	rm /run/token" >/dev/null || vm_fail "kiosk add"

sent=()
for i in 1 2; do
	sent+=("$(vm_participant)")
done
# Synchronise as the timer does (the kiosk back on its welcome screen).
sync_once() {
	vm_run 'wait_tty1 "Donnez votre avis" 60 >/dev/null
		systemctl start parvis-sync.service
		journalctl -b -u parvis-sync.service -o cat | grep -E "tout est à jour|up to date" | tail -n 1
		[ "$(systemctl show -P Result parvis-sync.service)" = success ]' 300
}
t=$(vm_now)
said=$(sync_once) || vm_fail "parvis-sync.service failed: $said"
echo "sync of ${sent[*]} in $(vm_elapsed "$t") s: $said"

collected() {
	vm_run "$pc export --format json" | grep -o "$VM_RECEIPT" | sort -u
}
collected >"$VM_RUN/before"
for r in "${sent[@]}"; do
	grep -qx "$r" "$VM_RUN/before" || vm_fail "$r did not reach the collector"
done

t=$(vm_now)
vm_run 'systemctl restart parvis-collect.service &&
	n=0; until bash -c "exec 3<>/dev/tcp/127.0.0.1/8443" 2>/dev/null ||
		[ $n -ge 600 ]; do sleep 0.2; n=$((n + 1)); done' 180 ||
	vm_fail "the collector did not come back"
collected >"$VM_RUN/after"
cmp -s "$VM_RUN/before" "$VM_RUN/after" ||
	vm_fail "the restart lost records: $(diff "$VM_RUN/before" "$VM_RUN/after")"
said=$(sync_once) || vm_fail "sync after the restart: $said"
echo "restart in $(vm_elapsed "$t") s: nothing lost; sync again: $said"
sent+=("$(vm_participant)")
said=$(sync_once) || vm_fail "the last sync: $said"
collected >"$VM_RUN/last"
grep -qx "${sent[2]}" "$VM_RUN/last" || vm_fail "${sent[2]} did not get through"
[ "$(wc -l <"$VM_RUN/last")" = 3 ] ||
	vm_fail "the collector holds $(wc -l <"$VM_RUN/last") answers, not 3"
vm_stop
echo "ok: the collector's package runs hardened, takes the kiosk's sync," \
	"and a restart loses nothing"
