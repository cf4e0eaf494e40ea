// Keeping the guest's pause short during a live external memory snapshot. libvirt writes RAM
// while the guest runs and pauses it for the final pass, then (9.0's iohelper) fdatasyncs the
// whole memory file and switches the disks, still paused. Two things shorten that pause:
//  - QEMU's migration downtime limit (a live memory snapshot is a migration to a file): set low
//    before the snapshot, the final pass starts only once what is left fits in it. QEMU keeps
//    the setting, so the old value is read first and put back after. The old value is written
//    down before it is lowered (the ledger): a link that dies or a kill in between leaves QEMU
//    with the low value, and reconcile puts the recorded one back when the host answers again.
//  - Flushing the memory file ourselves every 50 ms while libvirt writes it, so the final
//    fdatasync has little left to write. libvirt offers nothing for this; it needs the file to be
//    on this machine and readable by us, so it runs only for local hosts where the file opens
//    (as root, e.g. the tests and a root app), and is skipped quietly elsewhere.
// Measured in test/bench/engine.ts (group "memory"), which prints what each part buys.
// node:fs's promises load on first use, node:fs/promises at import (every CLI call).
import { promises as fs } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Domain } from '../../../native';

export interface MemoryPauseSettings {
  /** The downtime limit in ms for the final pass (null: leave QEMU's, 300 ms by default). */
  downtimeMs: number | null;
  /** Flush the memory file every this many ms while it is written, where it opens (null: never). */
  flushEveryMs: number | null;
}

export const DEFAULT_MEMORY_PAUSE: MemoryPauseSettings = { downtimeMs: 30, flushEveryMs: 50 };

/** Flushes `file` every `everyMs` until stop(); null when it does not open here. */
async function startFlushing(file: string, everyMs: number): Promise<{ stop(): Promise<void> } | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return null;
  }
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await handle.datasync().catch(() => undefined);
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await handle.close().catch(() => undefined);
    },
  };
}

/** Where the VM's own downtime limit is kept while it is lowered (the store, per VM). */
export interface DowntimeLedger {
  /** The VM's own limit from a lowering that was never put back, else null. */
  previous(): number | null;
  lowering(previousMs: number): void;
  restored(): void;
}

/** Runs `snapshot` (a live external memory snapshot of `dom` into `memoryFile`) with a short final pause. */
export async function withShortPause<T>(
  dom: Domain, memoryFile: string, local: boolean, settings: MemoryPauseSettings, ledger: DowntimeLedger, snapshot: () => Promise<T>,
): Promise<T> {
  let previous: number | null = null;
  if (settings.downtimeMs !== null) {
    try {
      // QEMU may still hold the low value of a snapshot cut short: the recorded one is the VM's own.
      const own = ledger.previous() ?? await dom.migrateMaxDowntime();
      ledger.lowering(own);
      previous = own;
      await dom.setMigrateMaxDowntime(settings.downtimeMs);
    } catch {
      // A driver without the setting: the snapshot runs with what it has.
      if (previous !== null) ledger.restored();
      previous = null;
    }
  }
  const flusher = settings.flushEveryMs !== null && local ? await startFlushing(memoryFile, settings.flushEveryMs) : null;
  try {
    return await snapshot();
  } finally {
    await flusher?.stop();
    if (previous !== null) await putBack(dom, previous, ledger);
  }
}

/** Sets the VM's own limit again; the ledger keeps it when the host could not be told (reconcile retries). */
async function putBack(dom: Domain, ms: number, ledger: DowntimeLedger): Promise<void> {
  try {
    await dom.setMigrateMaxDowntime(ms);
    ledger.restored();
  } catch {
    // The link died or the VM stopped: reconcile settles it once the host answers.
  }
}
