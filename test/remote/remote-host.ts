// The "remote host" of the remote tests and the client that reaches it, both on this machine:
//  - the host is the machine's own libvirtd behind the loopback sshd that scripts/setup-host.sh
//    sets up (key authentication only; its facts in $STATE_DIR/sshd/loopback.json);
//  - the client is this test process, run by scripts/client-namespace.sh in a mount namespace
//    where the host's pool directory is an empty tmpfs and the client's home is invisible to the
//    daemon, so only what goes through libvirt (over SSH) can work.
// What the host really holds is looked at from the host's side (ssh to it), never from here.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { HostNotReady, STATE_DIR, sleep } from '../guest/kit';

const SETUP_STEP = 'run `sudo scripts/setup-host.sh` (it sets up and starts the loopback sshd)';
const NAMESPACE_STEP = 'run the remote tests through `scripts/client-namespace.sh` (`npm run test:remote`, or `npm test`)';

/** What setup-host.sh wrote about the loopback sshd. */
export interface Loopback {
  port: number;
  config: string;
  log: string;
  pidFile: string;
  /** The private key authorized for root and for noLibvirtUser. */
  clientKey: string;
  /** A known_hosts file holding the host key under [127.0.0.1]:port (for host-side commands). */
  knownHosts: string;
  /** A user the sshd lets in who has no libvirt access. */
  noLibvirtUser: string;
}

let loopbackCache: Loopback | undefined;

export function loopback(): Loopback {
  if (loopbackCache) return loopbackCache;
  const file = join(STATE_DIR, 'sshd', 'loopback.json');
  if (!existsSync(file)) throw new HostNotReady(`no loopback sshd facts at ${file}; ${SETUP_STEP}`);
  loopbackCache = JSON.parse(readFileSync(file, 'utf8')) as Loopback;
  return loopbackCache;
}

export interface UriOptions {
  /** libvirt's transport: OpenSSH (default) or its built-in libssh / libssh2 clients. */
  transport?: 'ssh' | 'libssh' | 'libssh2';
  user?: string;
  host?: string;
  port?: number;
  /** null: no keyfile parameter (ssh then tries the user's default keys). */
  keyfile?: string | null;
  /** Accept an unknown host key (no_verify=1; known_hosts_verify=ignore for libssh*); default true. */
  noVerify?: boolean;
  /** Further URI parameters (socket, proxy, command …). */
  params?: Record<string, string>;
}

/** The loopback host's libvirt URI: qemu+ssh://root@127.0.0.1:PORT/system?keyfile=…&no_verify=1 by default. */
export function remoteUri(o: UriOptions = {}): string {
  const lb = loopback();
  const query = new URLSearchParams();
  const keyfile = o.keyfile === undefined ? lb.clientKey : o.keyfile;
  if (keyfile !== null) query.set('keyfile', keyfile);
  const transport = o.transport ?? 'ssh';
  if (o.noVerify ?? true) {
    if (transport === 'ssh') query.set('no_verify', '1');
    else query.set('known_hosts_verify', 'ignore');
  }
  for (const [k, v] of Object.entries(o.params ?? {})) query.set(k, v);
  const q = query.toString().replace(/%2F/gi, '/');
  return `qemu+${transport}://${o.user ?? 'root'}@${o.host ?? '127.0.0.1'}:${o.port ?? lb.port}/system${q ? `?${q}` : ''}`;
}

// --- the client's namespace ---------------------------------------------------------------

export interface ClientNamespace {
  /** The host's pool directory, an empty tmpfs here. */
  hiddenPoolDir: string;
  /** The client's home: databases and data dirs go under it; the daemon cannot see it. */
  clientHome: string;
  /** The user's ~/.ssh here: this run's own known_hosts. */
  sshDir: string;
}

function mountsHere(): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    // id parent major:minor root mountpoint options [optional…] - fstype source superoptions
    const [left, right] = line.split(' - ');
    const mountPoint = left?.split(' ')[4];
    const fsType = right?.split(' ')[0];
    if (mountPoint && fsType) mounts.set(mountPoint.replace(/\\040/g, ' '), fsType);
  }
  return mounts;
}

/** The pid of the daemon that plays the remote host (libvirtd, or the modular virtqemud). */
export function daemonPid(): number {
  for (const file of ['/run/libvirtd.pid', '/run/virtqemud.pid']) {
    const pid = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : NaN;
    if (pid > 0 && existsSync(`/proc/${pid}`)) return pid;
  }
  throw new HostNotReady('no running libvirtd or virtqemud (no pid file under /run)');
}

