// createApiClient over the real handlers (no transport in between): the object the preload and
// the e2e page expose, built from the channel table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../../electron/services/index';
import { CHANNELS, EVENTS, createApiClient, eventChannel, type SnapvisorApi } from '../../../electron/ipc/contract';
import { createHandlers } from '../../../electron/ipc/handlers';
import { forwardEvents } from '../../../electron/ipc/events';

describe('createApiClient', () => {
  let t: TestServices;
  let api: SnapvisorApi;

  beforeAll(async () => {
    t = await createTestServices();
    const handlers = createHandlers(t.services);
    api = createApiClient((channel, request) => handlers[channel](request), (event, listener) => t.services.on(event, listener));
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('has one method per channel, grouped by namespace, plus on — and nothing else', () => {
    const methods = Object.entries(api).flatMap(([ns, group]) =>
      typeof group === 'function' ? [ns] : Object.keys(group as object).map((m) => `${ns}.${m}`));
    expect(methods.sort()).toEqual([...CHANNELS, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends {} when a request is left out', async () => {
    const hosts = await api.hosts.list();
    expect(hosts.ok && hosts.value.map((h) => h.uri)).toEqual(['test:///default']);
  });

  it('turns a failing transport into an internal error value', async () => {
    const broken = createApiClient(() => Promise.reject(new Error('No handler registered')), () => () => undefined);
    expect(await broken.jobs.list()).toEqual({ ok: false, error: { code: 'internal', params: { message: 'No handler registered' } } });
  });

  it('subscribes to contract events only', async () => {
    expect(() => (api.on as (e: string, l: () => void) => () => void)('ipc.raw', () => undefined)).toThrow(/unknown event/);
    const jobs: string[] = [];
    const off = api.on('job.changed', (job) => jobs.push(job.state));
    const vms = await api.vms.list({ hostId: 'test-default' });
    if (!vms.ok) throw new Error(vms.error.code);
    const created = await api.snapshots.create({ hostId: 'test-default', vmUuid: vms.value[0]!.uuid, kind: 'memory' });
    expect(created.ok).toBe(true);
    expect(jobs).toContain('succeeded');
    off();
    const count = jobs.length;
    await api.snapshots.create({ hostId: 'test-default', vmUuid: vms.value[0]!.uuid, kind: 'memory' });
    expect(jobs.length).toBe(count);
  });

  it('forwardEvents sends every contract event until stopped', async () => {
    const sent: string[] = [];
    const stop = forwardEvents(t.services, (event) => sent.push(event));
    const vms = await api.vms.list({ hostId: 'test-default' });
    if (!vms.ok) throw new Error(vms.error.code);
    await api.snapshots.create({ hostId: 'test-default', vmUuid: vms.value[0]!.uuid, kind: 'memory' });
    expect(sent).toEqual(expect.arrayContaining(['job.changed', 'snapshot.changed']));
    stop();
    const count = sent.length;
    await api.snapshots.create({ hostId: 'test-default', vmUuid: vms.value[0]!.uuid, kind: 'memory' });
    expect(sent.length).toBe(count);
  });

  it('keeps event channels apart from request channels', () => {
    for (const event of EVENTS) expect(CHANNELS).not.toContain(eventChannel(event));
  });
});
