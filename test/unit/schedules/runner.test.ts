// Schedules on the real services (libvirt's test driver, a temp SQLite file) with an injected
// clock. The schedules API under test opens its own connection to the same database file.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../../electron/services';
import { createSchedulesApi, createUserTimer, type SchedulesService } from '../../../electron/services/schedules';
import { openDatabase, type Db } from '../../../electron/store/db';
import { failureNotice, type NoticeMemory } from '../../../electron/app/failure-notice';
import type { Schedule } from '../../../shared/model';
import { LEGACY_NODE_XML } from '../cli/run-cli';

const HOUR = 3_600_000;

let env: TestServices;
let db: Db;
let hostId: string;
let vmUuid: string;
let clock: Date;
let api: SchedulesService;

/** These tests never switch the systemd timer: one that knows no command line refuses to. */
const noUserTimer = () => createUserTimer({ exec: null, dbPath: join(env.dir, 'snapvisor.db'), connect: () => 'test:///default' });

function schedulesAt(): SchedulesService {
  return createSchedulesApi({ db, snapshots: env.services.snapshots, copies: env.services.copies, vmName: () => 'test', now: () => clock, userTimer: noUserTimer() });
}

const later = (ms: number): Date => new Date(clock.getTime() + ms);
const scheduled = (scheduleId: string) => env.services.snapshots
  .list({ hostId, vmUuid, includeDependents: true })
  .filter((s) => s.scheduleId === scheduleId)
  .sort((a, b) => a.createdAt.localeCompare(b.createdAt));

beforeEach(async () => {
  env = await createTestServices();
  db = openDatabase(join(env.dir, 'snapvisor.db'));
  hostId = env.services.hosts.list()[0]!.id;
  vmUuid = (await env.services.vms.list(hostId)).find((v) => v.name === 'test')!.uuid;
  clock = new Date();
  api = schedulesAt();
});

afterEach(async () => {
  api.stop();
  db.close();
  await env.dispose();
});

