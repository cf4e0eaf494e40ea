// The cloud test guest: a Debian bookworm rootfs with Debian's cloud-init 22.4 (build-cloud-guest.sh),
// booted like a kit guest (host kernel, own initramfs) and run by cloud-pid1.sh instead of systemd.
// After cloud-init's four stages it prints on its serial console what a test judges: instance-id,
// hostname, machine-id, SSH host key fingerprints, authorized keys and the markers user scripts
// leave (MARKER_FILE), then ticks. A guest's vda is a thin qcow2 overlay on the cached image; a
// NoCloud seed ISO, when given, is attached read-only on virtio (vdb), as Snapvisor attaches one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from '../../native';
import {
  HostNotReady, defineGuest, guestDomainType, guestXml, newGuestDir, qemuImg, runBuildScript, sleep, type Guest, type GuestDisk, type Kit,
} from './kit';

const BUILD_SCRIPT = resolve(fileURLToPath(new URL('.', import.meta.url)), 'build-cloud-guest.sh');

/** How long a test waits for a boot's facts; a test that boots the guest once gives itself a minute more. */
export const CLOUD_BOOT_MS = 360_000;

/** The file whose lines the guest prints as "CLOUD marker <line>" at every boot: user scripts append to it. */
export const MARKER_FILE = '/var/lib/svtest/markers';

export interface CloudKit extends Kit {
  /** The guest's root file system (qcow2), the backing file of every guest's vda. */
  rootImage: string;
}

let cloudKitCache: CloudKit | undefined;

/** Finds the cloud guest's image (built by scripts/setup-host.sh; built here when missing, as root). */
export function buildCloudKit(): CloudKit {
  if (cloudKitCache) return cloudKitCache;
  const dir = runBuildScript(BUILD_SCRIPT, 'the cloud test guest');
  cloudKitCache = { kernel: join(dir, 'vmlinuz'), initrd: join(dir, 'initrd.img'), rootImage: join(dir, 'root.qcow2') };
  return cloudKitCache;
}

export interface CloudGuestOptions {
  /** Name suffix, for readable test output. */
  label?: string;
  /**
   * A NoCloud seed ISO made elsewhere (e.g. by Snapvisor), attached read-only as vdb. Without a
   * seed cloud-init falls back to DataSourceNone (instance-id iid-datasource-none).
   */
  seedIso?: string;
  /** Files of a seed to make with writeSeedIso into the guest's dir (seed.iso) and attach as vdb. */
  seed?: Record<string, string>;
  memoryMiB?: number;
}

/** Defines (does not start) a cloud guest named with the kit's prefix; cleanupGuests removes it. */
export async function createCloudGuest(conn: Connection, opts: CloudGuestOptions = {}): Promise<Guest> {
  const kit = buildCloudKit();
  const { name, dir } = newGuestDir(opts.label ?? 'cloud');
  const vda = join(dir, 'vda.qcow2');
  qemuImg('create', '-q', '-f', 'qcow2', '-b', kit.rootImage, '-F', 'qcow2', vda);
  const disks: GuestDisk[] = [{ target: 'vda', file: vda, format: 'qcow2' }];
  if (opts.seed && opts.seedIso) throw new Error('createCloudGuest: give seed or seedIso, not both');
  const seedIso = opts.seed ? join(dir, 'seed.iso') : opts.seedIso;
  if (opts.seed) writeSeedIso(join(dir, 'seed.iso'), opts.seed);
  if (seedIso) disks.push({ target: 'vdb', file: seedIso, format: 'raw', readonly: true });
  const consoleLog = join(dir, 'console.log');
  const xml = guestXml({ name, type: guestDomainType(), kit, memoryMiB: opts.memoryMiB ?? 512, consoleLog, disks });
  return defineGuest(conn, { name, dir, consoleLog, disks, xml });
}

/**
 * Writes a NoCloud seed with xorriso: ISO 9660 labelled `cidata`, Joliet and Rock Ridge, holding
 * `files` (meta-data, user-data, network-config…) at its root.
 */
