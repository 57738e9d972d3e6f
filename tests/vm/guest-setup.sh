#!/bin/bash
# mmdebstrap's last hook for the boot tests' image (image.sh): the packages
# installed by apt, then the kiosk set up as a real one is after `apt
# install parvis` (its PIN, its name, the console kiosk enabled, [sync]
# towards the collector on the same machine with a throw-away certificate
# authority), plus what only a test image has: the agent on ttyS1, a
# fixed machine id, a consultation of one question.
#
# usage: guest-setup.sh ROOT IMAGE_DIR TESTS_VM_DIR
set -euo pipefail

root=$1
img=$2
here=$3

# The packages, as an administrator installs them (their dependencies
# from the mirror).
debs=$(cd "$root/tmp" && ls parvis_*.deb parvis-collect_*.deb)
# shellcheck disable=SC2086 # two file names without spaces
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
	--no-install-recommends $(printf '/tmp/%s ' $debs)
rm -f "$root"/tmp/*.deb

echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" >"$root/etc/fstab"
echo parvis-vm >"$root/etc/hostname"
systemd-machine-id-setup --root="$root" >/dev/null
echo 'kernel.printk = 3 3 3 3' >"$root/etc/sysctl.d/90-parvis-quiet.conf"

install -m 755 "$here/agent.sh" "$root/usr/local/sbin/parvis-vm-agent"
install -m 644 "$here/agent.service" \
	"$root/etc/systemd/system/parvis-vm-agent.service"
systemctl --root="$root" enable parvis-vm-agent.service \
	parvis-kiosk-console.service >/dev/null 2>&1
# A lean boot: no file system scrub, no apt or dpkg timers in a VM that
# lives for minutes.
systemctl --root="$root" mask e2scrub_reap.service e2scrub_all.timer \
	apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer \
	fstrim.timer >/dev/null 2>&1

# The collector's certificate for localhost, from a throw-away authority.
tls=$img/tls
mkdir -p "$tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$tls/ca.key" -out "$img/ca.pem" -days 30 \
	-subj "/CN=parvis test CA" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$tls/key.pem" -out "$tls/req.csr" -subj "/CN=localhost" \
	2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$tls/ext"
openssl x509 -req -in "$tls/req.csr" -CA "$img/ca.pem" -CAkey "$tls/ca.key" \
	-CAcreateserial -days 30 -extfile "$tls/ext" -out "$tls/cert.pem" \
	2>/dev/null
install -m 600 "$tls/cert.pem" "$root/etc/parvis/tls/collect-cert.pem"
install -m 600 "$tls/key.pem" "$root/etc/parvis/tls/collect-key.pem"
install -m 644 "$img/ca.pem" "$root/etc/parvis/test-ca.pem"
rm -rf "$tls"

ini=$root/etc/parvis/kiosk.ini
sed -i -e 's/^id .*/id        = kiosque-vm/' \
	-e 's/^thanks_seconds .*/thanks_seconds = 8/' "$ini"
cat >>"$ini" <<'INI'

[sync]
url        = https://localhost:8443
token_file = /etc/parvis/kiosk-token
ca_file    = /etc/parvis/test-ca.pem
INI
# One consultation of one question instead of the shipped ones.
rm -f "$root"/var/lib/parvis/forms/*.ini "$root/var/lib/parvis/forms/.parvis-pulled"
install -o "$(stat -c %u "$root/var/lib/parvis/forms")" \
	-g "$(stat -c %g "$root/var/lib/parvis/forms")" -m 644 \
	"$here/essai-vm.ini" "$root/var/lib/parvis/forms/"
chroot "$root" parvis check /var/lib/parvis/forms/essai-vm.ini >/dev/null

printf '4827\n4827\n' |
	chroot "$root" parvis --config /etc/parvis/kiosk.ini set-pin >/dev/null
