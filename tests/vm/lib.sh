# The boot tests' side of the virtual machine (sourced): start the image
# under qemu-system-x86_64 without KVM (TCG) with a throw-away overlay of
# it, talk to its agent on ttyS1 (agent.sh) and to qemu through QMP (the
# screen's pixels, keys, power), read what tty1 shows.  Every wait has a
# generous deadline and polls for the event; none is a fixed sleep.
#
# Before sourcing: VM_IMAGE (image.sh's image directory) and VM_RUN (a
# directory for this run: the overlay, the pipes, the logs).

VM_PID=
VM_BOOTS=0

vm_fail() {
	echo "FAIL: $*" >&2
	if [ -f "$VM_RUN/console.log" ]; then
		echo "--- the last lines of the VM's console (ttyS0):" >&2
		tail -n 25 "$VM_RUN/console.log" >&2
	fi
	exit 1
}

# Seconds since the epoch, with milliseconds.
vm_now() {
	date +%s.%3N
}

vm_elapsed() {
	echo "$(vm_now) - $1" | bc
}

# Shell functions every command sent to the guest can use: tty1_text (what
# tty1 shows, row by row, from /dev/vcsu1), tty1_line (the same as one
# line: one read, quick enough to poll) and wait_tty1 TEXT SECONDS.
VM_GUEST_LIB='
tty1_line() {
	iconv -f UTF-32LE -t UTF-8 </dev/vcsu1 2>/dev/null; echo 2>/dev/null
}
tty1_text() {
	set -- $(stty -F /dev/tty1 size 2>/dev/null)
	rows=${1:-25}; cols=${2:-80}; r=0
	while [ "$r" -lt "$rows" ]; do
		dd if=/dev/vcsu1 bs=$((cols * 4)) skip="$r" count=1 2>/dev/null |
			iconv -f UTF-32LE -t UTF-8 2>/dev/null; echo 2>/dev/null
		r=$((r + 1))
	done
}
wait_tty1() {
	deadline=$(($(date +%s) + $2))
	while [ "$(date +%s)" -le "$deadline" ]; do
		if tty1_line | grep -q -- "$1"; then return 0; fi
		sleep 0.2
	done
	echo "tty1 never showed: $1"; tty1_text; return 1
}
kiosk_pid() {
	systemctl show -P MainPID "${1:-parvis-kiosk-console}.service"
}
'

# Waits until tty1 shows $1, within $2 seconds; else fails with $3 and
# what tty1 shows.
vm_see() {
	vm_run "wait_tty1 \"$1\" $2" $(($2 + 30)) >"$VM_RUN/tty1" ||
		vm_fail "$3; tty1 shows:
$(cat "$VM_RUN/tty1")"
}

# Reads one line from the agent into VM_LINE within $1 seconds; false at
# the deadline.  A line cut by a read's timeout is put back together.
vm_agent_line() {
	local deadline=$((SECONDS + $1)) chunk partial=""
	while [ "$SECONDS" -lt "$deadline" ]; do
		if IFS= read -r -t 2 chunk <&8; then
			VM_LINE=$partial$chunk
			return 0
		elif [ $? -gt 128 ]; then
			partial=$partial$chunk
		else
			return 1	# the pipe closed: qemu is gone
		fi
	done
	return 1
}

# Waits for the agent's READY (a boot) within $1 seconds.
vm_wait_ready() {
	local start
	start=$(vm_now)
	while vm_agent_line "$1"; do
		if [ "$VM_LINE" = READY ]; then
			VM_BOOTS=$((VM_BOOTS + 1))
			echo "boot $VM_BOOTS: agent ready after $(vm_elapsed "$start") s"
			return 0
		fi
	done
	vm_fail "the VM did not come up within $1 s"
}

# Runs a shell script as root in the guest; prints its output; returns its
# status.  $2: the deadline in seconds (120).
vm_run() {
	local id=$SECONDS$RANDOM$RANDOM out="" rc=""
	printf '%s %s\n' "$id" \
		"$(printf '%s\n%s\n' "$VM_GUEST_LIB" "$1" | base64 -w 0)" >&7
	while vm_agent_line "${2:-120}"; do
		case $VM_LINE in
		"OUT $id "*) out=${VM_LINE#"OUT $id "} ;;
		"END $id "*)
			rc=${VM_LINE#"END $id "}
			break
			;;
		esac
	done
	[ -n "$rc" ] || vm_fail "no answer from the guest to: $1"
	printf '%s' "$out" | base64 -d
	return "$rc"
}

# Sends one QMP command (JSON); prints its "return" line.
vm_qmp() {
	local line
	printf '%s\n' "$1" >&5
	while IFS= read -r -t 60 line <&6; do
		case $line in
		*'"return"'*)
			printf '%s\n' "$line"
			return 0
			;;
		*'"error"'*)
			echo "qmp: $line" >&2
			return 1
			;;
		esac
	done
	vm_fail "no answer from qemu to $1"
}

# Presses keys on the VM's keyboard (qemu's key names: ret, 1, f10...).
vm_keys() {
	local k
	for k in "$@"; do
		vm_qmp "{\"execute\":\"send-key\",\"arguments\":{\"keys\":[{\"type\":\"qcode\",\"data\":\"$k\"}]}}" >/dev/null
	done
}

# The VM's screen as qemu shows it (the pixels of its VGA), into $1 (PPM).
vm_screendump() {
	vm_qmp "{\"execute\":\"screendump\",\"arguments\":{\"filename\":\"$1\"}}" >/dev/null
}

