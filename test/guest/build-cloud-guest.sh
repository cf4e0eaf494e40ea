#!/usr/bin/env bash
# Builds the cloud test guest offline from Debian's own packages: a minbase bookworm rootfs with
# cloud-init (22.4), openssh-server and systemd's tools, made by mmdebstrap from the mirror apt
# already uses, on an ext4 file system in a qcow2 image; plus the host's kernel and a busybox
# initramfs (cloud-boot.sh) that mounts it and starts cloud-pid1.sh, which runs cloud-init's stages
# without systemd (cloud-stages.py) and prints what a test judges on the serial console. Cached by
# the inputs' hash (this script, the guest's three scripts, the kernel version): built once, a few
# minutes on two cores. Builds of other inputs are left to the worktrees and runs that use them,
# unless a week old.
# Prints the directory holding vmlinuz, initrd.img and root.qcow2. Needs root, mmdebstrap,
# busybox-static, e2fsprogs, qemu-utils (scripts/setup-host.sh installs them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" -eq 0 ] || { echo "build-cloud-guest.sh needs root (mmdebstrap, file ownership in the image)" >&2; exit 1; }
kernel=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || { echo "no kernel in /boot: install linux-image-amd64 (scripts/setup-host.sh)" >&2; exit 1; }
kver=${kernel#/boot/vmlinuz-}
for tool in mmdebstrap mke2fs qemu-img cpio; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/setup-host.sh installs it)" >&2; exit 1; }
done
file /bin/busybox 2>/dev/null | grep -q 'statically linked' || ldd /bin/busybox 2>&1 | grep -q 'not a dynamic' \
  || { echo "/bin/busybox is not static: install busybox-static" >&2; exit 1; }

SUITE=bookworm
# systemd is not booted, only its tools are used (systemd-machine-id-setup), as on a cloud image.
PACKAGES=cloud-init,openssh-server,systemd
key=$( (echo "$kver $SUITE $PACKAGES"; cat "$0" "$here"/cloud-{boot.sh,pid1.sh,stages.py}) | sha256sum | cut -c1-16)
out=${SNAPVISOR_CLOUD_GUEST_DIR:-/var/lib/snapvisor-test/cloud-guest}/$key
if [ -f "$out/stamp" ]; then echo "$out"; exit 0; fi

# The suite's repositories as apt on this host reaches them (the mirror, updates, security).
repos() { apt-get indextargets --format '$(REPO_URI) $(CODENAME) $(COMPONENT)' 'Created-By: Packages' | sort -u; }
[ -n "$(repos)" ] || apt-get update -qq
mirrors=()
while read -r uri codename component; do
  case "$codename" in "$SUITE"|"$SUITE"-updates|"$SUITE"-security) mirrors+=("deb $uri $codename $component") ;; esac
done < <(repos)
[ ${#mirrors[@]} -gt 0 ] || { echo "apt knows no $SUITE repository: the cloud test guest is built from Debian $SUITE's" >&2; exit 1; }

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
root=$work/root
started=$(date +%s)
mmdebstrap --quiet --variant=minbase --include="$PACKAGES" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  "$SUITE" "$root" "${mirrors[@]}" >&2

# A cloud image's first-boot state: no host keys, an empty machine-id, no cloud-init state, no apt lists.
rm -f "$root"/etc/ssh/ssh_host_* "$root/var/lib/dbus/machine-id"
: > "$root/etc/machine-id"
rm -rf "$root"/var/lib/cloud/* "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/log/*.log
echo svcloud > "$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 svcloud\n' > "$root/etc/hosts"
# No systemd, so no ds-identify: list only the datasource the tests use (and None, so a boot
# without a seed still runs cloud-init). No NIC in test guests: no network config to render.
# Time under TCG: the C.UTF-8 locale that is already there (Debian's default en_US.UTF-8 would be
# generated, and update-locale then rejects it in this minimal rootfs), no grub to tell debconf
# about, host keys of two types (an RSA key alone takes 12 s to make here), and no key fingerprints
# written to the console (cloud-pid1.sh prints them as facts).
cat > "$root/etc/cloud/cloud.cfg.d/90-svtest.cfg" <<'CFG'
datasource_list: [NoCloud, None]
network: {config: disabled}
locale: C.UTF-8
grub_dpkg: {enabled: false}
ssh_genkeytypes: [ed25519, ecdsa]
no_ssh_fingerprints: true
ssh: {emit_keys_to_console: false}
CFG
echo 'LANG=C.UTF-8' > "$root/etc/default/locale"
install -m 0755 "$here/cloud-pid1.sh" "$root/sbin/svcloud-pid1"
install -m 0755 "$here/cloud-stages.py" "$root/sbin/svcloud-stages"
install -d -m 0755 "$root/var/lib/svtest"

mkdir -p "$out.tmp"
size_mib=$(( $(du -sm "$root" | cut -f1) * 2 + 256 ))
mke2fs -q -t ext4 -L svcloudroot -d "$root" "$work/root.img" "${size_mib}M"
qemu-img convert -q -f raw -O qcow2 "$work/root.img" "$out.tmp/root.qcow2"

# The initramfs: busybox, cloud-boot.sh as /init, the modules it loads in order (dependencies first).
ird=$work/initrd
mkdir -p "$ird"/{bin,dev,proc,sys,lib/modules}
cp /bin/busybox "$ird/bin/busybox"
ln -s busybox "$ird/bin/sh"
install -m 0755 "$here/cloud-boot.sh" "$ird/init"
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk virtio_console \
  crc16 mbcache jbd2 crc32c_generic libcrc32c ext4 cdrom isofs scsi_common scsi_mod libata ata_piix sr_mod; do
  src=$(find "/lib/modules/$kver" -name "$m.ko*" | head -n 1)
  [ -n "$src" ] || continue
  case "$src" in
    *.xz) xz -dc "$src" > "$ird/lib/modules/$m.ko" ;;
    *.zst) zstd -qdc "$src" > "$ird/lib/modules/$m.ko" ;;
    *) cp "$src" "$ird/lib/modules/$m.ko" ;;
  esac
  echo "$m" >> "$ird/lib/modules/order"
done
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp/initrd.img"
cp "$kernel" "$out.tmp/vmlinuz"
chmod 644 "$out.tmp"/*
echo "built in $(( $(date +%s) - started )) s from ${mirrors[*]}; $(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Version}' cloud-init)" > "$out.tmp/stamp"
rm -rf "$out"; mv "$out.tmp" "$out"
find "$(dirname "$out")" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -mtime +7 -exec rm -rf {} +
echo "$out"
