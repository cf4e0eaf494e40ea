#!/usr/bin/env bash
# Prepares this machine to run Snapvisor and its whole test suite:
# libvirt daemon + QEMU, Chromium, the guest kit's packages, the cloud test guest (Debian cloud-init,
# built once with mmdebstrap and cached), a running qemu:///system, a probe recording whether a
# Linux guest really runs under KVM here, a loopback sshd that plays the remote host (qemu+ssh://)
# in the remote tests, and a second libvirt host (copies).
# Idempotent: re-running changes nothing that is already right. Needs root.
set -euo pipefail

log() { printf '[setup-host] %s\n' "$*"; }
die() { printf '[setup-host] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (sudo scripts/setup-host.sh)"

STATE_DIR=${SNAPVISOR_HOST_STATE:-/var/lib/snapvisor-test}
mkdir -p "$STATE_DIR"

APT_PACKAGES=(
  libvirt-daemon libvirt-daemon-driver-qemu libvirt-daemon-system libvirt-clients libvirt0
  qemu-system-x86 qemu-utils
  chromium fonts-nanum
  busybox-static linux-image-amd64 cpio
  mmdebstrap e2fsprogs xorriso
  python3-libvirt
  openssh-server openssh-client netcat-openbsd
  xorriso genisoimage python3-yaml
)

# The second libvirt host of the copies tests (test/remote/second-host.ts): its own libvirtd and
# virtlogd in a private mount namespace, where /run/libvirt, /var/lib/libvirt, /etc/libvirt,
# /var/log/libvirt and /var/cache/libvirt are bound from $HOST2_DIR, reached only through an sshd
# of its own started in that namespace. This prepares its directories, configuration and keys;
# scripts/second-host.sh starts and stops it (the tests do). Its facts: $HOST2_DIR/host2.json.
HOST2_PORT=${SNAPVISOR_HOST2_SSHD_PORT:-2223}
HOST2_DIR="$STATE_DIR/host2"

ensure_second_host() {
  install -d -m 0755 "$HOST2_DIR" "$HOST2_DIR/sshd" "$HOST2_DIR/users"
  local d
  for d in run lib etc log cache; do install -d -m 0755 "$HOST2_DIR/$d"; done
  # Its QEMU runs as root without a security driver, as on this machine; no cgroup controllers:
  # the machine's libvirtd already owns the machine slice, and two daemons must not fight over it.
  write_if_changed "$HOST2_DIR/etc/qemu.conf" 0644 <<'CONF'
user = "root"
group = "root"
security_driver = "none"
cgroup_controllers = [ ]
CONF
  write_if_changed "$HOST2_DIR/etc/libvirtd.conf" 0644 <<CONF
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
CONF
  [ -f "$HOST2_DIR/sshd/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C snapvisor-test-host2 -f "$HOST2_DIR/sshd/host_ed25519"
  printf '[127.0.0.1]:%s %s\n' "$HOST2_PORT" "$(cut -d' ' -f1,2 "$HOST2_DIR/sshd/host_ed25519.pub")" | write_if_changed "$HOST2_DIR/sshd/known_hosts" 0644
  loopback_sshd_config "$HOST2_PORT" "$HOST2_DIR/sshd/host_ed25519" "$HOST2_DIR/sshd.pid" root | write_if_changed "$HOST2_DIR/sshd/sshd_config" 0600
  /usr/sbin/sshd -t -f "$HOST2_DIR/sshd/sshd_config" || die "the second host's sshd config does not validate ($HOST2_DIR/sshd/sshd_config)"
  write_if_changed "$HOST2_DIR/host2.json" 0644 <<JSON
{
  "port": $HOST2_PORT,
  "dir": "$HOST2_DIR",
  "sshdConfig": "$HOST2_DIR/sshd/sshd_config",
  "sshdLog": "$HOST2_DIR/sshd/sshd.log",
  "clientKey": "$SSHD_DIR/client/id_ed25519",
  "knownHosts": "$HOST2_DIR/sshd/known_hosts",
  "pidFiles": { "libvirtd": "$HOST2_DIR/libvirtd.pid", "virtlogd": "$HOST2_DIR/virtlogd.pid", "sshd": "$HOST2_DIR/sshd.pid" },
  "daemonLog": "$HOST2_DIR/log/libvirtd.log"
}
JSON
  log "second libvirt host prepared in $HOST2_DIR (scripts/second-host.sh starts it on 127.0.0.1:$HOST2_PORT)"
}

install_packages() {
  if command -v apt-get >/dev/null 2>&1; then
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
      log "installing: ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      log "packages already installed"
    fi
  elif command -v dnf >/dev/null 2>&1; then
    die "Fedora/RHEL: run 'dnf install libvirt-daemon-kvm libvirt-client qemu-img chromium busybox kernel-core python3-libvirt' and start libvirtd (systemctl enable --now libvirtd), then re-run this script"
  else
    die "unsupported distribution: install libvirt, QEMU, qemu-utils, Chromium, busybox (static) and a Linux kernel image"
  fi
}

ensure_users() {
  getent group kvm >/dev/null || groupadd -r kvm
  getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
  getent group libvirt >/dev/null || groupadd -r libvirt
  id libvirt-qemu >/dev/null 2>&1 || useradd -r -g libvirt-qemu -G kvm -s /usr/sbin/nologin libvirt-qemu
}

# Containers (CI) run as root without an LSM for QEMU: let QEMU run as root with no security driver.
# Only settings that are absent are written; an administrator's own values are kept.
ensure_qemu_conf() {
  local conf=/etc/libvirt/qemu.conf
  [ -f "$conf" ] || touch "$conf"
  local key value
  for kv in 'user="root"' 'group="root"' 'security_driver="none"'; do
    key=${kv%%=*}; value=${kv#*=}
    if ! grep -Eq "^[[:space:]]*${key}[[:space:]]*=" "$conf"; then
      log "qemu.conf: ${key} = ${value}"
      printf '%s = %s\n' "$key" "$value" >> "$conf"
    fi
  done
}

socket_answers() { virsh -c qemu:///system version >/dev/null 2>&1; }

start_daemons() {
  mkdir -p /var/log/libvirt /var/run/libvirt /var/lib/libvirt/images
  if socket_answers; then log "libvirtd already answers"; return; fi
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl start virtlogd.socket libvirtd.socket libvirtd.service 2>/dev/null || true
  fi
  if ! socket_answers; then
    # A socket file can outlive its daemon (the session that started it ended): look for processes.
    pgrep -x virtlogd >/dev/null || virtlogd -d
    pgrep -x libvirtd >/dev/null || libvirtd -d
  fi
  for _ in $(seq 1 60); do socket_answers && break; sleep 0.5; done
  socket_answers || die "qemu:///system does not answer; see /var/log/libvirt/libvirtd.log"
  log "qemu:///system answers"
}

# /dev/kvm may exist while nested KVM cannot run a Linux guest (it stops with an emulation failure).
# Boot the kit guest once under KVM and look for its first TICK; fall back to TCG otherwise.
probe_accel() {
  local out="$STATE_DIR/accel"
  if [ -f "$out" ] && [ -z "${SNAPVISOR_REPROBE:-}" ]; then log "accelerator: $(cat "$out") (cached; SNAPVISOR_REPROBE=1 to re-probe)"; return; fi
  local accel=tcg
  if [ -c /dev/kvm ]; then
    local kit; kit=$(bash "$(dirname "$0")/../test/guest/build-kit.sh")
    local dir; dir=$(mktemp -d)
    local log_file="$dir/console.log"
    timeout 40 qemu-system-x86_64 -accel kvm -m 128 -nographic -no-reboot -display none \
      -kernel "$kit/vmlinuz" -initrd "$kit/initrd.img" \
      -append 'console=ttyS0 panic=-1 quiet' -serial "file:$log_file" -monitor none \
      >"$dir/qemu.err" 2>&1 &
    local pid=$!
    for _ in $(seq 1 40); do
      grep -q 'TICK' "$log_file" 2>/dev/null && { accel=kvm; break; }
      kill -0 "$pid" 2>/dev/null || break
      grep -qi 'internal error\|emulation failure' "$dir/qemu.err" 2>/dev/null && break
      sleep 0.5
    done
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    rm -rf "$dir"
  fi
  echo "$accel" > "$out"
  log "accelerator for Linux guests: $accel (recorded in $out)"
}

# The cloud test guest (test/guest/build-cloud-guest.sh): Debian's cloud-init in a rootfs made from
# the Debian mirror; minutes the first time, then found by its inputs' hash.
build_cloud_guest() {
  local dir; dir=$(bash "$(dirname "$0")/../test/guest/build-cloud-guest.sh") || die "the cloud test guest does not build"
  log "cloud test guest: $dir ($(cat "$dir/stamp"))"
}

# The remote host of the remote tests (test/remote/): an sshd of its own on loopback, key
# authentication only, its config and keys under $STATE_DIR/sshd. It lets in root (the remote
# libvirt administrator) and $SSHD_NOLIBVIRT_USER, a user without libvirt access (the tests'
# "permission denied on the far side" case). Ports and paths live here only: the tests read them
# from $SSHD_DIR/loopback.json, written below.
SSHD_PORT=${SNAPVISOR_SSHD_PORT:-2222}
SSHD_DIR="$STATE_DIR/sshd"
SSHD_NOLIBVIRT_USER=svtest-nolibvirt

write_if_changed() { # file mode < content
  local file=$1 mode=$2 tmp; tmp=$(mktemp)
  cat > "$tmp"
  if [ -f "$file" ] && cmp -s "$tmp" "$file"; then rm -f "$tmp"; else install -m "$mode" "$tmp" "$file"; rm -f "$tmp"; log "wrote $file"; fi
}

# An sshd config for a loopback test host: key authentication only, the client key of
# $SSHD_DIR/authorized. Usage: loopback_sshd_config PORT HOST_KEY PID_FILE "USERS"
loopback_sshd_config() {
  cat <<CONF
# A Snapvisor test host's loopback sshd (scripts/setup-host.sh writes this file).
Port $1
ListenAddress 127.0.0.1
HostKey $2
PidFile $3
AuthorizedKeysFile $SSHD_DIR/authorized/%u
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $4
UsePAM no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PermitTTY no
PrintMotd no
MaxStartups 64:30:128
MaxSessions 64
LogLevel VERBOSE
CONF
}

ensure_sshd() {
  # sshd reads a user's authorized keys as that user: the directories on the way are 0755.
  install -d -m 0755 "$SSHD_DIR" "$SSHD_DIR/authorized"
  install -d -m 0700 "$SSHD_DIR/client"
  [ -f "$SSHD_DIR/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C snapvisor-test-host -f "$SSHD_DIR/host_ed25519"
  [ -f "$SSHD_DIR/client/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C snapvisor-test-client -f "$SSHD_DIR/client/id_ed25519"
  id "$SSHD_NOLIBVIRT_USER" >/dev/null 2>&1 || useradd -r -M -d /nonexistent -s /bin/sh "$SSHD_NOLIBVIRT_USER"
  # No password, yet not locked: sshd refuses a locked account even for a key.
  [ "$(getent shadow "$SSHD_NOLIBVIRT_USER" | cut -d: -f2)" = '*' ] || usermod -p '*' "$SSHD_NOLIBVIRT_USER"
  write_if_changed "$SSHD_DIR/authorized/root" 0644 < "$SSHD_DIR/client/id_ed25519.pub"
  write_if_changed "$SSHD_DIR/authorized/$SSHD_NOLIBVIRT_USER" 0644 < "$SSHD_DIR/client/id_ed25519.pub"
  # What a client that trusts this host knows (tests that look at the host side use it).
  printf '[127.0.0.1]:%s %s\n' "$SSHD_PORT" "$(cut -d' ' -f1,2 "$SSHD_DIR/host_ed25519.pub")" | write_if_changed "$SSHD_DIR/known_hosts" 0644
  loopback_sshd_config "$SSHD_PORT" "$SSHD_DIR/host_ed25519" "$SSHD_DIR/sshd.pid" "root $SSHD_NOLIBVIRT_USER" | write_if_changed "$SSHD_DIR/sshd_config" 0600
  write_if_changed "$SSHD_DIR/loopback.json" 0644 <<JSON
{
  "port": $SSHD_PORT,
  "config": "$SSHD_DIR/sshd_config",
  "log": "$SSHD_DIR/sshd.log",
  "pidFile": "$SSHD_DIR/sshd.pid",
  "clientKey": "$SSHD_DIR/client/id_ed25519",
  "knownHosts": "$SSHD_DIR/known_hosts",
  "noLibvirtUser": "$SSHD_NOLIBVIRT_USER"
}
JSON
  start_sshd
}

sshd_answers() { timeout 10 ssh-keyscan -T 5 -p "$SSHD_PORT" 127.0.0.1 2>/dev/null | grep -q ssh-ed25519; }

start_sshd() {
  local pid=''
  [ -f "$SSHD_DIR/sshd.pid" ] && pid=$(cat "$SSHD_DIR/sshd.pid")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && sshd_answers; then
    # A running sshd re-reads its config on SIGHUP (a changed port or user list takes effect).
    kill -HUP "$pid"; sleep 0.5
  else
    install -d -m 0755 /run/sshd   # sshd's privilege separation directory
    /usr/sbin/sshd -t -f "$SSHD_DIR/sshd_config" || die "the test sshd's config does not validate ($SSHD_DIR/sshd_config)"
    /usr/sbin/sshd -f "$SSHD_DIR/sshd_config" -E "$SSHD_DIR/sshd.log"
  fi
  for _ in $(seq 1 20); do sshd_answers && break; sleep 0.5; done
  sshd_answers || die "the test sshd does not answer on 127.0.0.1:$SSHD_PORT; see $SSHD_DIR/sshd.log"
  log "test sshd answers on 127.0.0.1:$SSHD_PORT"
}

install_packages
ensure_users
ensure_qemu_conf
start_daemons
probe_accel
build_cloud_guest
ensure_sshd
ensure_second_host
log "host ready"
