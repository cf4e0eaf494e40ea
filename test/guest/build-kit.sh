#!/usr/bin/env bash
# Builds the test guest offline from Debian packages (linux-image-amd64, busybox-static):
# a kernel and an initramfs whose init is init.sh. Cached by kernel version and init.sh,
# so it is built once. Prints the kit directory (vmlinuz, initrd.img).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kernel=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || { echo "no kernel in /boot: install linux-image-amd64 (scripts/setup-host.sh)" >&2; exit 1; }
busybox=$(command -v busybox || true)
[ -x /bin/busybox ] && busybox=/bin/busybox
file "$busybox" 2>/dev/null | grep -q 'statically linked' || ldd "$busybox" 2>&1 | grep -q 'not a dynamic' \
  || { echo "busybox is not static: install busybox-static (scripts/setup-host.sh)" >&2; exit 1; }
kver=${kernel#/boot/vmlinuz-}
key=$( (echo "$kver"; cat "$here/init.sh"; cat "$0") | sha256sum | cut -c1-16)
if [ "$(id -u)" -eq 0 ]; then base=/var/lib/snapvisor-test/kit; else base=${XDG_CACHE_HOME:-$HOME/.cache}/snapvisor-kit; fi
out=${SNAPVISOR_KIT_DIR:-$base}/$key
if [ -f "$out/initrd.img" ] && [ -f "$out/vmlinuz" ]; then echo "$out"; exit 0; fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{bin,dev,proc,sys,lib/modules}
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$here/init.sh" "$root/init"; chmod 755 "$root/init"
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk virtio_console; do
  src=$(find "/lib/modules/$kver" -name "$m.ko*" | head -n 1)
  [ -n "$src" ] || continue
  case "$src" in
    *.xz) xz -dc "$src" > "$root/lib/modules/$m.ko" ;;
    *.zst) zstd -qdc "$src" > "$root/lib/modules/$m.ko" ;;
    *) cp "$src" "$root/lib/modules/$m.ko" ;;
  esac
done
mkdir -p "$out.tmp"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp/initrd.img"
cp "$kernel" "$out.tmp/vmlinuz"
chmod 644 "$out.tmp"/*
rm -rf "$out"; mv "$out.tmp" "$out"
echo "$out"
