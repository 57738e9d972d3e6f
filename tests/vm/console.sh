#!/bin/bash
# The console kiosk boots for real: the Debian 12 image with the freshly
# built packages (image.sh) under qemu without KVM, systemd as PID 1.
#
# 1. parvis-kiosk-console.service brings the welcome screen up on tty1:
#    read from the VGA screen's pixels (qemu's screendump) by tesseract,
#    and from tty1's own cells (/dev/vcsu1).
# 2. kill -9 of the kiosk: the welcome screen is back within 10 s.
# 3. SIGSTOP: the kiosk stops pinging the watchdog; systemd kills it and
#    starts it again.
# 4. Participants answer on the VM's keyboard; the power is cut (the VM's
#    reset line) just after one more presses the last key; after the boot
#    the database passes integrity_check and holds every receipt that was
#    seen on a thank-you screen.
# Each step prints how long it took.
#
# usage: console.sh SOURCE_DIR BUILD_DIR
set -euo pipefail

src=$1
build=$2
here=$(cd "$(dirname "$0")" && pwd)
VM_IMAGE=$build/vm/image
VM_RUN=$build/vm/run-console
t=$(date +%s.%3N)
"$here/image.sh" "$src" "$build/vm"
. "$here/lib.sh"
echo "image ready in $(vm_elapsed "$t") s"
trap vm_stop EXIT

# 1. Power on: the welcome screen on tty1.
t=$(vm_now)
vm_start
vm_run 'wait_tty1 "Donnez votre avis" 300' 320 ||
	vm_fail "no welcome screen on tty1"
vm_run 'systemctl is-active parvis-kiosk-console.service' >/dev/null ||
	vm_fail "the kiosk's unit is not active"
vm_wait_ocr "Donnez votre avis" 120
grep -q "English" "$VM_RUN/ocr.txt" || vm_fail "no English button on the screen"
size=$(vm_run 'stty -F /dev/tty1 size')
[ "$size" = "25 80" ] ||
	vm_fail "tty1 is $size, not 25 80: the kiosk's 16x32 font is not loaded"
echo "1. welcome screen on tty1 $(vm_elapsed "$t") s after power on, in the" \
	"kiosk's font (80x25 on 1280x800); tesseract reads:" \
	"$(grep -o -E 'Donnez votre avis|English' "$VM_RUN/ocr.txt" |
		sort -u | tr '\n' ' ')"

# Waits (inside the guest) for another kiosk process than $old, started
# (READY=1: its first screen is drawn) and showing the welcome screen;
# prints the milliseconds it took.
back_again='
deadline=$(($(date +%s) + 200))
while [ "$(date +%s)" -le "$deadline" ]; do
	new=$(kiosk_pid)
	if [ "$new" != 0 ] && [ "$new" != "$old" ] &&
		[ "$(systemctl is-active parvis-kiosk-console.service)" = active ] &&
		tty1_text | grep -q "Donnez votre avis"; then
		echo $((($(date +%s%N) - start) / 1000000))
		exit 0
	fi
	sleep 0.1
done
echo "the kiosk did not come back"; exit 1'

# 2. kill -9.
ms=$(vm_run 'old=$(kiosk_pid); start=$(date +%s%N); kill -9 "$old"
'"$back_again" 240) || vm_fail "after kill -9: $ms"
echo "2. kill -9: welcome screen back in $ms ms"
[ "$ms" -le 10000 ] || vm_fail "the welcome screen took $ms ms (10 s at most)"
size=$(vm_run 'stty -F /dev/tty1 size')
[ "$size" = "25 80" ] || vm_fail "after the restart tty1 is $size, not 25 80"

# 3. SIGSTOP: the watchdog (WatchdogSec=30s).
ms=$(vm_run 'old=$(kiosk_pid); start=$(date +%s%N); kill -STOP "$old"
'"$back_again" 240) || vm_fail "after SIGSTOP: $ms"
vm_run 'journalctl -b -u parvis-kiosk-console.service | grep -i watchdog' \
	>"$VM_RUN/watchdog.txt" || vm_fail "no watchdog in the journal"
echo "3. SIGSTOP: killed by the watchdog and back in $ms ms" \
	"($(head -n 1 "$VM_RUN/watchdog.txt" | sed 's/.*\]: //'))"

# 4. Participants on the keyboard, then the power cut.
seen=()
t=$(vm_now)
for i in 1 2 3; do
	seen+=("$(vm_participant)")
done
echo "4. three participants in $(vm_elapsed "$t") s: ${seen[*]}"
vm_answer
vm_keys ret
# The moment of the cut, somewhere around the save (not a wait for
# anything: any moment must do).
sleep "0.$((RANDOM % 10))"
last=$(vm_run tty1_text | grep -o "$VM_RECEIPT" | head -n 1 || true)
t=$(vm_now)
vm_power_cut
[ -z "$last" ] || seen+=("$last")
vm_run 'wait_tty1 "Donnez votre avis" 300' 320 ||
	vm_fail "no welcome screen after the power cut"
echo "   power cut $([ -n "$last" ] && echo "on the thank-you screen of $last" ||
	echo "before the thank-you screen"); welcome screen back" \
	"$(vm_elapsed "$t") s later"
check=$(vm_run 'sqlite3 -readonly /var/lib/parvis/parvis.db "PRAGMA integrity_check"')
[ "$check" = ok ] || vm_fail "integrity_check after the power cut: $check"
vm_run "sqlite3 -readonly /var/lib/parvis/parvis.db \"SELECT
	json_extract(line, '\$.payload.receipt') FROM records
	WHERE json_extract(line, '\$.type') = 'submission'\"" >"$VM_RUN/receipts"
for r in "${seen[@]}"; do
	grep -qx "$r" "$VM_RUN/receipts" ||
		vm_fail "receipt $r was shown but is not in the database"
done
echo "   integrity_check ok; the ${#seen[@]} receipts shown are all" \
	"there ($(wc -l <"$VM_RUN/receipts") submissions in the database)"
vm_stop
echo "ok: console kiosk booted, restarted, watched and power-cut"