describe('due runs', () => {
  it('an interval schedule runs when due, with origin schedule and its id, and keeps its grid', async () => {
    const t0 = clock;
    const s = api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600 });
    expect(s.nextRunAt).toBe(new Date(t0.getTime() + HOUR).toISOString());

    expect((await api.runDue(new Date(t0.getTime() + HOUR / 2))).ran).toEqual([]);
    const report = await api.runDue(new Date(t0.getTime() + HOUR + 60_000));
    expect(report.ran).toEqual([{ scheduleId: s.id, snapshotId: expect.any(String), error: null, copy: null }]);

    const [snap] = scheduled(s.id);
    expect(snap).toMatchObject({ id: report.ran[0]!.snapshotId, origin: 'schedule', scheduleId: s.id, kind: 'memory', state: 'ready' });
    expect(snap!.name).toMatch(/^auto-\d{4}-\d{2}-\d{2}$/);
    const after = api.list(hostId)[0]!;
    expect(after.nextRunAt).toBe(new Date(t0.getTime() + 2 * HOUR).toISOString());
    expect(after.lastError).toBeNull();
  });

  it('after downtime runs once, not once per missed slot, and counts the next run from now', async () => {
    const s = api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600, namePattern: '{vm}-{kind}-{n}' });
    const wake = later(10 * HOUR + 5 * 60_000);
    expect((await api.runDue(wake)).ran).toHaveLength(1);
    expect((await api.runDue(wake)).ran).toHaveLength(0);
    expect(api.list()[0]!.nextRunAt).toBe(new Date(wake.getTime() + HOUR).toISOString());
    expect((await api.runDue(new Date(wake.getTime() + HOUR))).ran).toHaveLength(1);
    expect(scheduled(s.id).map((x) => x.name)).toEqual(['test-memory-1', 'test-memory-2']);
  });

  it('a cron schedule runs at the next match and skips the matches missed meanwhile', async () => {
    const s = api.add({ hostId, vmUuid, kind: 'memory', cron: '15 3 * * *' });
    const first = new Date(s.nextRunAt!);
    expect([first.getHours(), first.getMinutes()]).toEqual([3, 15]);
    expect(first.getTime() - clock.getTime()).toBeLessThanOrEqual(24 * HOUR);

    expect((await api.runDue(new Date(first.getTime() - 1000))).ran).toHaveLength(0);
    const wake = new Date(first.getTime() + 3 * 24 * HOUR + HOUR);
    expect((await api.runDue(wake)).ran).toHaveLength(1);
    const next = new Date(api.list()[0]!.nextRunAt!);
    expect(next.getTime()).toBeGreaterThan(wake.getTime());
    expect(next.getTime() - wake.getTime()).toBeLessThanOrEqual(24 * HOUR);
    expect([next.getHours(), next.getMinutes()]).toEqual([3, 15]);
  });

  it('a failing schedule records its error and an event, and the others still run', async () => {
    const cold = api.add({ hostId, vmUuid, kind: 'cold', intervalSeconds: 600 });
    const absent = api.add({ hostId, vmUuid: '00000000-0000-0000-0000-000000000001', kind: 'hot', intervalSeconds: 600 });
    const memory = api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 600 });

    const report = await api.runDue(later(HOUR));
    const byId = new Map(report.ran.map((r) => [r.scheduleId, r]));
    expect(byId.get(cold.id)?.error).toMatch(/^vm_wrong_state /);
    expect(byId.get(absent.id)?.error).toMatch(/^vm_(not_found|gone)/);
    expect(byId.get(memory.id)).toMatchObject({ error: null, snapshotId: expect.any(String) });

    const stored = new Map(api.list().map((s) => [s.id, s]));
    expect(stored.get(cold.id)!.lastError).toMatch(/^vm_wrong_state /);
    expect(stored.get(memory.id)!.lastError).toBeNull();
    const failed = env.services.snapshots.events().filter((e) => e.action === 'schedule.run' && e.outcome === 'failed');
    expect(failed.map((e) => e.detail.scheduleId).sort()).toEqual([cold.id, absent.id].sort());
  });

  it('two runners on the same database never take the same run twice', async () => {
    const s = api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600 });
    const other = schedulesAt();
    const at = later(2 * HOUR);
    const [a, b] = await Promise.all([api.runDue(at), other.runDue(at)]);
    expect(a.ran.length + b.ran.length).toBe(1);
    expect(scheduled(s.id)).toHaveLength(1);
  });

  it('the in-app timer runs due schedules until stopped', async () => {
    clock = later(2 * HOUR);
    const s = createSchedulesApi({ db, snapshots: env.services.snapshots, copies: env.services.copies, now: () => clock, tickMs: 50, userTimer: noUserTimer() });
    api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600 });
    clock = later(2 * HOUR);
    s.start();
    for (let i = 0; i < 100 && env.services.snapshots.list({ hostId, vmUuid }).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    s.stop();
    expect(env.services.snapshots.list({ hostId, vmUuid })).toHaveLength(1);
    clock = later(5 * HOUR);
    await new Promise((r) => setTimeout(r, 300));
    expect(env.services.snapshots.list({ hostId, vmUuid })).toHaveLength(1);
  });
});

describe('runs recorded, for the app to show and notify', () => {
  it('reports its own runs once, and notices the runs another process recorded (the systemd timer), not older ones', async () => {
    const before = api.add({ hostId, vmUuid, kind: 'cold', intervalSeconds: 3600 });
    await api.runDue(later(2 * HOUR)); // failed (the VM runs) before the app started: shown from the db, not reported
    clock = later(2 * HOUR);
    const seen: { id: string; error: boolean }[] = [];
    const app = createSchedulesApi({
      db, snapshots: env.services.snapshots, copies: env.services.copies, now: () => clock, tickMs: 40, userTimer: noUserTimer(),
      onRun: (s) => seen.push({ id: s.id, error: s.lastFailure !== null }),
    });
    app.start();
    try {
      const mine = app.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600 });
      clock = later(2 * HOUR);
      // The app's timer takes both due runs; the other "process" finds nothing left to take.
      for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 40));
      expect(seen.sort((a, b) => a.id.localeCompare(b.id))).toEqual([{ id: before.id, error: true }, { id: mine.id, error: false }].sort((a, b) => a.id.localeCompare(b.id)));
      // Now the systemd timer (another runner on the same database) takes the next runs.
      seen.length = 0;
      app.stop();
      const timerProcess = schedulesAt();
      const report = await timerProcess.runDue(later(2 * HOUR));
      expect(report.ran).toHaveLength(2);
      expect(seen).toEqual([]);
      app.start();
      for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 40));
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.map((x) => x.id).sort()).toEqual([before.id, mine.id].sort()); // each once
      expect(seen.find((x) => x.id === before.id)?.error).toBe(true);
    } finally {
      app.stop();
    }
  });
});

