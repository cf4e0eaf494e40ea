#!/usr/bin/env bash
# Runs a command as the "administrator's workstation" of the remote tests (test/remote/): in a
# mount namespace of its own (unshare --mount, private propagation) on this same machine, where
#  - the remote host's pool directory ($SNAPVISOR_HIDDEN_POOL_DIR) is an empty tmpfs: a client
#    that touches a pool file directly instead of through libvirt finds nothing there;
#  - the client's own home ($SNAPVISOR_CLIENT_HOME: databases, data dirs) is a tmpfs the daemon
#    cannot see: a client path handed to the "remote" libvirt does not exist where QEMU runs;
#  - the user's ~/.ssh is a private, empty tmpfs: ssh's known_hosts of this run, never the
#    machine's own (no_verify=1 adds keys to it; the host-key tests write to it).
# libvirtd and the loopback sshd (scripts/setup-host.sh) stay in the machine's namespace: the
# "remote host" sees the real directories. The paths are exported for the tests, which check
# they are in such a namespace before anything else. Needs root. Usage: client-namespace.sh CMD…
set -euo pipefail

die() { printf '[client-namespace] ERROR: %s\n' "$*" >&2; exit 1; }
[ $# -gt 0 ] || die "usage: scripts/client-namespace.sh COMMAND [ARGS...]"
[ "$(id -u)" -eq 0 ] || die "run as root: a mount namespace and its tmpfs mounts need it (sudo)"
command -v unshare >/dev/null || die "unshare is missing (util-linux); run 'sudo scripts/setup-host.sh'"
unshare --mount --propagation private true 2>/dev/null || die "this machine allows no private mount namespace (unshare --mount needs CAP_SYS_ADMIN; in a container, run it privileged)"

STATE_DIR=${SNAPVISOR_HOST_STATE:-/var/lib/snapvisor-test}
export SNAPVISOR_HIDDEN_POOL_DIR=/var/lib/libvirt/snapvisor
export SNAPVISOR_CLIENT_HOME="$STATE_DIR/remote-client"
export SNAPVISOR_CLIENT_SSH_DIR
SNAPVISOR_CLIENT_SSH_DIR="$(getent passwd "$(id -u)" | cut -d: -f6)/.ssh"

# Mount points must exist on the machine; empty directories, harmless to the daemon.
install -d -m 0755 "$SNAPVISOR_HIDDEN_POOL_DIR"
install -d -m 0700 "$SNAPVISOR_CLIENT_HOME" "$SNAPVISOR_CLIENT_SSH_DIR"

exec unshare --mount --propagation private -- bash -c '
  set -euo pipefail
  mount -t tmpfs -o mode=0755,size=1m snapvisor-hidden-pool "$SNAPVISOR_HIDDEN_POOL_DIR"
  mount -t tmpfs -o mode=0700,size=1g snapvisor-client-home "$SNAPVISOR_CLIENT_HOME"
  mount -t tmpfs -o mode=0700,size=1m snapvisor-client-ssh "$SNAPVISOR_CLIENT_SSH_DIR"
  exec "$@"' client-namespace "$@"