export function writeSeedIso(iso: string, files: Record<string, string>): void {
  const src = mkdtempSync(join(tmpdir(), 'svtest-seed-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(src, name), content);
    execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-output', iso, '-volid', 'cidata', '-joliet', '-rock', src], { stdio: 'pipe' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new HostNotReady('xorriso is not installed');
    throw e;
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
}

export interface AuthorizedKey {
  user: string;
  /** "type base64" of the key, without options or comment. */
  key: string;
  /** The whole authorized_keys line (options, key, comment). */
  line: string;
}

/** What one boot of the cloud guest printed (one per BOOT line, in order). */
export interface CloudBoot {
  /** The BOOT line's random id. */
  id: string;
  instanceId?: string;
  datasource?: string;
  hostname?: string;
  machineId?: string;
  /** SSH host key type (ED25519, ECDSA…) to its SHA256 fingerprint. */
  hostKeys: Record<string, string>;
  authorizedKeys: AuthorizedKey[];
  /** The lines of MARKER_FILE at the end of this boot's cloud-init run. */
  markers: string[];
  /** Errors cloud-init recorded in /run/cloud-init/result.json. */
  errors: string[];
  /** Seconds from the kernel's start to the facts: set once this boot's facts are complete. */
  readySeconds?: number;
}

const KEY = /(?:^|\s)((?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-\S+@openssh\.com) [A-Za-z0-9+/]+=*)(?:\s|$)/;

/** Parses the cloud guest's console (complete lines only) into its boots. */
export function parseCloudConsole(content: string): CloudBoot[] {
  const lines = content.split('\n');
  lines.pop();
  const boots: CloudBoot[] = [];
  for (const raw of lines) {
    // The firmware's terminal resets (ESC c, ESC [?7l, ESC [2J) can come before a line's text.
    const esc = raw.lastIndexOf('\u001b');
    const line = (esc < 0 ? raw : raw.slice(esc + 1).replace(/^(?:\[[0-9;?]*[A-Za-z]|c)/, '')).replace(/\r+$/, '');
    const boot = /^BOOT ([0-9a-f]+)$/.exec(line.trim());
    if (boot) {
      boots.push({ id: boot[1]!, hostKeys: {}, authorizedKeys: [], markers: [], errors: [] });
      continue;
    }
    const b = boots.at(-1);
    const m = /^CLOUD (\S+) ?(.*)$/.exec(line);
    if (!b || !m || b.readySeconds !== undefined) continue;
    const what = m[1]!;
    const rest = m[2] ?? '';
    switch (what) {
      case 'instance-id': b.instanceId = rest; break;
      case 'datasource': b.datasource = rest; break;
      case 'hostname': b.hostname = rest; break;
      case 'machine-id': b.machineId = rest; break;
      case 'hostkey': { const [type, fp] = rest.split(' '); if (type && fp) b.hostKeys[type] = fp; break; }
      case 'authkey': {
        const sp = rest.indexOf(' ');
        const keyLine = rest.slice(sp + 1);
        const key = KEY.exec(keyLine)?.[1];
        if (sp > 0 && key) b.authorizedKeys.push({ user: rest.slice(0, sp), key, line: keyLine });
        break;
      }
      case 'marker': b.markers.push(rest); break;
      case 'error': b.errors.push(rest); break;
      case 'ready': b.readySeconds = Number(rest); break;
    }
  }
  return boots;
}

/** "type base64" of an OpenSSH public key line (as AuthorizedKey.key). */
export function publicKeyOf(line: string): string {
  const key = KEY.exec(line.trim())?.[1];
  if (!key) throw new Error(`not an OpenSSH public key: ${line.slice(0, 40)}`);
  return key;
}

/**
 * Waits until the guest's `n`th boot (1-based, counting BOOT lines on the console) has printed all
 * its facts, and returns them. `console` is the console file, or a function returning its text
 * (e.g. read on a remote host). A boot takes about a minute under TCG on a quiet machine, and
 * two to three while other guests run.
 */
export async function waitForCloudBoot(console: string | (() => string), n: number, timeoutMs = CLOUD_BOOT_MS): Promise<CloudBoot> {
  const read = typeof console === 'string' ? () => (existsSync(console) ? readFileSync(console, 'utf8') : '') : console;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = read();
    const boots = parseCloudConsole(text);
    const b = boots[n - 1];
    if (b?.readySeconds !== undefined) return b;
    if (Date.now() > deadline) {
      // Where the console stopped tells a slow boot from one that died (kernel, init, cloud-init).
      const tail = text.trimEnd().split('\n').slice(-3).map((l) => l.trim()).join(' | ');
      throw new Error(`cloud guest boot ${n}: no complete facts within ${timeoutMs} ms (${boots.length} boots seen${b ? `, this one got to ${JSON.stringify(b)}` : ''}; console ends: ${tail})`);
    }
    await sleep(500);
  }
}
