// The moment libvirt begins writing a memory snapshot's file, seen on the file itself: for tests
// that act in the memory phase (freeze QEMU, kill Snapvisor, restart libvirtd).
import { existsSync, statSync } from 'node:fs';
import type { EngineServices } from '../../../electron/services';

/**
 * Calls `then` once libvirt has begun writing the memory file of the snapshot named `name` (its
 * size on disk above 0), seen by polling the file itself every 5 ms: the moment does not hang on
 * Snapvisor's progress reports coming round in time.
 */
export function onMemoryWritten(s: EngineServices, vmUuid: string, name: string, then: () => void): () => void {
  const timer = setInterval(() => {
    const file = s.snapshots.list({ vmUuid }).find((r) => r.name === name)?.memoryFile;
    if (file && existsSync(file) && statSync(file).size > 0) {
      clearInterval(timer);
      then();
    }
  }, 5);
  return () => clearInterval(timer);
}

export interface MemoryWrite {
  /** When the file first had data, and when it last grew (null until it has data). */
  firstBytesAt: number | null;
  lastGrowthAt: number | null;
  stop(): void;
}

/**
 * Watches the memory file of the snapshot named `name` every 5 ms while libvirt writes it: when
 * it first had data and when it last grew, so a test knows how long the memory phase really was
 * (not the whole snapshot, whose disk switch and flush come after).
 */
export function watchMemoryWrite(s: EngineServices, vmUuid: string, name: string): MemoryWrite {
  const w: MemoryWrite = { firstBytesAt: null, lastGrowthAt: null, stop: () => clearInterval(timer) };
  let size = 0;
  const timer = setInterval(() => {
    const file = s.snapshots.list({ vmUuid }).find((r) => r.name === name)?.memoryFile;
    const now = file && existsSync(file) ? statSync(file).size : 0;
    if (now > size) {
      w.firstBytesAt ??= Date.now();
      w.lastGrowthAt = Date.now();
      size = now;
    }
  }, 5);
  return w;
}
