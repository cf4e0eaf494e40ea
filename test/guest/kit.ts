// The test guest kit: tiny real VMs on qemu:///system for integration tests.
// A guest is Debian's kernel + a busybox initramfs (build-kit.sh), booted directly, with its
// serial console in a file. Its init prints "BOOT <id>" once and "TICK n" every 100 ms from a
// counter held only in RAM; disks are qcow2 (or raw) files under a per-guest directory.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Connection, Domain, VIR_DOMAIN_UNDEFINE, el, ownAll, renderXml,
} from '../../native';
import { noteGuest } from '../setup/run-ledger';

const KIT_SCRIPT = resolve(fileURLToPath(new URL('.', import.meta.url)), 'build-kit.sh');
export const STATE_DIR = process.env.SNAPVISOR_HOST_STATE ?? '/var/lib/snapvisor-test';
export const GUEST_PREFIX = 'svtest-';
export const SYSTEM_URI = 'qemu:///system';
const SETUP_HINT = 'run `sudo scripts/setup-host.sh` (it installs libvirt/QEMU and the kit packages and starts libvirtd)';

export class HostNotReady extends Error {
  constructor(what: string) {
    super(`integration host not ready: ${what}; ${SETUP_HINT}`);
  }
}

export interface Kit {
  kernel: string;
  initrd: string;
}

let kitCache: Kit | undefined;

/**
 * Runs a build script that prints the directory of its (cached) output; a failure is a host
 * that is not ready, with the script's last words.
 */
export function runBuildScript(script: string, what: string): string {
  try {
    return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15 * 60_000 }).trim();
  } catch (e) {
    const last = (e as { stderr?: string }).stderr?.trim().split('\n').at(-1) || (e as Error).message.split('\n')[0];
    throw new HostNotReady(`${what} does not build (${last})`);
  }
}

/** Builds (or finds cached) kernel + initramfs. */
export function buildKit(): Kit {
  if (kitCache) return kitCache;
  const dir = runBuildScript(KIT_SCRIPT, 'the guest kit');
  kitCache = { kernel: join(dir, 'vmlinuz'), initrd: join(dir, 'initrd.img') };
  return kitCache;
}

/** The domain type that really runs a Linux guest here, as probed by setup-host.sh. */
export function guestDomainType(): 'kvm' | 'qemu' {
  const file = join(STATE_DIR, 'accel');
  if (!existsSync(file)) throw new HostNotReady(`no accelerator probe result at ${file}`);
  return readFileSync(file, 'utf8').trim() === 'kvm' ? 'kvm' : 'qemu';
}

/**
 * Opens qemu:///system or fails with the setup step to run. Integration tests call this
 * first: a missing prerequisite is a failure that says what to do, never a silent skip.
 */
export async function openSystem(): Promise<Connection> {
  for (const tool of ['qemu-img', 'qemu-io', 'qemu-system-x86_64']) {
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
    } catch {
      throw new HostNotReady(`${tool} is not installed`);
    }
  }
  try {
    return await Connection.open(SYSTEM_URI);
  } catch (e) {
    throw new HostNotReady(`${SYSTEM_URI} does not answer (${(e as Error).message})`);
  }
}

export function qemuImg(...args: string[]): string {
  return execFileSync('qemu-img', args, { encoding: 'utf8' });
}

export interface GuestDisk {
  target: string;
  file: string;
  format: 'qcow2' | 'raw';
  /** Attached read-only (e.g. a cloud-init seed). */
  readonly?: boolean;
}

