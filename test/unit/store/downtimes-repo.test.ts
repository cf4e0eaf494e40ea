// The VM's own QEMU downtime limit, recorded while a memory snapshot has it lowered, on a temp SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/store/db';
import { DowntimesRepo } from '../../../electron/store/downtimes-repo';
import { HostsRepo } from '../../../electron/store/hosts-repo';

const VM = '11111111-2222-3333-4444-555555555555';
const OTHER = '11111111-2222-3333-4444-666666666666';

describe('lowered downtimes repository', () => {
  let dir: string;
  let db: Db;
  let repo: DowntimesRepo;
  let host: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sv-downtimes-'));
    db = openDatabase(join(dir, 'db.sqlite'));
    host = new HostsRepo(db).add('h://x', 'h').id;
    repo = new DowntimesRepo(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the first value recorded until it is put back: a lowered one read later never replaces it', () => {
    expect(repo.previous(host, VM)).toBeNull();
    repo.lowering(host, VM, 300);
    // A snapshot cut short left QEMU at 30 ms; the next one reads 30 but the VM's own stays 300.
    repo.lowering(host, VM, 30);
    repo.lowering(host, OTHER, 500);
    expect(repo.previous(host, VM)).toBe(300);
    expect(repo.onHost(host).map((d) => [d.vmUuid, d.previousMs]).sort()).toEqual([[VM, 300], [OTHER, 500]]);
    repo.restored(host, VM);
    expect(repo.previous(host, VM)).toBeNull();
    expect(repo.onHost(host).map((d) => d.vmUuid)).toEqual([OTHER]);
  });

  it('goes with its host', () => {
    repo.lowering(host, VM, 300);
    db.prepare('DELETE FROM hosts WHERE id = ?').run(host);
    expect(repo.onHost(host)).toEqual([]);
  });
});
