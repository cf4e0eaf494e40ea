// Shared pieces of the engine's fault tests: the worker process, waiting for libvirtd, and the
// checks that metadata is consistent after reconcile.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Connection, VIR_DOMAIN_UNDEFINE } from '../../../native';
import type { EngineServices } from '../../../electron/services';
import { TRANSIENT_STATES, type Snapshot } from '../../../shared/model';
import { SYSTEM_URI, openSystem, sleep, type Guest } from '../../guest/kit';
import type { WorkerArgs } from './worker';

const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

export interface WorkerExit { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export function runWorker(args: WorkerArgs): Promise<WorkerExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'worker.ts'), JSON.stringify(args)], {
      cwd: join(here, '../../..'), env: { ...process.env, UV_THREADPOOL_SIZE: '16' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Names of the libvirt snapshots the VM has now. */
export function libvirtSnapshotNames(g: Guest): string[] {
  return g.domain.listAllSnapshots().map((s) => {
    try { return s.name(); } finally { s.close(); }
  });
}

/**
 * After reconcile: no row transient; a ready external row has its files and libvirt metadata;
 * an error row has neither. Returns the ready VM snapshots.
 */
export function checkConsistent(s: EngineServices, g: Guest): Snapshot[] {
  const rows = s.snapshots.list({ vmUuid: g.uuid, includeDependents: true });
  const names = new Set(libvirtSnapshotNames(g));
  const problems: string[] = [];
  for (const r of rows) {
    if (TRANSIENT_STATES.includes(r.state)) problems.push(`${r.name} is ${r.state}`);
    if (r.state === 'ready' && r.libvirtName) {
      // What it restores from: the frozen images and the memory file (its overlay may be discarded by a revert).
      const needed = [r.memoryFile, ...r.disks.map((d) => d.file)].filter((f): f is string => f !== null);
      if (!names.has(r.libvirtName)) problems.push(`${r.name} ready without libvirt metadata`);
      for (const f of needed) if (!existsSync(f)) problems.push(`${r.name} ready without ${f}`);
    }
    if (r.state === 'error' && r.libvirtName) {
      // A failed create leaves nothing: no metadata, none of the files it made.
      const made = [r.memoryFile, ...r.disks.map((d) => d.overlay)].filter((f): f is string => f !== null);
      if (names.has(r.libvirtName)) problems.push(`${r.name} in error but libvirt holds it`);
      for (const f of made) if (existsSync(f)) problems.push(`${r.name} in error but ${f} is left`);
    }
  }
  const known = new Set(rows.map((r) => r.libvirtName));
  for (const n of names) if (!known.has(n)) problems.push(`libvirt snapshot ${n} has no row`);
  if (problems.length) throw new Error(`inconsistent after reconcile: ${problems.join('; ')}`);
  return rows.filter((r) => r.state === 'ready' && !r.dependentOf);
}

/** Kills libvirtd (running guests survive) and starts it again; resolves when qemu:///system answers. */
export async function restartLibvirtd(): Promise<void> {
  await run('pkill', ['-x', 'libvirtd']).catch(() => undefined);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { stdout } = await run('pgrep', ['-x', 'libvirtd']).catch(() => ({ stdout: '' }));
    if (!stdout.trim()) break;
    await sleep(100);
  }
  await run('libvirtd', ['-d']);
  while (Date.now() < deadline + 30_000) {
    try {
      const c = await Connection.open(SYSTEM_URI);
      c.close();
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error('libvirtd did not come back within 60 s');
}

/** The kit's guests hold the connection a restart killed: their domains are removed on a live one. */
export async function removeGuestDomains(guests: readonly Guest[]): Promise<void> {
  const live = await openSystem();
  try {
    for (const g of guests) {
      try {
        const d = live.lookupDomainByName(g.name);
        if (d.isActive()) await d.destroy();
        d.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA | VIR_DOMAIN_UNDEFINE.MANAGED_SAVE);
        d.close();
      } catch { /* already gone */ }
    }
  } finally {
    live.close();
  }
}
