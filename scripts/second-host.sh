#!/usr/bin/env bash
# Starts and stops the second libvirt host of the copies tests (test/remote/second-host.ts), which
# scripts/setup-host.sh prepares in $STATE_DIR/host2: a libvirtd and a virtlogd of its own in a
# private mount namespace where /run/libvirt, /var/lib/libvirt, /etc/libvirt, /var/log/libvirt and
# /var/cache/libvirt are bound from that directory (pid files given with -p: /run/libvirtd.pid is
# the machine's daemon's), reached only through an sshd of its own started in the same namespace.
# The namespace is made from the machine's (the first libvirtd's), never from a test's own.
#
# Several test processes may use it at once: each names itself (its pid) when it starts and stops
# it; the host starts for the first and stops when the last one (or a dead one's leftover) is gone.
# Stopping ends every process of the namespace (sshd sessions, QEMU of domains left running,
# libvirtd, virtlogd): nothing keeps running. Needs root. Usage: second-host.sh start|stop OWNER_PID
set -euo pipefail

die() { printf '[second-host] ERROR: %s\n' "$*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: scripts/second-host.sh start|stop OWNER_PID"
[ "$(id -u)" -eq 0 ] || die "run as root (a mount namespace and libvirtd need it)"
cmd=$1 owner=$2
[[ "$owner" =~ ^[0-9]+$ ]] || die "OWNER_PID must be a process id"

STATE_DIR=${SNAPVISOR_HOST_STATE:-/var/lib/snapvisor-test}
H="$STATE_DIR/host2"
SETUP='run `sudo scripts/setup-host.sh` (it prepares the second libvirt host)'
[ -f "$H/host2.json" ] || die "the second host is not prepared ($H/host2.json missing); $SETUP"
PORT=$(sed -n 's/^ *"port": *\([0-9]*\).*/\1/p' "$H/host2.json")
CLIENT_KEY=$(sed -n 's/^ *"clientKey": *"\(.*\)".*/\1/p' "$H/host2.json")

exec 9>"$H/lock"
flock 9

pid_of() { [ -f "$H/$1.pid" ] && tr -dc '0-9' < "$H/$1.pid" || true; }
alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# The mount namespace of the running second host (any of its daemons), or nothing.
namespace() {
  local d p
  for d in libvirtd virtlogd sshd; do
    p=$(pid_of "$d")
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then readlink "/proc/$p/ns/mnt"; return; fi
  done
}

machine_namespace_pid() {
  local p=''
  [ -f /run/libvirtd.pid ] && p=$(tr -dc '0-9' < /run/libvirtd.pid)
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then echo "$p"; else echo 1; fi
}

# Every process in the namespace `ns` (the second host's; this script is never in it).
members() {
  local ns=$1 p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/ns/mnt" 2>/dev/null)" = "$ns" ] && echo "${p#/proc/}"
  done
  return 0
}

answers() {
  timeout 20 ssh -p "$PORT" -i "$CLIENT_KEY" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$H/sshd/known_hosts" -T root@127.0.0.1 \
    virsh -c qemu:///system uri >/dev/null 2>&1
}

stop_all() {
  local ns p left
  ns=$(namespace)
  if [ -n "$ns" ]; then
    # libvirtd first (it may write its state on the way out), then whatever is left in there.
    for p in $(pid_of sshd) $(pid_of libvirtd); do kill -TERM "$p" 2>/dev/null || true; done
    for _ in $(seq 1 50); do alive libvirtd || break; sleep 0.1; done
    for sig in TERM KILL; do
      left=$(members "$ns")
      [ -z "$left" ] && break
      kill "-$sig" $left 2>/dev/null || true
      for _ in $(seq 1 50); do [ -z "$(members "$ns")" ] && break; sleep 0.1; done
    done
    [ -z "$(members "$ns")" ] || die "processes of the second host did not end: $(members "$ns" | tr '\n' ' ')"
  fi
  rm -f "$H/libvirtd.pid" "$H/virtlogd.pid" "$H/sshd.pid"
}

start_all() {
  stop_all
  # Runtime state of daemons that are gone (sockets, domain status): nothing of it is alive.
  find "$H/run" -mindepth 1 -delete
  install -d -m 0755 /run/sshd
  nsenter --mount="/proc/$(machine_namespace_pid)/ns/mnt" -- unshare --mount --propagation private -- bash -c '
    set -euo pipefail
    H=$1
    mount --bind "$H/run" /run/libvirt
    mount --bind "$H/lib" /var/lib/libvirt
    mount --bind "$H/etc" /etc/libvirt
    mount --bind "$H/log" /var/log/libvirt
    mount --bind "$H/cache" /var/cache/libvirt
    virtlogd -d -p "$H/virtlogd.pid"
    libvirtd -d -p "$H/libvirtd.pid"
    /usr/sbin/sshd -f "$H/sshd/sshd_config" -E "$H/sshd/sshd.log"' second-host "$H" 9>&- </dev/null >/dev/null 2>"$H/start.log" || die "the second host did not start: $(cat "$H/start.log")"
  for _ in $(seq 1 100); do answers && return; sleep 0.2; done
  stop_all
  die "the second host does not answer on 127.0.0.1:$PORT; see $H/start.log, $H/log/libvirtd.log and $H/sshd/sshd.log"
}

prune_users() {
  local f
  for f in "$H"/users/*; do
    [ -e "$f" ] || continue
    kill -0 "${f##*/}" 2>/dev/null || rm -f "$f"
  done
}

case "$cmd" in
  start)
    prune_users
    touch "$H/users/$owner"
    if alive libvirtd && alive virtlogd && alive sshd && answers; then echo running; else start_all; echo started; fi
    ;;
  stop)
    rm -f "$H/users/$owner"
    prune_users
    if compgen -G "$H/users/*" >/dev/null; then echo kept; else stop_all; echo stopped; fi
    ;;
  *) die "unknown command $cmd (start or stop)" ;;
esac