describe('retention', () => {
  it('keep-last N removes the oldest, never a protected one, which does not count', async () => {
    const s = api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600, keepLast: 2, namePattern: 'r{n}' });
    const expired: string[] = [];
    for (let run = 1; run <= 5; run++) {
      const report = await api.runDue(later(run * HOUR));
      expect(report.ran[0]?.error).toBeNull();
      expired.push(...report.expired);
      if (run === 1) env.services.snapshots.setProtected(report.ran[0]!.snapshotId!, true);
    }
    expect(scheduled(s.id).map((x) => x.name)).toEqual(['r1', 'r4', 'r5']);
    expect(expired).toHaveLength(2);
    const expireEvents = env.services.snapshots.events().filter((e) => e.action === 'schedule.expire' && e.outcome === 'succeeded');
    expect(expireEvents.map((e) => e.snapshotId).sort()).toEqual([...expired].sort());
  });

  it('max-age removes snapshots older than the age, never protected or manual ones', async () => {
    const manual = await env.services.snapshots.create({ hostId, vmUuid, kind: 'memory', name: 'by-hand' });
    const s = api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600, maxAgeSeconds: 86_400, namePattern: 'a{n}' });
    await api.runDue(later(HOUR));
    const second = await api.runDue(later(2 * HOUR));
    env.services.snapshots.setProtected(second.ran[0]!.snapshotId!, true);
    // Three days on, everything taken so far (created "now" by the real clock) is older than a day.
    const report = await api.runDue(later(3 * 24 * HOUR));
    expect(report.expired).toHaveLength(1);
    expect(scheduled(s.id).map((x) => x.name)).toEqual(['a2', 'a3']);
    expect(env.services.snapshots.list({ hostId, vmUuid }).map((x) => x.id)).toContain(manual.id);
  });
});

describe('the copy on another host, refreshed after each run', () => {
  // Another libvirt host: a test-driver node read from a fixture file (its own private driver).
  // Its snapshots are the test driver's internal ones, so a refresh has no file to send, yet
  // it is a real refresh: the target connected, the copy's record made, its time updated.
  const target = `test://${LEGACY_NODE_XML}`;
  const unreachable = 'test:///nonexistent/snapvisor-schedule-copy.xml';
  const copyEvents = (scheduleId: string) => env.services.snapshots.events()
    .filter((e) => e.action === 'schedule.copy' && e.detail.scheduleId === scheduleId);

  it('refreshes the copy after each run and its retention, keeping copy-keep there', async () => {
    const s = api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600, keepLast: 2, namePattern: 'c{n}', copyTo: target, copyKeep: 3 });
    expect(s).toMatchObject({ copyTo: target, copyKeep: 3 });
    for (let cycle = 1; cycle <= 4; cycle++) {
      const before = new Date().toISOString();
      const report = await api.runDue(later(cycle * HOUR));
      expect(report.ran).toEqual([{ scheduleId: s.id, snapshotId: expect.any(String), error: null, copy: { target, bytesSent: 0 } }]);
      const [copy, ...others] = env.services.copies.list({ hostId, vmUuid });
      expect(others).toEqual([]);
      expect(copy).toMatchObject({ target: { uri: target }, keep: 3, lastError: null, lastBytesSent: 0, snapshotCount: 0 });
      expect(copy!.refreshedAt! >= before).toBe(true);
      expect(api.list()[0]!).toMatchObject({ lastRunAt: later(cycle * HOUR).toISOString(), lastError: null, lastFailure: null });
    }
    // The retention ran before each refresh; the copies' own retention is theirs.
    expect(scheduled(s.id).map((x) => x.name)).toEqual(['c3', 'c4']);
    expect(copyEvents(s.id).map((e) => [e.outcome, e.detail.target])).toEqual(Array.from({ length: 4 }, () => ['succeeded', target]));
  });

  it('a refresh that fails is the run\'s failure (the snapshot stays), announced once, and is tried again at the next run', async () => {
    const seen: Schedule[] = [];
    const app = createSchedulesApi({
      db, snapshots: env.services.snapshots, copies: env.services.copies, now: () => clock, userTimer: noUserTimer(), onRun: (x) => seen.push(x),
    });
    const s = app.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600, copyTo: unreachable });
    let notices: NoticeMemory = new Map();
    const announced: string[] = [];
    for (let cycle = 1; cycle <= 2; cycle++) {
      const report = await app.runDue(later(cycle * HOUR));
      expect(report.ran).toEqual([{ scheduleId: s.id, snapshotId: expect.any(String), error: expect.stringMatching(/^host_unreachable /), copy: null }]);
      expect(env.services.snapshots.get(report.ran[0]!.snapshotId!).snapshot).toMatchObject({ state: 'ready', scheduleId: s.id });
      const stored = app.list()[0]!;
      expect(stored.lastFailure).toEqual({ code: 'host_unreachable', params: expect.objectContaining({ uri: unreachable }) });
      // The app hears of each run once, when it is done: already failed, never first as a success.
      expect(seen.map((x) => x.lastFailure?.code ?? null)).toEqual(Array.from({ length: cycle }, () => 'host_unreachable'));
      const decided = failureNotice(notices, seen.at(-1)!, 'en');
      notices = decided.memory;
      if (decided.notice) announced.push(decided.notice.body);
    }
    expect(scheduled(s.id)).toHaveLength(2);
    expect(copyEvents(s.id).map((e) => e.outcome)).toEqual(['failed', 'failed']);
    // The same failure twice is one notification, naming the host the copy could not reach.
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatch(new RegExp(`^test: Cannot connect to the libvirt host ${unreachable}: .*snapvisor-schedule-copy\\.xml`));

    // Pointed at a host that answers, the next run succeeds and the failure is gone.
    app.update(s.id, { copyTo: target });
    const report = await app.runDue(later(3 * HOUR));
    expect(report.ran[0]).toMatchObject({ error: null, copy: { target } });
    expect(app.list()[0]!.lastFailure).toBeNull();
    expect(failureNotice(notices, seen.at(-1)!, 'en').notice).toBeNull();
  });

  it('refuses a copy to the VM\'s own host, a keep without a host, and a host that is no URI', () => {
    expect(() => api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600, copyTo: 'test:///default' }))
      .toThrow(expect.objectContaining({ code: 'copy_same_host', params: { uri: 'test:///default' } }));
    expect(() => api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600, copyKeep: 3 }))
      .toThrow(expect.objectContaining({ code: 'schedule_invalid', params: { field: 'copyKeep', reason: 'copy_keep_without_target' } }));
    expect(() => api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600, copyTo: 'backup' }))
      .toThrow(expect.objectContaining({ code: 'schedule_invalid', params: { field: 'copyTo', reason: 'not_a_uri' } }));
    const s = api.add({ hostId, vmUuid, kind: 'memory', intervalSeconds: 3600, copyTo: target });
    expect(() => api.update(s.id, { copyTo: 'test:///default' })).toThrow(expect.objectContaining({ code: 'copy_same_host' }));
    expect(api.update(s.id, { copyKeep: 5 })).toMatchObject({ copyTo: target, copyKeep: 5 });
    expect(() => api.update(s.id, { copyTo: null })).toThrow(expect.objectContaining({ code: 'schedule_invalid', params: expect.objectContaining({ field: 'copyKeep' }) }));
    expect(api.update(s.id, { copyTo: null, copyKeep: null })).toMatchObject({ copyTo: null, copyKeep: null });
  });
});