export interface GuestOptions {
  /** Data disks besides vda. */
  dataDisks?: number;
  /** Format of vda (the system disk). */
  systemFormat?: 'qcow2' | 'raw';
  dataFormat?: 'qcow2' | 'raw';
  memoryMiB?: number;
  diskMiB?: number;
  /** Write "MARK n" into vda's first sector every N ticks. */
  markEvery?: number;
  /** Name suffix, for readable test output. */
  label?: string;
  /** Adds a VNC display (localhost, auto port) and this video model, e.g. for screenshots. */
  graphics?: { video?: 'vga' | 'cirrus' };
  /** Adds the QEMU guest agent channel (the kit runs no agent: pings go unanswered). */
  agentChannel?: boolean;
  /**
   * Adds the agent channel and runs the kit's own tiny guest agent on it (init.sh, `svagent=1`):
   * guest-sync(-delimited), guest-ping, guest-info, guest-fsfreeze-*. The console shows
   * "QGA <command>" per command and FROZEN n / THAWED n; sector 1 of vda gets "FREEZE n" / "THAW n"
   * (flushed) before the freeze / thaw is answered and the line printed.
   */
  guestAgent?: boolean;
  /**
   * Fills this many MiB of guest RAM with non-zero data (a file in the initramfs), so memory
   * snapshots have pages to write and report progress. Needs memoryMiB > 2 x ballast.
   */
  ballastMiB?: number;
  /** Dirties this many MiB of RAM with random bytes once at boot (init prints FILLED, then ticks). */
  fillMiB?: number;
  /**
   * Boots through a firmware image in a pflash loader with an NVRAM file filled from a template at
   * its first start, as a UEFI VM does. SeaBIOS's image stands in for OVMF (not installed here):
   * libvirt handles the loader and the NVRAM the same way, and the kernel still boots directly.
   */
  pflash?: boolean;
}

/** The firmware and NVRAM of a `pflash` guest. */
export interface GuestFirmware {
  loader: string;
  /** The VM's own NVRAM file (libvirt makes it at the first start) and the file it is filled from. */
  nvram: string;
  template: string;
}

const PFLASH_LOADER = '/usr/share/seabios/bios-256k.bin';

/**
 * RAM for a memory snapshot that lasts long enough to be caught in the middle (progress polled,
 * cancelled, the daemon restarted, Snapvisor killed): 450 MiB of non-zero pages, which libvirt
 * writes at about the disk's speed while Snapvisor flushes the file. 200 MiB was done before a
 * 150 ms poll came round on a fast machine.
 */
export const LONG_MEMORY_WRITE = { memoryMiB: 1024, ballastMiB: 450 } as const;

export interface ConsoleState {
  boots: string[];
  ticks: number[];
  lastTick: number | undefined;
  marks: number[];
  /** The agent's lines in order: "QGA <command>", "FROZEN n", "THAWED n" (guestAgent guests only). */
  agent: string[];
}

/** Parses complete console lines only (the tty writes "\r\n"; the last line may be partial). */
export function parseConsole(content: string): ConsoleState {
  const lines = content.split('\n');
  lines.pop();
  const boots: string[] = [];
  const ticks: number[] = [];
  const marks: number[] = [];
  const agent: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '').trim();
    let m: RegExpExecArray | null;
    if ((m = /^BOOT ([0-9a-f]+)$/.exec(line))) boots.push(m[1]!);
    else if ((m = /^TICK (\d+)$/.exec(line))) ticks.push(Number(m[1]));
    else if ((m = /^MARKED (\d+)$/.exec(line))) marks.push(Number(m[1]));
    else if (/^(QGA \S+|FROZEN \d+|THAWED \d+)$/.test(line)) agent.push(line);
  }
  return { boots, ticks, lastTick: ticks.at(-1), marks, agent };
}

export class Guest {
  constructor(
    readonly conn: Connection,
    readonly name: string,
    readonly dir: string,
    readonly consoleLog: string,
    readonly disks: GuestDisk[],
    public domain: Domain,
  ) {}

  get uuid(): string {
    return this.domain.uuid();
  }

  async start(): Promise<void> {
    await this.domain.start();
  }

  async destroy(): Promise<void> {
    if (this.domain.isActive()) await this.domain.destroy();
  }

  state(): string {
    return this.domain.state().state;
  }

  console(): ConsoleState {
    return parseConsole(existsSync(this.consoleLog) ? readFileSync(this.consoleLog, 'utf8') : '');
  }

