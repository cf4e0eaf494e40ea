#!/bin/sh
# PID 1 of the cloud test guest (/sbin/svcloud-pid1 in its Debian rootfs, started by cloud-boot.sh).
# It does what systemd would do for cloud-init on a Debian cloud image, minus systemd (too slow
# under TCG): on a first boot it gives the machine a machine-id (an empty or missing
# /etc/machine-id, as systemd does), sets the hostname from /etc/hostname, runs cloud-init's four
# stages in order (svcloud-stages, cloud-stages.py), flushes the disk, then prints the facts a test
# judges, one per line, and ticks:
#   BOOT <random id>                       once per boot (as the kit guest)
#   CLOUD instance-id <id>                 cloud-init's current instance
#   CLOUD datasource <text>                which datasource it used (e.g. DataSourceNoCloud [seed=/dev/vdb]…)
#   CLOUD hostname <name>                  the kernel's hostname after cloud-init
#   CLOUD machine-id <32 hex>
#   CLOUD hostkey <TYPE> <SHA256:…>        one per /etc/ssh/ssh_host_*_key.pub
#   CLOUD authkey <user> <authorized_keys line>   for root and every /home/* user
#   CLOUD marker <line>                    each line of /var/lib/svtest/markers (user scripts append to it)
#   CLOUD error <text>                     each error cloud-init reports in /run/cloud-init/result.json
#   CLOUD ready <seconds since the kernel started>
#   TICK n                                 every second from then on
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
mount -o remount,rw /
# systemd's first-boot rule, by systemd's own tool: an empty or missing machine-id gets one (in a
# VM systemd takes the SMBIOS UUID, i.e. libvirt's domain UUID; elsewhere a random one).
grep -Eq '^[0-9a-f]{32}$' /etc/machine-id 2>/dev/null || systemd-machine-id-setup >/dev/null
[ -s /etc/hostname ] && hostname -F /etc/hostname
echo "BOOT $(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"

svcloud-stages
sync

echo "CLOUD instance-id $(cat /var/lib/cloud/data/instance-id 2>/dev/null)"
# result.json as cloud-init writes it (json.dumps, indent 1): one key or list item a line. Read by
# sed, not python: another interpreter start costs seconds under TCG.
if [ -f /run/cloud-init/result.json ]; then
  sed -n 's/^ *"datasource": "\(.*\)",\{0,1\}$/CLOUD datasource \1/p' /run/cloud-init/result.json
  sed -n '/^ *"errors": \[$/,/^ *\]/{ /^ *"errors": \[$/d; /^ *\],\{0,1\}$/d; s/^ *"\{0,1\}/CLOUD error /; s/",\{0,1\}$//; p; }' /run/cloud-init/result.json
else
  echo "CLOUD error no /run/cloud-init/result.json"
fi
echo "CLOUD hostname $(hostname)"
echo "CLOUD machine-id $(cat /etc/machine-id)"
for f in /etc/ssh/ssh_host_*_key.pub; do
  [ -f "$f" ] && ssh-keygen -lf "$f" | awk '{ t = $NF; gsub(/[()]/, "", t); print "CLOUD hostkey", t, $2 }'
done
for home in /root /home/*; do
  [ -f "$home/.ssh/authorized_keys" ] || continue
  grep -v '^[[:space:]]*\(#\|$\)' "$home/.ssh/authorized_keys" | while IFS= read -r line; do
    echo "CLOUD authkey ${home##*/} $line"
  done
done
[ -f /var/lib/svtest/markers ] && while IFS= read -r line; do echo "CLOUD marker $line"; done < /var/lib/svtest/markers
echo "CLOUD ready $(cut -d' ' -f1 /proc/uptime)"
n=0
while true; do
  n=$((n + 1))
  echo "TICK $n"
  sleep 1
done