# What tesseract reads on the VM's screen now.
vm_ocr() {
	vm_screendump "$VM_RUN/screen.ppm"
	tesseract "$VM_RUN/screen.ppm" - 2>/dev/null
}

# Waits until tesseract reads $1 on the screen, within $2 seconds.
vm_wait_ocr() {
	local deadline=$((SECONDS + $2))
	while [ "$SECONDS" -lt "$deadline" ]; do
		if vm_ocr >"$VM_RUN/ocr.txt" && grep -q -- "$1" "$VM_RUN/ocr.txt"; then
			return 0
		fi
	done
	cp "$VM_RUN/screen.ppm" "$VM_RUN/screen-failed.ppm"
	vm_fail "the screen never showed '$1' (tesseract read: $(tr '\n' ' ' <"$VM_RUN/ocr.txt"))"
}

# Starts the VM on a fresh overlay of the image; extra qemu arguments may
# follow.  Waits for its agent.
vm_start() {
	mkdir -p "$VM_RUN"
	rm -f "$VM_RUN"/agent.* "$VM_RUN"/qmp.* "$VM_RUN/disk.qcow2"
	qemu-img create -q -f qcow2 -F raw -b "$VM_IMAGE/root.img" \
		"$VM_RUN/disk.qcow2"
	mkfifo "$VM_RUN/agent.in" "$VM_RUN/agent.out" "$VM_RUN/qmp.in" \
		"$VM_RUN/qmp.out"
	# No KVM, on purpose: the CI machine may have none.  The kernel's
	# console and systemd's messages go to ttyS0 (console.log); tty1 is
	# the kiosk's, on the VGA screen, 1280x800 (80 columns of a 16x32
	# font).
	qemu-system-x86_64 -accel tcg -machine pc -smp 2 -m 1536 \
		-kernel "$VM_IMAGE/vmlinuz" -initrd "$VM_IMAGE/initrd.img" \
		-append "root=/dev/vda rw console=ttyS0 quiet loglevel=3 consoleblank=0 video=1280x800 mitigations=off systemd.show_status=false" \
		-drive "file=$VM_RUN/disk.qcow2,if=virtio,format=qcow2,cache=unsafe" \
		-vga std -display none -nic none \
		-device qemu-xhci,id=xhci \
		-serial "file:$VM_RUN/console.log" \
		-chardev "pipe,id=agent,path=$VM_RUN/agent" -serial chardev:agent \
		-chardev "pipe,id=qmp,path=$VM_RUN/qmp" -mon chardev=qmp,mode=control \
		"$@" >"$VM_RUN/qemu.log" 2>&1 &
	VM_PID=$!
	exec 7>"$VM_RUN/agent.in" 8<"$VM_RUN/agent.out"
	exec 5>"$VM_RUN/qmp.in" 6<"$VM_RUN/qmp.out"
	IFS= read -r -t 60 _ <&6 || vm_fail "qemu did not start: $(cat "$VM_RUN/qemu.log")"
	vm_qmp '{"execute":"qmp_capabilities"}' >/dev/null
	vm_wait_ready 600
}

# The power cut: the VM's reset line, nothing flushed; waits for the boot.
vm_power_cut() {
	vm_qmp '{"execute":"system_reset"}' >/dev/null
	vm_wait_ready 600
}

VM_RECEIPT='[0-9A-HJKMNP-TV-Z]\{4\}-[0-9A-HJKMNP-TV-Z]\{4\}'

# One participant on the VM's keyboard (the test image's consultation,
# essai-vm.ini), up to the last key.  A key is pressed only on the screen
# it is for, once that screen is seen: Enter on the welcome screen (again
# while the kiosk rests between two participants), Enter on the privacy
# notice, 1 on the question; a thank-you screen still there goes back by
# itself (thanks_seconds).
vm_answer() {
	local deadline=$((SECONDS + 240)) screen
	while [ "$SECONDS" -lt "$deadline" ]; do
		screen=$(vm_run tty1_line)
		case $screen in
		*"démarre-t-il"*)
			vm_keys 1
			return 0
			;;
		*"vie privée"*)
			vm_keys ret
			vm_run 'wait_tty1 "démarre-t-il" 20' >/dev/null || true
			;;
		*"Donnez votre avis"*)
			vm_keys ret
			vm_run 'wait_tty1 "vie privée" 8' >/dev/null || true
			;;
		*) vm_run 'wait_tty1 "Donnez votre avis" 20' >/dev/null || true ;;
		esac
	done
	vm_fail "no participant could answer; tty1 shows:
$screen"
}

# A whole participant: vm_answer, the last key, the thank-you screen;
# prints its receipt code.  The thank-you screen goes back to the welcome
# screen by itself.
vm_participant() {
	local receipt
	vm_answer
	vm_keys ret
	# Seen and read at once: the screen goes after thanks_seconds.
	receipt=$(vm_run 'wait_tty1 "code de reçu" 60 >/dev/null
		r=$(tty1_line | grep -o "'"$VM_RECEIPT"'" | head -n 1)
		if [ -n "$r" ]; then echo "$r"; else tty1_text; exit 1; fi' 90) ||
		vm_fail "no receipt code on the thank-you screen; tty1 shows:
$receipt"
	echo "$receipt"
}

vm_stop() {
	if [ -n "$VM_PID" ] && kill -0 "$VM_PID" 2>/dev/null; then
		vm_qmp '{"execute":"quit"}' >/dev/null 2>&1 || true
		wait "$VM_PID" 2>/dev/null || true
	fi
	VM_PID=
}