/**
 * The namespace scripts/client-namespace.sh made, checked: its paths are tmpfs mounts here and
 * this process does not share the daemon's mount namespace. Fails with the step to run otherwise.
 */
export function clientNamespace(): ClientNamespace {
  const hiddenPoolDir = process.env.SNAPVISOR_HIDDEN_POOL_DIR;
  const clientHome = process.env.SNAPVISOR_CLIENT_HOME;
  const sshDir = process.env.SNAPVISOR_CLIENT_SSH_DIR;
  if (!hiddenPoolDir || !clientHome || !sshDir) throw new HostNotReady(`not in the client namespace; ${NAMESPACE_STEP}`);
  const mounts = mountsHere();
  for (const dir of [hiddenPoolDir, clientHome, sshDir]) {
    if (mounts.get(dir) !== 'tmpfs') throw new HostNotReady(`${dir} is not a private tmpfs here; ${NAMESPACE_STEP}`);
  }
  if (readlinkSync('/proc/self/ns/mnt') === readlinkSync(`/proc/${daemonPid()}/ns/mnt`)) {
    throw new HostNotReady(`this process shares libvirtd's mount namespace; ${NAMESPACE_STEP}`);
  }
  return { hiddenPoolDir, clientHome, sshDir };
}

/** A fresh directory under the client's home (databases, data dirs); rm it when done. */
export function clientDir(label: string): string {
  const home = clientNamespace().clientHome;
  mkdirSync(home, { recursive: true });
  return mkdtempSync(join(home, `${label}-`));
}

