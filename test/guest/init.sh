#!/bin/sh
# PID 1 of the test guest. Prints "BOOT <random id>" once, then "TICK n" every 100 ms
# from a counter held only in this shell's memory: a memory revert makes it go back,
# a reboot prints a new BOOT line. With svmark=N on the kernel command line it also
# writes "MARK n" into the first sector of /dev/vda every N ticks (and says so). With svfill=MiB
# it first dirties that much RAM once (random bytes in a tmpfs) and prints FILLED. With svagent=1
# and a virtio-serial port named org.qemu.guest_agent.0 it also runs a tiny QEMU guest agent in
# the background (see qga_serve): it prints "QGA <command>" for each command, and FROZEN / THAWED
# on fsfreeze-freeze / fsfreeze-thaw, after writing "FREEZE n" / "THAW n" into sector 1 of /dev/vda
# (both before the reply: the snapshot libvirt takes in between holds FREEZE, the disk after it THAW).
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk virtio_console; do
  insmod "/lib/modules/$m.ko" 2>/dev/null
done
mark_every=0
fill=0
agent=0
for arg in $(cat /proc/cmdline); do
  case "$arg" in svmark=*) mark_every=${arg#svmark=} ;; svfill=*) fill=${arg#svfill=} ;; svagent=*) agent=${arg#svagent=} ;; esac
done

# The guest agent's port: /dev/vportNpM whose sysfs name is org.qemu.guest_agent.0.
qga_port() {
  for f in /sys/class/virtio-ports/*/name; do
    [ -r "$f" ] && [ "$(cat "$f")" = org.qemu.guest_agent.0 ] && { d=${f%/name}; echo "/dev/${d##*/}"; return 0; }
  done
  return 1
}
# Writes "$1 $2" into sector 1 of vda and flushes it, so the disk shows when it happened.
qga_mark() {
  [ -b /dev/vda ] && printf '%s %s\n' "$1" "$2" | dd of=/dev/vda bs=512 seek=1 count=1 conv=sync,fsync 2>/dev/null
}
# The QEMU guest agent protocol, one JSON command per line on fd 3, one JSON reply per line.
# 0xFF bytes (the sync sentinel) are dropped from input; guest-sync-delimited's reply starts with one.
qga_serve() {
  frozen=0
  freezes=0
  ff=$(printf '\377')
  exec 3<>"$1"
  while true; do
    line=
    if ! IFS= read -r line <&3 && [ -z "$line" ]; then sleep 0.2; continue; fi
    case "$line" in *"$ff"*) echo "QGA 0xff" ;; esac
    line=$(printf '%s' "$line" | tr -d '\377\r')
    [ -n "$line" ] || continue
    cmd=$(printf '%s' "$line" | sed -n 's/.*"execute"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
    [ -n "$cmd" ] || cmd=unknown
    echo "QGA $cmd"
    case "$cmd" in
      guest-sync|guest-sync-delimited)
        id=$(printf '%s' "$line" | sed -n 's/.*"id"[[:space:]]*:[[:space:]]*\(-\{0,1\}[0-9][0-9]*\).*/\1/p')
        [ "$cmd" = guest-sync-delimited ] && printf '\377' >&3
        printf '{"return": %s}\n' "${id:-0}" >&3 ;;
      guest-ping) printf '{"return": {}}\n' >&3 ;;
      guest-info)
        list=
        for c in guest-sync guest-sync-delimited guest-ping guest-info guest-fsfreeze-status guest-fsfreeze-freeze guest-fsfreeze-freeze-list guest-fsfreeze-thaw; do
          list="$list${list:+, }{\"name\": \"$c\", \"enabled\": true, \"success-response\": true}"
        done
        printf '{"return": {"version": "0.0-svtest", "supported_commands": [%s]}}\n' "$list" >&3 ;;
      guest-fsfreeze-status)
        if [ "$frozen" -eq 1 ]; then printf '{"return": "frozen"}\n' >&3; else printf '{"return": "thawed"}\n' >&3; fi ;;
      guest-fsfreeze-freeze|guest-fsfreeze-freeze-list)
        freezes=$((freezes + 1))
        qga_mark FREEZE "$freezes"
        frozen=1
        echo "FROZEN $freezes"
        printf '{"return": 1}\n' >&3 ;;
      guest-fsfreeze-thaw)
        n=$frozen
        frozen=0
        qga_mark THAW "$freezes"
        echo "THAWED $freezes"
        printf '{"return": %s}\n' "$n" >&3 ;;
      *) printf '{"error": {"class": "CommandNotFound", "desc": "The command %s has not been found"}}\n' "$cmd" >&3 ;;
    esac
  done
}
if [ "$agent" = 1 ]; then
  (
    i=0
    until port=$(qga_port); do
      i=$((i + 1)); [ "$i" -ge 100 ] && exit 0
      sleep 0.1
    done
    echo "QGA ready $port"
    qga_serve "$port"
  ) &
fi
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
