#!/bin/sh
# /init of the cloud test guest's initramfs (busybox): loads the drivers the Debian kernel keeps in
# modules (virtio disks, ext4, ISO 9660 and the CD-ROM path for a seed), mounts the root file system
# (vda) and hands over to its own PID 1, /sbin/svcloud-pid1 (cloud-pid1.sh), or to the program
# `svinit=PATH` on the kernel command line names (e.g. /lib/systemd/systemd, to time a systemd boot).
# The rootfs has no /lib/modules: every module the guest needs is loaded here, before the switch.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
while read -r m; do
  insmod "/lib/modules/$m.ko" 2>/dev/null
done < /lib/modules/order
mkdir -p /newroot
i=0
until [ -b /dev/vda ] && mount -t ext4 /dev/vda /newroot 2>/dev/null; do
  i=$((i + 1))
  [ "$i" -ge 100 ] && { echo "CLOUD fatal no root file system on /dev/vda"; exec sh; }
  sleep 0.1
done
init=/sbin/svcloud-pid1
for arg in $(cat /proc/cmdline); do
  case "$arg" in svinit=*) init=${arg#svinit=} ;; esac
done
umount /sys /proc
mount --move /dev /newroot/dev
exec switch_root /newroot "$init"