  /** Waits until the guest has printed TICK >= k after `afterTicks` ticks already seen. */
  async waitForTick(k: number, timeoutMs = 90_000, afterTicks = 0): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ticks = this.console().ticks.slice(afterTicks);
      const last = ticks.at(-1);
      if (last !== undefined && last >= k) return last;
      if (Date.now() > deadline) {
        throw new Error(`${this.name}: no TICK >= ${k} within ${timeoutMs} ms (state ${this.state()}, last ${last ?? 'none'})`);
      }
      await sleep(200);
    }
  }

  /** Waits until `count` more TICK lines have arrived than `afterTicks`. */
  async waitForMoreTicks(afterTicks: number, count: number, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.console().ticks.length < afterTicks + count) {
      if (Date.now() > deadline) {
        // What a failure needs to be read: the domain's state and where the console stopped.
        const c = this.console();
        throw new Error(`${this.name}: fewer than ${count} new ticks within ${timeoutMs} ms (domain ${this.state()}, ${c.ticks.length} ticks, last ${c.lastTick ?? 'none'}, ${c.boots.length} boots)`);
      }
      await sleep(200);
    }
  }

  disk(target: string): GuestDisk {
    const d = this.disks.find((x) => x.target === target);
    if (!d) throw new Error(`${this.name} has no disk ${target}`);
    return d;
  }

  /** Writes a byte pattern with qemu-io; the guest must be shut off. `file` overrides the disk's path. */
  writePattern(target: string, pattern: number, opts: { offset?: number; length?: number; file?: string } = {}): void {
    const d = this.disk(target);
    const { offset = 0, length = 1024 * 1024 } = opts;
    execFileSync('qemu-io', ['-f', opts.file ? detectFormat(opts.file) : d.format, '-c', `write -P ${pattern} ${offset} ${length}`, opts.file ?? d.file], { stdio: 'pipe' });
  }

  /** True when the region holds `pattern` (qemu-io read -P); the guest must be shut off. */
  hasPattern(target: string, pattern: number, opts: { offset?: number; length?: number; file?: string } = {}): boolean {
    const d = this.disk(target);
    const { offset = 0, length = 1024 * 1024 } = opts;
    const args = ['-r', '-f', opts.file ? detectFormat(opts.file) : d.format, '-c', `read -P ${pattern} ${offset} ${length}`, opts.file ?? d.file];
    try {
      execFileSync('qemu-io', args, { encoding: 'utf8', stdio: 'pipe' });
      return true;
    } catch (e) {
      // qemu-io exits non-zero on a mismatch; anything else is a real failure.
      const out = `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`;
      if (/Pattern verification failed/.test(out)) return false;
      throw e;
    }
  }

  /** Waits until the kit's guest agent (guestAgent: true) answers a ping; it starts a few seconds into the boot. */
  async waitForAgent(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.domain.agentPing(2))) {
      if (Date.now() > deadline) throw new Error(`${this.name}: the guest agent did not answer within ${timeoutMs} ms`);
      await sleep(500);
    }
  }

  /**
   * The agent's freeze/thaw marker in sector 1 of `file` read through its backing chain
   * ("FREEZE n", "THAW n" or '' when none), e.g. a snapshot's base image or the overlay above it.
   */
  agentMark(file: string): string {
    return /^(FREEZE|THAW) \d+/.exec(sectorText(file, 512))?.[0] ?? '';
  }

  /**
   * The disk marker (markEvery) in sector 0 of `file` read through its backing chain: n of the
   * last "MARK n" the guest had written there, or null when none.
   */
  diskMark(file: string): number | null {
    return markOf(sectorText(file, 0));
  }
}

/** The first 64 bytes at `offset` of an image (through its chain, without taking its lock) as text. */
function sectorText(file: string, offset: number): string {
  return dumpText(execFileSync('qemu-io', ['-r', '-U', '-f', detectFormat(file), '-c', `read -v ${offset} 64`, file], { encoding: 'utf8' }));
}

/** The bytes of qemu-io's `read -v` dump as text (for a dump taken elsewhere, e.g. on a remote host). */
export function dumpText(dump: string): string {
  return dump.split('\n')
    .map((l) => /^[0-9a-f]+:\s+((?:[0-9a-f]{2}\s)+)/.exec(l)?.[1] ?? '')
    .join(' ').trim().split(/\s+/).filter(Boolean)
    .map((h) => String.fromCharCode(parseInt(h, 16))).join('');
}

/** n of the disk marker "MARK n" at the start of a sector's text, or null. */
export function markOf(text: string): number | null {
  const m = /^MARK (\d+)/.exec(text);
  return m ? Number(m[1]) : null;
}

export function detectFormat(file: string): 'qcow2' | 'raw' {
  const info = JSON.parse(qemuImg('info', '-U', '--output=json', file)) as { format: string };
  return info.format === 'qcow2' ? 'qcow2' : 'raw';
}

