// Property: whatever a user types as name or description never reaches libvirt XML or a file
// path unescaped. Run against the test driver so 1,000+ inputs take seconds.
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapvisorError } from '../../../shared/errors';
import { HOST, defineVm, harness, type Harness, type TestVm } from './helpers';

const hostile = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 6 },
  { arbitrary: fc.constantFrom('<name>x</name>', "'; DROP TABLE snapshots; --", '../../etc/passwd', ']]><!--', '&amp;&lt;', '\u0000\u0007\u001b[31m', '😀🜁 한국어 \u202e'), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 9_990, maxLength: 10_001 }), weight: 1 },
);

describe('hostile names and descriptions', () => {
  let h: Harness;
  let vm: TestVm;
  beforeAll(async () => {
    h = await harness();
    vm = await defineVm(h.conn);
  });
  afterAll(async () => { await h.dispose(); });

  it('are stored exactly or refused with a code, and libvirt only ever sees ids and escaped text', async () => {
    let stored = 0;
    await fc.assert(fc.asyncProperty(hostile, hostile, async (name, description) => {
      let s;
      try {
        s = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name, description });
      } catch (e) {
        expect(e).toBeInstanceOf(SnapvisorError);
        expect(['name_required', 'name_too_long', 'name_invalid', 'name_taken', 'invalid_input']).toContain((e as SnapvisorError).code);
        return;
      }
      stored++;
      expect(s.name).toBe(name.trim());
      expect(s.description).toBe(description);
      expect(s.libvirtName).toMatch(/^sv-[0-9a-f]{12}$/);
      const dom = h.conn.lookupDomainByUuid(vm.uuid);
      try {
        const snap = dom.lookupSnapshot(s.libvirtName!);
        const d = snap.describe();
        snap.close();
        expect(d.name).toBe(s.libvirtName);
        // Text XML can carry round-trips exactly (libvirt normalises CR and outer whitespace).
        // eslint-disable-next-line no-control-regex
        if (!/[\u0000-\u001F\uFFFE\uFFFF\r]/.test(description) && description.trim() === description) expect(d.description ?? '').toBe(description);
      } finally {
        dom.close();
      }
      const edited = await h.services.snapshots.edit(s.id, { description: description.slice(0, 50) });
      expect(edited.description).toBe(description.slice(0, 50));
      await h.services.snapshots.delete(s.id);
    }), { numRuns: 1000 });
    expect(stored).toBeGreaterThan(100);
    // Nothing typed became a file or directory name.
    expect(readdirSync(h.dir).sort()).toEqual(['snapvisor.db', 'snapvisor.db-shm', 'snapvisor.db-wal']);
  }, 180_000);
});
