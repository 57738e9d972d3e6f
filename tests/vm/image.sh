#!/bin/bash
# The boot tests' Debian 12 image, made from Debian's packages: mmdebstrap
# (network to a Debian mirror: the one this machine's apt uses) with the
# kernel, systemd, udev, logind, cage and what the tests read with, then
# the freshly built parvis and parvis-collect packages installed by apt
# like on a real kiosk; put into an ext4 file system by mkfs.ext4 -d (no
# loop device, no mount).  The kernel and the initramfs are taken out for
# qemu's direct kernel boot.  Made again only when the packages or these
# scripts changed; everything stays in the build directory.
#
# usage: image.sh SOURCE_DIR VM_DIR
# leaves VM_DIR/image/{root.img,vmlinuz,initrd.img,ca.pem,key}
set -euo pipefail

src=$1
vm=$2
here=$(cd "$(dirname "$0")" && pwd)
for tool in mmdebstrap mkfs.ext4 qemu-system-x86_64 qemu-img tesseract \
	dpkg-buildpackage; do
	command -v "$tool" >/dev/null || {
		echo "SKIP: no $tool (sh scripts/quickstart.sh test installs it)"
		exit 77
	}
done
[ "$(id -u)" = 0 ] || {
	echo "SKIP: mmdebstrap makes the image as root"
	exit 77
}
img=$vm/image
mkdir -p "$vm"
mapfile -t debs < <("$here/debs.sh" "$src" "$vm/debs")
[ "${#debs[@]}" = 2 ] || {
	echo "FAIL: the packages were not built" >&2
	exit 1
}
exec 8>"$vm/.image.lock"
flock 8
key=$(cat "${debs[@]}" "$0" "$here"/guest-setup.sh "$here"/agent.* \
	"$here"/essai-vm.ini | sha256sum | cut -d' ' -f1)
if [ -f "$img/key" ] && [ "$(cat "$img/key")" = "$key" ]; then
	echo "image: up to date ($img)"
	exit 0
fi
rm -rf "$img"
mkdir -p "$img"

# The mirror this machine's apt uses, else Debian's own.
mirrors=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
	/etc/apt/sources.list.d/*.sources; do
	if [ -s "$f" ] && grep -q '^[^#]' "$f"; then
		mirrors+=("$f")
	fi
done
[ "${#mirrors[@]}" -gt 0 ] || mirrors=(http://deb.debian.org/debian)

# Lean: no recommends, no documentation; the kernel, systemd and logind
# (cage's session), kbd (the console font), sqlite3 (the tests look into
# the databases), and cage's stack with grim for its screenshots.
include=systemd-sysv,udev,dbus,libpam-systemd,kbd,linux-image-amd64
include=$include,e2fsprogs,procps,sqlite3,ca-certificates
include=$include,cage,xwayland,xterm,fonts-dejavu-core,grim
start=$(date +%s)
# dpkg without fsync (eatmydata); an initramfs of the few modules the VM
# needs to find its root (much quicker to make than Debian's "most").
initramfs='mkdir -p "$1/etc/initramfs-tools/conf.d" && printf "MODULES=list\n" >"$1/etc/initramfs-tools/conf.d/parvis-vm" && printf "virtio_pci\nvirtio_blk\next4\n" >>"$1/etc/initramfs-tools/modules"'
mmdebstrap --variant=apt --include="$include" \
	--hook-dir=/usr/share/mmdebstrap/hooks/eatmydata \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/info/*' \
	--essential-hook="$initramfs" \
	--customize-hook="copy-in ${debs[*]} /tmp" \
	--customize-hook="'$here/guest-setup.sh' \"\$1\" '$img' '$here'" \
	bookworm "$img/root" "${mirrors[@]}" </dev/null >"$img/mmdebstrap.log" 2>&1 || {
	tail -n 40 "$img/mmdebstrap.log" >&2
	echo "FAIL: mmdebstrap (log: $img/mmdebstrap.log)" >&2
	exit 1
}
cp "$img"/root/boot/vmlinuz-* "$img/vmlinuz"
cp "$img"/root/boot/initrd.img-* "$img/initrd.img"
truncate -s 3G "$img/root.img"
mkfs.ext4 -q -F -L parvis -d "$img/root" "$img/root.img"
rm -rf "$img/root"
echo "$key" >"$img/key"
echo "image: built in $(($(date +%s) - start)) s ($img)"
