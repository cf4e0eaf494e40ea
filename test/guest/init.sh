#!/bin/sh
# PID 1 of the test guest. Prints "BOOT <random id>" once, then "TICK n" every 100 ms
# from a counter held only in this shell's memory: a memory revert makes it go back,
# a reboot prints a new BOOT line. With svmark=N on the kernel command line it also
# writes "MARK n" into the first sector of /dev/vda every N ticks (and says so). With svfill=MiB
# it first dirties that much RAM once (random bytes in a tmpfs) and prints FILLED.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk; do
  insmod "/lib/modules/$m.ko" 2>/dev/null
done
mark_every=0
fill=0
for arg in $(cat /proc/cmdline); do
  case "$arg" in svmark=*) mark_every=${arg#svmark=} ;; svfill=*) fill=${arg#svfill=} ;; esac
done
id=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "BOOT $id"
if [ "$fill" -gt 0 ]; then
  mkdir -p /fill && mount -t tmpfs -o size=$((fill + 8))m tmpfs /fill
  dd if=/dev/urandom of=/fill/x bs=1M count="$fill" 2>/dev/null
  echo FILLED
fi
n=0
while true; do
  n=$((n + 1))
  echo "TICK $n"
  if [ "$mark_every" -gt 0 ] && [ $((n % mark_every)) -eq 0 ] && [ -b /dev/vda ]; then
    printf 'MARK %d\n' "$n" | dd of=/dev/vda bs=512 count=1 conv=sync,fsync 2>/dev/null && echo "MARKED $n"
  fi
  sleep 0.1
done