// --- the host's side ----------------------------------------------------------------------

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** ssh's arguments that run `command` as root over the sshd on 127.0.0.1:`port` (whose host key `knownHosts` holds). */
export function sshArgs(sshd: { port: number; knownHosts: string }, command: string, args: string[]): string[] {
  return [
    '-p', String(sshd.port), '-i', loopback().clientKey, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${sshd.knownHosts}`, '-T',
    'root@127.0.0.1', '--', [command, ...args].map(shellQuote).join(' '),
  ];
}

/** Runs a command as root over the sshd on 127.0.0.1:`sshd.port`; returns stdout. */
export function onHostAt(sshd: { port: number; knownHosts: string }, command: string, ...args: string[]): string {
  return execFileSync('ssh', sshArgs(sshd, command, args), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

// Runs on the host: notes the files in $1, says "ready", then freezes $3 the moment a file in $1
// named $2* that was not there has data, and says "frozen".
const FREEZE_ON_NEW_FILE = `
before=$(ls -1 "$1"); echo ready
while :; do
  for f in "$1"/"$2"*; do
    [ -s "$f" ] || continue
    case "
$before
" in *"
\${f##*/}
"*) continue;; esac
    kill -STOP "$3"; echo frozen; exit 0
  done
  sleep 0.005
done`;

export interface Freezer {
  /** Resolves once the process was frozen. */
  frozen: Promise<void>;
  /** Ends the watcher (the process stays as it is). */
  cancel(): void;
}

/**
 * Freezes (SIGSTOP) process `pid` on the remote host the moment a new file in `dir` named
 * `prefix`… has data: a watcher on the host itself, so the moment hangs neither on the link nor
 * on Snapvisor's progress reports coming round in time. Resolves once the watcher runs.
 */
export async function freezeOnNewFile(dir: string, prefix: string, pid: number): Promise<Freezer> {
  const child = spawn('ssh', sshArgs(loopback(), 'sh', ['-c', FREEZE_ON_NEW_FILE, 'sh', dir, prefix, String(pid)]), { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const said = (word: string): Promise<void> => new Promise((resolve, reject) => {
    lines.on('line', (l) => { if (l === word) resolve(); });
    child.once('exit', (code) => reject(new Error(`the watcher on the host ended (${code}) before it said ${word}`)));
  });
  const ready = said('ready');
  const frozen = said('frozen');
  frozen.catch(() => undefined);
  await ready;
  return { frozen, cancel: () => { child.kill(); } };
}

/** Runs a command on the remote host (as root, over the loopback sshd) and returns its stdout. */
export function onHost(command: string, ...args: string[]): string {
  return onHostAt(loopback(), command, ...args);
}

/** True when `path` exists on the remote host. */
export function existsOnHost(path: string): boolean {
  return onHost('sh', '-c', 'test -e "$1" && echo yes || echo no', 'sh', path).trim() === 'yes';
}

/** The regular files under `dir` on the remote host (none when it does not exist). */
export function filesOnHost(dir: string): string[] {
  const out = onHost('sh', '-c', 'test -d "$1" && find "$1" -type f | sort || true', 'sh', dir);
  return out.split('\n').filter(Boolean);
}

/** A file's permission bits on the remote host, e.g. "600". */
export function modeOnHost(path: string): string {
  return onHost('stat', '-c', '%a', path).trim();
}

/** The pid of a running domain's QEMU on the remote host. */
export function qemuPidOnHost(domainName: string): number {
  return Number(onHost('cat', `/run/libvirt/qemu/${domainName}.pid`).trim());
}

/** Sends a signal to a process on the remote host (STOP and CONT freeze and thaw a guest's QEMU). */
export function signalOnHost(pid: number, signal: 'STOP' | 'CONT' | 'KILL'): void {
  onHost('kill', `-${signal}`, String(pid));
}

/** The regular files under `dir` as this client sees them. */
export function filesHere(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesHere(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []))
    .sort();
}

// --- sshd ---------------------------------------------------------------------------------

/** True when an SSH server greets on 127.0.0.1:port within 5 s. */
export function sshdAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => { socket.destroy(); resolve(ok); };
    socket.setTimeout(5000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (d) => done(d.toString('latin1').startsWith('SSH-')));
  });
}

async function waitForSshd(port: number, up: boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await sshdAnswers(port)) !== up) {
    if (Date.now() > deadline) throw new HostNotReady(`${what}; see ${loopback().log}`);
    await sleep(200);
  }
}

/**
 * Starts sshd with the loopback config (and `args`) in the daemon's mount namespace, so the
 * remote host's sessions see the machine's directories, not the client's hidden ones.
 */
function spawnSshd(args: string[]): void {
  const lb = loopback();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  execFileSync('nsenter', [`--mount=/proc/${daemonPid()}/ns/mnt`, '--', '/usr/sbin/sshd', '-f', lb.config, '-E', lb.log, ...args], { stdio: 'pipe' });
}

/** The loopback sshd answers, restarted (in the host's namespace) if it died. */
export async function ensureSshd(): Promise<void> {
  const lb = loopback();
  if (!existsSync('/usr/sbin/sshd')) throw new HostNotReady(`openssh-server is not installed; ${SETUP_STEP}`);
  if (await sshdAnswers(lb.port)) return;
  spawnSshd([]);
  await waitForSshd(lb.port, true, `the loopback sshd did not come back on port ${lb.port}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * An sshd of one test's own, on a port of its own (same keys and users as the loopback sshd), for
 * tests that take their host away: stop() ends the listener and this process's SSH links to it.
 */
/** Kills the ssh clients libvirt spawned from this process to `port`: the link dies mid-call. */
export function dropSshClients(port: number): number {
  let killed = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (ppid === process.pid && argv[0]?.endsWith('ssh') && argv.includes(String(port))) {
        process.kill(Number(pid), 'SIGKILL');
        killed++;
      }
    } catch { /* the process ended meanwhile */ }
  }
  return killed;
}

export class PrivateSshd {
  private constructor(readonly port: number, private readonly dir: string) {}

  static async start(): Promise<PrivateSshd> {
    const dir = mkdtempSync(join(STATE_DIR, 'sshd', 'private-'));
    const s = new PrivateSshd(await freePort(), dir);
    await s.resume();
    return s;
  }

  private get pidFile(): string {
    return join(this.dir, 'sshd.pid');
  }

  /** Starts (again) listening on the same port. */
  async resume(): Promise<void> {
    spawnSshd(['-p', String(this.port), '-o', `PidFile=${this.pidFile}`]);
    await waitForSshd(this.port, true, `a private sshd did not start on port ${this.port}`);
  }

  /** Stops listening and cuts this process's ssh connections to the port: the host is gone. */
  async stop(): Promise<void> {
    if (existsSync(this.pidFile)) {
      try { process.kill(Number(readFileSync(this.pidFile, 'utf8').trim()), 'SIGTERM'); } catch { /* already gone */ }
      rmSync(this.pidFile, { force: true });
    }
    this.dropConnections();
    await waitForSshd(this.port, false, `a private sshd on port ${this.port} did not stop`);
  }

  /** Kills the ssh clients libvirt spawned from this process for this port (the link dies mid-call). */
  dropConnections(): number {
    return dropSshClients(this.port);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
