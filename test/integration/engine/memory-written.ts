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
