// Whose is a new object on the shared daemon? A test or bench run notes its kit guests (name and
// UUID) and its databases' install ids in a ledger file its processes find through
// SNAPVISOR_RUN_LEDGER, and watches for other runs on this machine (vitest or `npm run bench`
// processes outside its own process tree). What a guest of the ledger is named for (the guest,
// `<guest>-copy`, `svtest-pool-<guest>`) or holds (a pool whose volumes carry its UUID), and the
// pools of its install ids, are the run's for certain; anything else new is the run's only when
// no other run was there to make it.
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LEDGER_ENV = 'SNAPVISOR_RUN_LEDGER';

export interface Ledger {
  guests: { name: string; uuid: string }[];
  /** Install ids of the run's databases: their pools are the run's. */
  installs: string[];
}

/** Opens this run's ledger (the processes it starts from now on write to it); returns its path. */
export function openLedger(): string {
  const file = join(tmpdir(), `snapvisor-run-${process.pid}-${Date.now()}.ledger`);
  writeFileSync(file, '', { mode: 0o600 });
  process.env[LEDGER_ENV] = file;
  return file;
}

function note(entry: { guest: string; uuid: string } | { install: string }): void {
  const file = process.env[LEDGER_ENV];
  if (file && existsSync(file)) appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

/** Notes a kit guest in the ledger of the run this process belongs to, if any. */
export function noteGuest(name: string, uuid: string): void {
  note({ guest: name, uuid });
}

/** Notes the install ids of databases the run made (test services, CLI sandboxes). */
export function noteInstalls(ids: string[]): void {
  for (const install of ids) note({ install });
}

/** Reads and removes the ledger. */
export function closeLedger(file: string): Ledger {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  rmSync(file, { force: true });
  if (process.env[LEDGER_ENV] === file) delete process.env[LEDGER_ENV];
  const entries = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { guest?: string; uuid?: string; install?: string });
  return {
    guests: entries.flatMap((e) => (e.guest && e.uuid ? [{ name: e.guest, uuid: e.uuid }] : [])),
    installs: entries.flatMap((e) => (e.install ? [e.install] : [])),
  };
}

const RUN_COMMAND = /\bvitest\b|test\/bench\/run\.ts/;

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** Test and bench processes on this machine outside this process's tree (its ancestors and descendants): pid → command. */
export function otherRuns(self = process.pid): Map<number, string> {
  const ancestors = new Set<number>();
  for (let p: number | null = self; p && !ancestors.has(p); p = parentOf(p)) ancestors.add(p);
  const mine = (pid: number): boolean => {
    for (let p: number | null = pid; p && p > 1; p = parentOf(p)) if (p === self) return true;
    return ancestors.has(pid);
  };
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    } catch {
      continue;
    }
    if (RUN_COMMAND.test(cmd) && !mine(pid)) found.set(pid, cmd.length > 120 ? `${cmd.slice(0, 120)}…` : cmd);
  }
  return found;
}

/** Samples otherRuns() every few seconds until stopped; returns every one seen. */
export function watchOtherRuns(everyMs = 3000): { stop(): Map<number, string> } {
  const seen = new Map<number, string>();
  const sample = (): void => {
    for (const [pid, cmd] of otherRuns()) seen.set(pid, cmd);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return seen;
    },
  };
}
