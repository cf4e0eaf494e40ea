import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../../native';

// A full collection between measurements, without needing node --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function rssMiB(): number {
  gc();
  gc();
  return process.memoryUsage().rss / 1024 / 1024;
}

describe('memory', () => {
  it('keeps RSS flat over 100,000 list/lookup/free cycles', () => {
    const conn = Connection.openSync('test:///default');
    const cycle = (): void => {
      for (const d of conn.listAllDomains()) {
        d.name();
        d.close();
      }
      const d = conn.lookupDomainByName('test');
      d.uuid();
      d.info();
      const snaps = d.listAllSnapshots();
      for (const s of snaps) s.close();
      d.close();
      try {
        conn.lookupDomainByName('no-such-domain');
      } catch {
        /* errors are allocated by libvirt too */
      }
    };
    try {
      // Warm-up: V8 grows its heap to a steady size for this churn (about 25 MiB) first.
      for (let i = 0; i < 40_000; i++) cycle();
      const before = rssMiB();
      const t0 = Date.now();
      for (let i = 0; i < 100_000; i++) cycle();
      const elapsed = Date.now() - t0;
      const growth = rssMiB() - before;
      console.log(`leak test: 100,000 cycles in ${elapsed} ms, RSS ${before.toFixed(1)} MiB -> +${growth.toFixed(1)} MiB`);
      expect(growth).toBeLessThan(30);
    } finally {
      conn.close();
    }
  }, 120_000);
});
