// What a schedule with "keep N" does to a running guest, for any host: a snapshot, then the
// oldest deleted, over and over, while the guest writes a disk marker every few ticks. Each
// snapshot waits for a new marker so that every kept one holds a moment of its own; the window
// [lo, hi] of markers it may hold is recorded for the restore that judges it. The caller measures
// the chain and the files where they are (this machine, or a remote host).
import type { Snapshot } from '../../shared/model';
import { until, type Guest } from './kit';

export interface KeptSnapshot {
  id: string;
  name: string;
  /** The last marker written before the snapshot, and the last it may hold. */
  lo: number;
  hi: number;
}

export interface RetentionCycle {
  cycles: number;
  keep: number;
  /** The guest's svmark interval in ticks. */
  markEvery: number;
  create(name: string): Promise<Snapshot>;
  remove(id: string): Promise<void>;
  /** The chain's length and the VM's files after each cycle. */
  measure(): Promise<{ chain: number; files: number }>;
}

export async function runRetention(g: Guest, c: RetentionCycle): Promise<{ kept: KeptSnapshot[]; maxChain: number; maxFiles: number; made: Snapshot[] }> {
  const kept: KeptSnapshot[] = [];
  const made: Snapshot[] = [];
  let maxChain = 0;
  let maxFiles = 0;
  for (let i = 1; i <= c.cycles; i++) {
    const seen = g.console().marks.length;
    await until(() => g.console().marks.length > seen, 60_000, `a new marker before r${i}`);
    const lo = g.console().marks.at(-1) ?? 0;
    const snap = await c.create(`r${i}`);
    // A marker written just before the freeze may be announced just after it.
    const hi = (g.console().marks.at(-1) ?? 0) + c.markEvery;
    made.push(snap);
    kept.push({ id: snap.id, name: snap.name, lo, hi });
    if (kept.length > c.keep) await c.remove(kept.shift()!.id);
    const m = await c.measure();
    maxChain = Math.max(maxChain, m.chain);
    maxFiles = Math.max(maxFiles, m.files);
  }
  return { kept, maxChain, maxFiles, made };
}