/** Node's own: one sleep for the engine and the tests. */
export { sleep };

/** Polls `pred` every 100 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function until(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function removeDomain(conn: Connection, name: string): Promise<void> {
  let dom: Domain;
  try {
    dom = conn.lookupDomainByName(name);
  } catch {
    return;
  }
  // A QEMU slow to die under load makes destroy fail ("Device or resource busy"): asked again,
  // since undefining a running domain would leave it running, transient.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      if (dom.isActive()) await dom.destroy();
      break;
    } catch {
      await sleep(1000);
    }
  }
  try {
    dom.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA | VIR_DOMAIN_UNDEFINE.NVRAM | VIR_DOMAIN_UNDEFINE.MANAGED_SAVE);
  } catch { /* transient or already gone */ }
  dom.close();
}

export function guestXml(o: {
  name: string; type: 'kvm' | 'qemu'; kit: Kit; memoryMiB: number; consoleLog: string; disks: GuestDisk[]; markEvery?: number; fillMiB?: number;
  graphics?: GuestOptions['graphics']; agentChannel?: boolean; guestAgent?: boolean; firmware?: GuestFirmware;
}): string {
  const cmdline = [
    'console=ttyS0', 'quiet', 'panic=-1', o.markEvery ? `svmark=${o.markEvery}` : '', o.fillMiB ? `svfill=${o.fillMiB}` : '', o.guestAgent ? 'svagent=1' : '',
  ].filter(Boolean).join(' ');
  return renderXml(
    el('domain', { type: o.type },
      el('name', {}, o.name),
      el('memory', { unit: 'MiB' }, o.memoryMiB),
      el('vcpu', {}, 1),
      el('os', {},
        el('type', { arch: 'x86_64', machine: 'pc' }, 'hvm'),
        o.firmware ? el('loader', { readonly: 'yes', type: 'pflash' }, o.firmware.loader) : null,
        o.firmware ? el('nvram', { template: o.firmware.template }, o.firmware.nvram) : null,
        el('kernel', {}, o.kit.kernel),
        el('initrd', {}, o.kit.initrd),
        el('cmdline', {}, cmdline)),
      // A pflash firmware needs ACPI (libvirt refuses the definition without it).
      o.firmware ? el('features', {}, el('acpi', {})) : null,
      el('on_reboot', {}, 'destroy'),
      el('devices', {},
        el('emulator', {}, '/usr/bin/qemu-system-x86_64'),
        ...o.disks.map((d) => el('disk', { type: 'file', device: 'disk' },
          el('driver', { name: 'qemu', type: d.format }),
          el('source', { file: d.file }),
          el('target', { dev: d.target, bus: 'virtio' }),
          d.readonly ? el('readonly', {}) : null)),
        el('serial', { type: 'file' },
          el('source', { path: o.consoleLog, append: 'on' }),
          el('target', { port: 0 })),
        o.agentChannel || o.guestAgent
          ? el('channel', { type: 'unix' }, el('target', { type: 'virtio', name: 'org.qemu.guest_agent.0' }))
          : null,
        o.graphics ? el('graphics', { type: 'vnc', autoport: 'yes', listen: '127.0.0.1' }) : null,
        o.graphics ? el('video', {}, el('model', { type: o.graphics.video ?? 'vga' })) : null,
        el('memballoon', { model: 'none' }))),
  );
}

/**
 * The kit with an initramfs that also carries `/ballast`, `mib` MiB of 0xAB bytes: the kernel
 * unpacks it into RAM. Concatenated gzip'd cpio archives are one initramfs to Linux.
 */
export function withBallast(kit: Kit, dir: string, mib: number): Kit {
  const initrd = join(dir, `initrd-ballast-${mib}.img`);
  const script = [
    'set -euo pipefail',
    'work=$(mktemp -d); trap \'rm -rf "$work"\' EXIT',
    'head -c "$((MIB * 1048576))" /dev/zero | tr "\\000" "\\253" > "$work/ballast"',
    '(cd "$work" && echo ballast | cpio -o -H newc --quiet | gzip -1) > "$OUT.extra"',
    'cat "$KIT" "$OUT.extra" > "$OUT"; rm -f "$OUT.extra"',
  ].join('\n');
  execFileSync('bash', ['-c', script], { env: { ...process.env, MIB: String(mib), KIT: kit.initrd, OUT: initrd }, stdio: 'pipe' });
  return { kernel: kit.kernel, initrd };
}

