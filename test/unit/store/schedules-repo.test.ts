// The schedules table on a temp SQLite file: a schedule's copy target and keep (migration 8),
// kept through insert and save, and added to a database made before them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../../electron/store/db';
import { MIGRATIONS } from '../../../electron/store/migrations';
import { createSchedulesRepo } from '../../../electron/store/schedules-repo';
import type { Schedule } from '../../../shared/model';

const VM = '11111111-2222-3333-4444-555555555555';

function schedule(over: Partial<Schedule> = {}): Schedule {
  return {
    id: 's1', hostId: 'h', vmUuid: VM, vmName: 'web', kind: 'hot', intervalSeconds: 3600, cron: null, namePattern: 'auto-{date}',
    keepLast: 3, maxAgeSeconds: null, copyTo: null, copyKeep: null, enabled: true, lastRunAt: null, nextRunAt: null, lastError: null, lastFailure: null,
    ...over,
  };
}

describe('schedules store', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sv-schedules-'));
    db = openDatabase(join(dir, 'db.sqlite'));
    db.prepare("INSERT INTO hosts (id, uri, name, created_at) VALUES ('h', 'test:///default', 'h', 'now')").run();
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the copy target and keep through insert and save', () => {
    const repo = createSchedulesRepo(db);
    repo.insert(schedule({ copyTo: 'qemu+ssh://backup/system', copyKeep: 6 }), 'now');
    repo.insert(schedule({ id: 's2' }), 'now');
    expect(repo.get('s1')).toMatchObject({ copyTo: 'qemu+ssh://backup/system', copyKeep: 6 });
    expect(repo.get('s2')).toMatchObject({ copyTo: null, copyKeep: null });
    repo.save({ ...repo.get('s1')!, copyKeep: null });
    repo.save({ ...repo.get('s2')!, copyTo: 'test:///other.xml', copyKeep: 1 });
    expect(repo.list().map((s) => [s.id, s.copyTo, s.copyKeep])).toEqual([['s1', 'qemu+ssh://backup/system', null], ['s2', 'test:///other.xml', 1]]);
  });

  it('refuses a keep below 1 or without a target in the table itself', () => {
    const repo = createSchedulesRepo(db);
    expect(() => repo.insert(schedule({ copyTo: 'qemu:///system', copyKeep: 0 }), 'now')).toThrow(/CHECK constraint/);
    expect(() => repo.insert(schedule({ copyKeep: 2 }), 'now')).toThrow(/CHECK constraint/);
    expect(repo.list()).toEqual([]);
  });

  it('adds both columns, empty, to the schedules of a database made before them', () => {
    const old = new Database(join(dir, 'old.sqlite'));
    try {
      migrate(old, MIGRATIONS.filter((m) => m.name !== 'schedule-copies'));
      old.prepare("INSERT INTO hosts (id, uri, name, created_at) VALUES ('h', 'test:///default', 'h', 'now')").run();
      old.prepare(`INSERT INTO schedules (id, host_id, vm_uuid, vm_name, kind, interval_seconds, name_pattern, keep_last, created_at, last_error)
        VALUES ('old', 'h', ?, 'web', 'memory', 600, 'n{n}', 2, 'now', 'vm_gone')`).run(VM);
      migrate(old, MIGRATIONS);
      expect(old.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
      const repo = createSchedulesRepo(old);
      expect(repo.get('old')).toMatchObject({ kind: 'memory', keepLast: 2, copyTo: null, copyKeep: null, lastFailure: { code: 'vm_gone' } });
      repo.save({ ...repo.get('old')!, copyTo: 'qemu+ssh://backup/system', copyKeep: 4 });
      expect(repo.get('old')).toMatchObject({ copyTo: 'qemu+ssh://backup/system', copyKeep: 4 });
    } finally {
      old.close();
    }
  });
});
