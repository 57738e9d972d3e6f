#!/bin/bash
# A USB stick for the export, on the booted kiosk without a desktop: a
# FAT disk image plugged into the VM's USB port (qemu's usb-storage on
# xHCI) is mounted by the package's udev rule under /media/parvis, owned
# by the kiosk's user; the animator's "Exporter sur une clé USB" (F10,
# the PIN, 6 and 1 on the VM's keyboard, on the real console kiosk with
# its sandbox) offers a file on it and writes every record there; pulled
# out, the stick is unmounted.
#
# usage: usb.sh SOURCE_DIR BUILD_DIR
set -euo pipefail

src=$1
build=$2
here=$(cd "$(dirname "$0")" && pwd)
VM_IMAGE=$build/vm/image
VM_RUN=$build/vm/run-usb
command -v mkfs.vfat >/dev/null || {
	echo "SKIP: no mkfs.vfat (dosfstools)"
	exit 77
}
"$here/image.sh" "$src" "$build/vm"
. "$here/lib.sh"
trap vm_stop EXIT

t=$(vm_now)
vm_start
vm_run 'wait_tty1 "Donnez votre avis" 300' 320 || vm_fail "no welcome screen"
echo "booted, welcome screen in $(vm_elapsed "$t") s"
receipt=$(vm_participant)

rm -f "$VM_RUN/stick.img"
truncate -s 64M "$VM_RUN/stick.img"
mkfs.vfat -n PARVIS "$VM_RUN/stick.img" >/dev/null
t=$(vm_now)
vm_qmp "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"raw\",\"node-name\":\"stick\",\"file\":{\"driver\":\"file\",\"filename\":\"$VM_RUN/stick.img\"}}}" >/dev/null
vm_qmp '{"execute":"device_add","arguments":{"driver":"usb-storage","bus":"xhci.0","drive":"stick","id":"stickdev","removable":true}}' >/dev/null
mount=$(vm_run 'n=0
until m=$(findmnt -n -o TARGET,FSTYPE,OPTIONS -T /media/parvis/sda 2>/dev/null) &&
	[ "${m%% *}" = /media/parvis/sda ] || [ "$n" -ge 300 ]; do
	sleep 0.2; n=$((n + 1)); done
echo "$m"' 120)
case $mount in
/media/parvis/sda\ vfat\ *) ;;
*) vm_fail "the stick was not mounted under /media/parvis: '$mount' $(vm_run 'journalctl -b | grep -i -E "sda|mount" | tail -n 15' || true)" ;;
esac
uid=$(vm_run 'id -u parvis')
echo "$mount" | grep -q "uid=$uid" || vm_fail "the stick is not the kiosk's: $mount"
echo "stick plugged in, mounted in $(vm_elapsed "$t") s: $mount"

# The animator's export, on the keyboard.
t=$(vm_now)
vm_keys f10
vm_run 'wait_tty1 "Code de" 60' >/dev/null || vm_fail "no PIN pad"
vm_keys 4 8 2 7 ret
vm_run 'wait_tty1 "Chiffres du jour" 120' >/dev/null ||
	vm_fail "the PIN did not open the animator's screens"
vm_keys 6
vm_run 'wait_tty1 "Exporter sur une clé USB" 60' >/dev/null || vm_fail "no figures"
vm_keys 1
vm_run 'wait_tty1 "/media/parvis/sda/parvis-kiosque-vm-" 60' >/dev/null ||
	vm_fail "the export does not offer the stick: $(vm_run tty1_text)"
vm_keys ret
vm_run 'wait_tty1 "enregistrements écrits dans" 60' >/dev/null ||
	vm_fail "the export was not written: $(vm_run tty1_text)"
written=$(vm_run 'f=$(ls /media/parvis/sda/parvis-kiosque-vm-*.ndjson) &&
	echo "$f $(wc -l <"$f") $(stat -c %U "$f")" &&
	grep -c "" "$f" >/dev/null && grep -q "'"$receipt"'" "$f"') ||
	vm_fail "no export on the stick with $receipt: $written"
records=$(vm_run 'sqlite3 -readonly /var/lib/parvis/parvis.db "SELECT count(*) FROM records"')
read -r file lines owner <<<"$written"
[ "$lines" = "$records" ] ||
	vm_fail "$file holds $lines lines, the kiosk $records records"
echo "export on the stick in $(vm_elapsed "$t") s: $file, $lines records" \
	"(all of them, $receipt among them), owned by $owner"

t=$(vm_now)
vm_qmp '{"execute":"device_del","arguments":{"id":"stickdev"}}' >/dev/null
vm_run 'n=0; while mountpoint -q /media/parvis/sda && [ "$n" -lt 300 ]; do
	sleep 0.2; n=$((n + 1)); done; ! mountpoint -q /media/parvis/sda' 120 ||
	vm_fail "the stick pulled out is still mounted"
echo "stick pulled out: unmounted in $(vm_elapsed "$t") s"
vm_stop
echo "ok: a USB stick is mounted for the export, written, and let go"