const live = new Set<Guest>();

/** A unique kit guest name and its own directory (made), where cleanupStaleGuests looks. */
export function newGuestDir(label?: string): { name: string; dir: string } {
  const name = `${GUEST_PREFIX}${label ? `${label}-` : ''}${randomBytes(4).toString('hex')}`;
  const dir = join(STATE_DIR, 'guests', name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { name, dir };
}

/** Defines `xml` as the guest `name` and registers it for cleanupGuests. */
export function defineGuest(conn: Connection, o: { name: string; dir: string; consoleLog: string; disks: GuestDisk[]; xml: string }): Guest {
  const guest = new Guest(conn, o.name, o.dir, o.consoleLog, o.disks, conn.defineDomain(o.xml));
  live.add(guest);
  liveUris.set(o.name, conn.uri());
  noteGuest(o.name, guest.uuid);
  return guest;
}

/** Defines (does not start) a uniquely named kit guest. */
export async function createGuest(conn: Connection, opts: GuestOptions = {}): Promise<Guest> {
  const kit = buildKit();
  const { name, dir } = newGuestDir(opts.label);
  const diskMiB = opts.diskMiB ?? 64;
  const disks: GuestDisk[] = [];
  const add = (target: string, format: 'qcow2' | 'raw'): void => {
    const file = join(dir, `${target}.${format}`);
    qemuImg('create', '-q', '-f', format, file, `${diskMiB}M`);
    disks.push({ target, file, format });
  };
  add('vda', opts.systemFormat ?? 'qcow2');
  for (let i = 0; i < (opts.dataDisks ?? 0); i++) add(`vd${String.fromCharCode(98 + i)}`, opts.dataFormat ?? 'qcow2');
  const consoleLog = join(dir, 'console.log');
  let firmware: GuestFirmware | undefined;
  if (opts.pflash) {
    firmware = { loader: PFLASH_LOADER, nvram: join(dir, 'nvram.fd'), template: join(dir, 'nvram-template.fd') };
    writeFileSync(firmware.template, Buffer.alloc(128 * 1024, 0x5a));
  }
  const xml = guestXml({
    name, type: guestDomainType(), kit: opts.ballastMiB ? withBallast(kit, dir, opts.ballastMiB) : kit, memoryMiB: opts.memoryMiB ?? 128, consoleLog, disks, markEvery: opts.markEvery, fillMiB: opts.fillMiB,
    graphics: opts.graphics, agentChannel: opts.agentChannel, guestAgent: opts.guestAgent, firmware,
  });
  return defineGuest(conn, { name, dir, consoleLog, disks, xml });
}

/** The URI each live guest's daemon answers on, to reach it again when its connection is gone. */
const liveUris = new Map<string, string>();

/**
 * `g`'s connection with the names of its daemon's domains, or a fresh connection when the test
 * closed it or it died (a restart, a cut link). A call tells: isAlive() says yes until the client
 * notices the dead socket.
 */
async function reachable(g: Guest, fresh: Map<string, Connection>): Promise<{ conn: Connection; names: string[] }> {
  const namesOn = (c: Connection): string[] => {
    using doms = ownAll(c.listAllDomains());
    return doms.map((d) => d.name());
  };
  if (!g.conn.closed) {
    try {
      return { conn: g.conn, names: namesOn(g.conn) };
    } catch { /* dead */ }
  }
  const uri = liveUris.get(g.name) ?? SYSTEM_URI;
  let conn = fresh.get(uri);
  if (!conn) fresh.set(uri, (conn = await Connection.open(uri)));
  return { conn, names: namesOn(conn) };
}

/**
 * Tears down every guest this process created, and the VMs made from them (a restore as a new VM
 * is named after its kit guest: `<guest>-copy`); call from afterAll (runs when tests fail too).
 */
export async function cleanupGuests(): Promise<void> {
  const fresh = new Map<string, Connection>();
  try {
    for (const g of [...live]) {
      const { conn, names } = await reachable(g, fresh);
      for (const name of names.filter((n) => n.startsWith(`${g.name}-`))) await removeDomain(conn, name);
      await removeDomain(conn, g.name);
      rmSync(g.dir, { recursive: true, force: true });
      live.delete(g);
      liveUris.delete(g.name);
    }
  } finally {
    for (const c of fresh.values()) c.close();
  }
}

/** Removes svtest-* domains and directories left by a crashed earlier run. */
export async function cleanupStaleGuests(conn: Connection, olderThanMs = 60 * 60 * 1000): Promise<void> {
  const doms = conn.listAllDomains();
  for (const d of doms) {
    const name = d.name();
    const dir = join(STATE_DIR, 'guests', name);
    if (name.startsWith(GUEST_PREFIX) && !isOurs(name)) {
      // Only kit guests (they have a kit dir) are judged by age. A VM made from one (e.g. a
      // restore-as-new copy) may belong to a test file running in parallel right now: left alone.
      let age = -1;
      try { age = Date.now() - statSync(dir).mtimeMs; } catch { /* not a kit guest */ }
      if (age > olderThanMs) {
        await removeDomain(conn, name);
        rmSync(dir, { recursive: true, force: true });
      }
    }
    d.close();
  }
}

function isOurs(name: string): boolean {
  return [...live].some((g) => g.name === name);
}

export interface RevertVerdict {
  reverted: boolean;
  /** Why, in words (for assertion messages). */
  reason: string;
  /** The first complete TICK after the revert point, if any. */
  firstTick?: number;
}

/**
 * Judges strictly whether the console shows a memory revert. `before` is the console when the
 * revert started; the snapshot captured the counter somewhere in [snapLow, snapHigh] (the last
 * ticks seen just before and just after it was taken). A revert means: no new BOOT line, the
 * first complete TICK after `before` falls back into [snapLow - slack, snapHigh + slack] (below
 * where the counter was), and at least `minTicks` ticks follow it one by one.
 */
export function judgeMemoryRevert(
  before: ConsoleState, after: ConsoleState, snap: { low: number; high: number }, opts: { slack?: number; minTicks?: number } = {},
): RevertVerdict {
  const { slack = 2, minTicks = 5 } = opts;
  if (after.boots.length !== before.boots.length) return { reverted: false, reason: `a new BOOT line appeared (${after.boots.at(-1)})` };
  // The old run may print a few more ticks between reading `before` and the revert stopping it:
  // they continue the old counter exactly, and the resumed run starts where it goes back.
  let ticks = after.ticks.slice(before.ticks.length);
  let skip = 0;
  while (skip < 5 && skip < ticks.length && ticks[skip] === (skip === 0 ? before.lastTick ?? -1 : ticks[skip - 1]!) + 1) skip++;
  ticks = ticks.slice(skip);
  const first = ticks[0];
  if (first === undefined) return { reverted: false, reason: 'no TICK after the revert point' };
  const lo = snap.low - slack;
  const hi = snap.high + slack;
  if (first < lo || first > hi) {
    return { reverted: false, reason: `first TICK after the revert is ${first}, outside [${lo}, ${hi}]`, firstTick: first };
  }
  if (before.lastTick !== undefined && first >= before.lastTick) {
    return { reverted: false, reason: `the counter did not go back (${before.lastTick} -> ${first})`, firstTick: first };
  }
  if (ticks.length < minTicks) return { reverted: false, reason: `only ${ticks.length} ticks after the revert`, firstTick: first };
  for (let i = 1; i < ticks.length; i++) {
    if (ticks[i] !== first + i) return { reverted: false, reason: `ticks after the revert jump: ${ticks.slice(0, i + 1).join(',')}`, firstTick: first };
  }
  return { reverted: true, reason: `counter went back from ${before.lastTick ?? '?'} to ${first} and counted on`, firstTick: first };
}

/**
 * After a reconnect (e.g. a libvirtd restart), moves every live guest onto `conn` so cleanup
 * works; returns the new Guest objects in the order given (use them instead of the old ones).
 */
export function reattachGuests(conn: Connection, guests: Guest[]): Guest[] {
  return guests.map((g) => {
    const fresh = new Guest(conn, g.name, g.dir, g.consoleLog, g.disks, conn.lookupDomainByName(g.name));
    if (live.delete(g)) live.add(fresh);
    return fresh;
  });
}

