// One truth for each input rule: for every rule in shared/rules.ts, a set of values at and around
// its limits, patterns and character classes is judged by each layer that applies it — the IPC
// contract's zod schema, the services (through their entry points on test:///default, or their
// validator where the entry point needs more than the value), the CLI, and the renderer's form
// rules — and every layer must accept and refuse exactly what the rule does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainDescription, DomainDisk } from '../../../native';
import { requests } from '../../../electron/ipc/requests';
import { isSnapvisorError } from '../../../shared/errors';
import { snapshotableDisks as serviceDisks } from '../../../electron/services/policy/strategy';
import { toVmDisk } from '../../../electron/services/vms/vm-info';
import { validateDescription, validateName, validateNote, validateResourceName } from '../../../electron/services/policy/validation';
import { validateSchedule } from '../../../electron/services/schedules/validate';
import { UsageError, dateBound, ruled, wholeNumber } from '../../../electron/cli/handlers/values';
import { cronProblem } from '../../../shared/cron';
import { RULES, isSnapshotableDisk, namePatternProblem, problemOf, type Rule } from '../../../shared/rules';
import {
  descriptionProblem, nameProblem, noteProblem, resourceNameProblem, uriProblem,
} from '../../../renderer/src/features/field-rules';
import { draftProblems, type NewVmDraft } from '../../../renderer/src/features/restore/restore-as-new-rules';
import { scheduleProblems, draftFromSchedule, type ScheduleDraft } from '../../../renderer/src/features/schedules/schedule-rules';
import { snapshotableDisks as rendererDisks } from '../../../renderer/src/features/create/kind-rules';
import { dayBoundary } from '../../../renderer/src/format';
import type { Vm } from '../../../shared/model';
import { HOST, defineVm, harness, type Harness } from '../services/helpers';

const UUID = '6695eb01-f6a4-8304-79aa-97f2502e193f';

/** Values around a text rule's limits, plus the characters every rule must judge. */
function textSamples(rule: Extract<Rule, { type: 'text' }>, extra: string[] = []): string[] {
  const n = (k: number, ch = 'x') => ch.repeat(Math.max(0, k));
  return [
    '', ' ', '  a  ', 'a', 'vda', 'test', 'web-01_a.b', '스냅샷', '<x> & "y"', '../etc', 'a b', 'a/b', '.x', '-x', '_x',
    'a\u0000b', 'a\tb', 'a\nb', 'a\rb', 'a\u007fb', 'a\u0085b', 'a\u2028b', 'a\ud800b', '😀',
    n(rule.min - 1), n(rule.min), n(rule.max), n(rule.max + 1), n(rule.max, '😀'), n(rule.max + 1, '😀'), ` ${n(rule.max)} `,
    ...extra,
  ];
}

function intSamples(rule: Extract<Rule, { type: 'int' }>): number[] {
  return [rule.min - 1, rule.min, rule.min + 1, rule.max - 1, rule.max, rule.max + 1, 0, -1, 1.5, Number.MAX_SAFE_INTEGER];
}

type Layer = (value: never) => boolean | Promise<boolean>;

/** Every layer agrees with the rule on every sample, and the samples include both verdicts. */
async function agree<T>(rule: Rule | ((v: T) => boolean), samples: T[], layers: Record<string, Layer>): Promise<void> {
  const verdict = typeof rule === 'function' ? rule : (v: T) => problemOf(rule, v) === null;
  const verdicts = samples.map((v) => verdict(v));
  expect(verdicts, 'samples that pass and samples that fail').toContain(true);
  expect(verdicts).toContain(false);
  for (const [name, layer] of Object.entries(layers)) {
    for (const [i, v] of samples.entries()) {
      expect(await (layer as (value: T) => boolean | Promise<boolean>)(v), `${name} on ${JSON.stringify(v).slice(0, 60)}`).toBe(verdicts[i]);
    }
  }
}

/** True unless `f` throws a SnapvisorError naming one of `fields` (a refusal of that value). */
async function passes(f: () => unknown, fields: string[]): Promise<boolean> {
  try {
    await f();
    return true;
  } catch (e) {
    if (isSnapvisorError(e) && typeof e.params.field === 'string' && fields.includes(e.params.field)) return false;
    if (isSnapvisorError(e)) return true;
    throw e;
  }
}

const zodAccepts = (schema: { safeParse(v: unknown): { success: boolean } }, request: unknown): boolean => schema.safeParse(request).success;