describe('schedule CRUD', () => {
  it('refuses invalid schedules with schedule_invalid', () => {
    const base = { hostId, vmUuid, kind: 'memory' as const };
    for (const bad of [
      { ...base },
      { ...base, intervalSeconds: 3600, cron: '0 * * * *' },
      { ...base, intervalSeconds: 30 },
      { ...base, cron: 'every day' },
      { ...base, intervalSeconds: 3600, keepLast: 0 },
      { ...base, intervalSeconds: 3600, maxAgeSeconds: 10 },
      { ...base, intervalSeconds: 3600, namePattern: 'x-{hour}' },
    ]) {
      expect(() => api.add(bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'schedule_invalid' }));
    }
    expect(api.list()).toEqual([]);
  });

  it('updates timing (interval to cron re-times the next run) and removes', () => {
    const s = api.add({ hostId, vmUuid, kind: 'hot', intervalSeconds: 3600, keepLast: 3 });
    const u = api.update(s.id, { cron: '0 4 * * *' });
    expect(u).toMatchObject({ intervalSeconds: null, cron: '0 4 * * *', keepLast: 3, kind: 'hot' });
    expect(new Date(u.nextRunAt!).getHours()).toBe(4);
    expect(api.update(s.id, { enabled: false }).nextRunAt).toBeNull();
    api.remove(s.id);
    expect(api.list()).toEqual([]);
    expect(() => api.remove(s.id)).toThrow(expect.objectContaining({ code: 'schedule_not_found' }));
    expect(() => api.add({ hostId: 'no-such-host', vmUuid, kind: 'hot', intervalSeconds: 3600 })).toThrow(expect.objectContaining({ code: 'host_not_found' }));
  });
});