describe('every layer applies the shared rules alike', () => {
  let h: Harness;
  let snapshotId: string;
  let vmUuid: string;
  beforeAll(async () => {
    h = await harness();
    vmUuid = (await defineVm(h.conn)).uuid;
    snapshotId = (await h.services.snapshots.create({ hostId: HOST, vmUuid, kind: 'cold', name: 'rules source' })).id;
  });
  afterAll(async () => { await h.dispose(); });

  it('display names', async () => {
    await agree(RULES.displayName, textSamples(RULES.displayName), {
      zod: (v: string) => zodAccepts(requests['snapshots.edit'], { id: 'abc', name: v }),
      service: (v: string) => passes(() => validateName(v), ['name']),
      renderer: (v: string) => nameProblem(v) === null,
    });
  });

  it('resource names (a new VM, a new volume)', async () => {
    await agree(RULES.resourceName, textSamples(RULES.resourceName), {
      zodVm: (v: string) => zodAccepts(requests['snapshots.restoreAsNew'], { id: 'abc', name: v }),
      zodVolume: (v: string) => zodAccepts(requests['snapshots.restoreVolume'], { id: 'abc', asNewName: v }),
      service: (v: string) => passes(() => h.services.snapshots.restoreAsNew(snapshotId, { name: v, network: null }), ['name']),
      serviceValidator: (v: string) => passes(() => validateResourceName(v, 'asNewName'), ['asNewName']),
      renderer: (v: string) => draftProblems({ name: v, vcpus: '1', memoryMiB: '64', network: '', start: false, protect: false, hostname: '', sshKeys: '', initScript: '' }, 'name', []).name === undefined,
      rendererVolume: (v: string) => resourceNameProblem(v) === null,
    });
  });

  it('descriptions and comments', async () => {
    await agree(RULES.description, textSamples(RULES.description, ['a\n\tb\r\n']), {
      zod: (v: string) => zodAccepts(requests['snapshots.edit'], { id: 'abc', description: v }),
      service: (v: string) => passes(() => validateDescription(v), ['description']),
      renderer: (v: string) => descriptionProblem(v) === null,
    });
    await agree(RULES.note, textSamples(RULES.note, ['a\n\tb\r\n', '\n\t ']), {
      zod: (v: string) => zodAccepts(requests['snapshots.addNote'], { id: 'abc', text: v }),
      service: (v: string) => passes(() => h.services.snapshots.addNote(snapshotId, v), ['note']),
      serviceValidator: (v: string) => passes(() => validateNote(v), ['note']),
      renderer: (v: string) => noteProblem(v) === null,
    });
  });

  it('connection URIs', async () => {
    const uris = ['test:///default', ' test:///default ', 'test:///default?x=1', 'test://', 'test:/x', 'no scheme', '1x:///a',
      'test:///a b', 'test:///a\u0000', `test:///${'a'.repeat(RULES.uri.max - 8)}`, `test:///${'a'.repeat(RULES.uri.max)}`];
    await agree(RULES.uri, uris, {
      zod: (v: string) => zodAccepts(requests['hosts.test'], { uri: v }),
      service: async (v: string) => (await h.services.hosts.test(v)).error?.code !== 'invalid_input',
      renderer: (v: string) => uriProblem(v) === null,
    });
  });

  it('vCPUs and memory of a new VM', async () => {
    const draft = (p: Partial<NewVmDraft>): NewVmDraft => ({ name: 'n', vcpus: '1', memoryMiB: '64', network: '', start: false, protect: false, hostname: '', sshKeys: '', initScript: '', ...p });
    await agree(RULES.vcpus, intSamples(RULES.vcpus), {
      zod: (v: number) => zodAccepts(requests['snapshots.restoreAsNew'], { id: 'abc', name: 'n', vcpus: v }),
      service: (v: number) => passes(() => h.services.snapshots.restoreAsNew(snapshotId, { name: 'rules-vcpus', vcpus: v, network: null }), ['vcpus']),
      renderer: (v: number) => draftProblems(draft({ vcpus: String(v) }), 'resources', []).vcpus === undefined,
    });
    await agree(RULES.memoryMiB, intSamples(RULES.memoryMiB), {
      zod: (v: number) => zodAccepts(requests['snapshots.restoreAsNew'], { id: 'abc', name: 'n', memoryMiB: v }),
      service: (v: number) => passes(() => h.services.snapshots.restoreAsNew(snapshotId, { name: 'rules-mem', memoryMiB: v, network: null }), ['memoryMiB']),
      renderer: (v: number) => draftProblems(draft({ memoryMiB: String(v) }), 'resources', []).memoryMiB === undefined,
    });
  });

  it('network names', async () => {
    await agree(RULES.networkName, textSamples(RULES.networkName), {
      zod: (v: string) => zodAccepts(requests['snapshots.restoreAsNew'], { id: 'abc', name: 'n', network: v }),
      // A well-formed name the host lacks gets network_not_found: past the rule.
      service: (v: string) => passes(() => h.services.snapshots.restoreAsNew(snapshotId, { name: 'rules-net', network: v }), ['network']),
    });
  });

  describe('schedules', () => {
    const input = (p: Record<string, unknown>) => ({ hostId: HOST, vmUuid, kind: 'cold' as const, intervalSeconds: 3600, ...p });
    const service = (p: Record<string, unknown>, field: string) => passes(() => validateSchedule(input(p)), [field]);
    const renderer = (p: Partial<ScheduleDraft>): ScheduleDraft => ({ ...draftFromSchedule(null, vmUuid), ...p });

    it('intervals, keep-last and maximum age', async () => {
      for (const [field, rule] of [['intervalSeconds', RULES.intervalSeconds], ['maxAgeSeconds', RULES.maxAgeSeconds]] as const) {
        await agree(rule, intSamples(rule), {
          zod: (v: number) => zodAccepts(requests['schedules.add'], input({ [field]: v })),
          service: (v: number) => service({ [field]: v }, field),
        });
      }
      // The form types minutes (intervals) and days (maximum age): the values it can express.
      const max = RULES.intervalSeconds.max;
      await agree(RULES.intervalSeconds, [0, 60, 3600, max - (max % 60), max - (max % 60) + 60], {
        renderer: (v: number) => scheduleProblems(renderer({ trigger: 'interval', every: String(v / 60), unit: 'minutes' })).every === undefined,
      });
      const days = [0, 1, 2, 36_600, 36_601, 10_000_000].map((d) => d * 86_400);
      await agree(RULES.maxAgeSeconds, days, {
        renderer: (v: number) => scheduleProblems(renderer({ maxAgeDays: String(v / 86_400) })).maxAgeDays === undefined,
        service: (v: number) => service({ maxAgeSeconds: v }, 'maxAgeSeconds'),
      });
      await agree(RULES.keepLast, intSamples(RULES.keepLast), {
        zod: (v: number) => zodAccepts(requests['schedules.add'], input({ keepLast: v })),
        service: (v: number) => service({ keepLast: v }, 'keepLast'),
        renderer: (v: number) => scheduleProblems(renderer({ keepLast: String(v) })).keepLast === undefined,
      });
    });

    it('the copy a run refreshes: its host URI and the copies kept there', async () => {
      const uris = ['test:///default', ' qemu+ssh://backup/system ', 'qemu+tls://b.example/system?x=1', 'test://', 'no scheme', '1x:///a',
        'qemu+ssh://a b/system', 'test:///a\u0000', '', ' ', `test:///${'a'.repeat(RULES.uri.max - 8)}`, `test:///${'a'.repeat(RULES.uri.max)}`];
      const cli = (option: string, f: () => unknown): boolean => {
        try {
          f();
          return true;
        } catch (e) {
          if (e instanceof UsageError && e.problem.params.option === option) return false;
          throw e;
        }
      };
      await agree(RULES.uri, uris, {
        zod: (v: string) => zodAccepts(requests['schedules.add'], input({ copyTo: v })),
        zodUpdate: (v: string) => zodAccepts(requests['schedules.update'], { id: 'abc', copyTo: v }),
        service: (v: string) => service({ copyTo: v }, 'copyTo'),
        cli: (v: string) => cli('--copy-to', () => ruled({ 'copy-to': v }, 'copy-to', RULES.uri)),
        renderer: (v: string) => scheduleProblems(renderer({ copy: true, copyTo: v })).copyTo === undefined,
      });
      await agree(RULES.keepLast, intSamples(RULES.keepLast), {
        zod: (v: number) => zodAccepts(requests['schedules.add'], input({ copyTo: 'test:///default', copyKeep: v })),
        service: (v: number) => service({ copyTo: 'qemu:///system', copyKeep: v }, 'copyKeep'),
        cli: (v: number) => cli('--copy-keep', () => wholeNumber({ 'copy-keep': String(v) }, 'copy-keep', RULES.keepLast)),
        renderer: (v: number) => scheduleProblems(renderer({ copy: true, copyTo: 'qemu:///system', copyKeep: String(v) })).copyKeep === undefined,
      });
      // A keep with no host to keep it on is refused; no copy host is no copy.
      expect(await service({ copyKeep: 3 }, 'copyKeep')).toBe(false);
      expect(validateSchedule(input({ copyTo: null }))).toMatchObject({ copyTo: null, copyKeep: null });
      expect(validateSchedule(input({ copyTo: ' qemu:///system ', copyKeep: 2 }))).toMatchObject({ copyTo: 'qemu:///system', copyKeep: 2 });
      expect(scheduleProblems(renderer({ copy: false, copyTo: 'no scheme', copyKeep: '0' }))).toEqual({});
      expect(scheduleProblems(renderer({ copy: true, copyTo: 'test:///default' }), 'test:///default').copyTo).toBe('schedules.copyToSameHost');
    });

    it('cron expressions and name patterns', async () => {
      const crons = ['0 3 * * *', ' */15 2-4 * * 1-5 ', '0 0 29 2 *', '61 * * * *', '0 3 * *', 'at noon', '*/5 * * * * *',
        '0 0 31 2 *', '0 3 * * *\u0000', '', `0 3 * * * ${'x'.repeat(200)}`];
      await agree((v: string) => cronProblem(v) === null, crons, {
        zod: (v: string) => zodAccepts(requests['schedules.add'], input({ intervalSeconds: null, cron: v })),
        service: (v: string) => passes(() => validateSchedule(input({ intervalSeconds: null, cron: v })), ['cron', 'intervalSeconds']),
        renderer: (v: string) => scheduleProblems(renderer({ trigger: 'cron', cron: v })).cron === undefined,
      });
      const patterns = ['', 'auto-{date}', '{vm}-{kind}-{n}-{datetime}-{time}', 'a-{hour}', '{}', 'x\u0001', '한글 {date}', 'x'.repeat(200), 'x'.repeat(201)];
      await agree((v: string) => namePatternProblem(v) === null, patterns, {
        zod: (v: string) => zodAccepts(requests['schedules.add'], input({ namePattern: v })),
        service: (v: string) => service({ namePattern: v }, 'namePattern'),
        renderer: (v: string) => scheduleProblems(renderer({ namePattern: v })).namePattern === undefined,
      });
    });
  });

  it('dates: the contract, the CLI and the date filter', async () => {
    const dates = ['2024-01-31', '2024-02-29', '2023-02-29', '2024-13-45', '2024-00-10', '2024-04-31', 'yesterday', '2024-1-5',
      '2024-01-31T12:00', '2024-01-31T12:00:59Z', '2024-01-31T23:59:59.123456789+09:00', '2024-01-31T24:00', '2024-01-31T12:60', ''];
    await agree(RULES.isoDate, dates, {
      zod: (v: string) => zodAccepts(requests['snapshots.list'], { since: v }),
      cli: (v: string) => {
        try {
          return dateBound({ until: v }, 'until', true) !== undefined;
        } catch (e) {
          if (e instanceof UsageError) return false;
          throw e;
        }
      },
    });
    // The date inputs give bare days only.
    await agree(RULES.isoDate, dates.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), {
      renderer: (v: string) => dayBoundary(v, false) !== undefined,
    });
  });

  it('ids, VM UUIDs, disk targets and searches (the contract alone checks their form)', async () => {
    await agree(RULES.id, textSamples(RULES.id, ['a:b@c+d=e', 'sv-0123abcd']), {
      zod: (v: string) => zodAccepts(requests['snapshots.get'], { id: v }),
    });
    await agree(RULES.vmUuid, [UUID, UUID.toUpperCase(), UUID.slice(1), `${UUID}0`, UUID.replace(/-/g, ''), ''], {
      zod: (v: string) => zodAccepts(requests['snapshots.defaultName'], { hostId: HOST, vmUuid: v }),
    });
    await agree(RULES.diskTarget, textSamples(RULES.diskTarget, ['nvme0n1', 'sda', 'Vda', '0vd']), {
      zod: (v: string) => zodAccepts(requests['snapshots.extractVolume'], { id: 'abc', disk: v }),
    });
    await agree(RULES.search, textSamples(RULES.search), {
      zod: (v: string) => zodAccepts(requests['snapshots.list'], { search: v }),
    });
  });

  it('which disks a snapshot can hold: the services and the create dialog', () => {
    const disks: DomainDisk[] = [];
    for (const device of ['disk', 'cdrom', 'floppy', 'lun']) {
      for (const type of ['file', 'block', 'volume', 'network', 'dir']) {
        for (const readonly of [false, true]) {
          for (const shareable of [false, true]) {
            disks.push({ device, type, target: `d${disks.length}`, readonly, shareable, backingChain: [] });
          }
        }
      }
    }
    const description: DomainDescription = {
      name: 'vm', uuid: UUID, type: 'kvm', memoryKiB: 1, vcpus: 1, uefi: false, disks, interfaces: [], channels: [],
    };
    const vm: Vm = {
      hostId: HOST, uuid: UUID, name: 'vm', state: 'running', vcpus: 1, memoryMiB: 1, uefi: false, persistent: true,
      disks: disks.map(toVmDisk), snapshotCount: 0, protected: false,
    };
    const expected = disks.filter(isSnapshotableDisk).map((d) => d.target);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(disks.length);
    expect(serviceDisks(description).map((d) => d.target)).toEqual(expected);
    expect(rendererDisks(vm)).toEqual(expected);
  });
});
