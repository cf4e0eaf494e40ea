// The request half of the IPC contract (contract.ts): each channel's zod schema, what main
// checks a request against before the service sees it (handlers.ts). Apart from contract.ts so
// that what only names the channels (the preload, main's start, the e2e page) never loads zod:
// its schemas are built when main first handles a request, not while the window starts.
import { z } from 'zod';
import { SNAPSHOT_KINDS, SNAPSHOT_STATES, VM_SNAPSHOT_KINDS } from '../../shared/vocabulary';
import {
  RULES, SSH_KEY_TEXTS_MAX, SSH_KEY_TEXT_MAX_BYTES, initScriptProblem, namePatternProblem, problemOf, sshPublicKeys,
  type IntRule, type Problem, type TextRule,
} from '../../shared/rules';
import { cronProblem } from '../../shared/cron';

// ---------------------------------------------------------------------------------------------
// Field schemas: each built from its rule in shared/rules.ts, so main refuses exactly what the
// services and the renderer's forms refuse. A broken rule is a custom issue carrying the Problem
// (reason token and limit); validationError (handlers.ts) turns it into invalid_input's params.

function refusal<T>(check: (value: T) => Problem | null) {
  return (value: T, ctx: z.RefinementCtx): void => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.reason, params: { problem } });
  };
}
const textOf = (rule: TextRule) => z.string().superRefine(refusal((v: string) => problemOf(rule, v)));
const intOf = (rule: IntRule) => z.number().superRefine(refusal((v: number) => problemOf(rule, v)));

const id = textOf(RULES.id);
const vmUuid = textOf(RULES.vmUuid);
const name = textOf(RULES.displayName);
/** A name that becomes a libvirt domain or file name: the services judge it by the same rule. */
const resourceName = textOf(RULES.resourceName);
const description = textOf(RULES.description);
const uri = textOf(RULES.uri);
const filePath = textOf(RULES.filePath);
const diskTarget = textOf(RULES.diskTarget);
const network = textOf(RULES.networkName);
const isoDate = textOf(RULES.isoDate);
const kind = z.enum(SNAPSHOT_KINDS);
const vmKind = z.enum(VM_SNAPSHOT_KINDS);
const state = z.enum(SNAPSHOT_STATES);

const empty = z.strictObject({});
const byId = z.strictObject({ id });
const byHost = z.strictObject({ hostId: id });

const schemas = {
  snapshotFilter: z.strictObject({
    hostId: id.optional(),
    vmUuid: vmUuid.optional(),
    kind: kind.optional(),
    state: state.optional(),
    search: textOf(RULES.search).optional(),
    since: isoDate.optional(),
    until: isoDate.optional(),
    includeDependents: z.boolean().optional(),
    limit: z.int().min(1).optional(),
  }),
  createSnapshot: z.strictObject({
    hostId: id,
    vmUuid,
    kind: vmKind,
    name: name.optional(),
    description: description.optional(),
    disks: z.array(diskTarget).max(RULES.disks.max).optional(),
    quiesce: z.boolean().optional(),
    protect: z.boolean().optional(),
    origin: z.enum(['manual', 'schedule']).optional(),
    scheduleId: id.optional(),
    orNearest: z.boolean().optional(),
  }),
  volumeSnapshot: z.strictObject({
    hostId: id,
    vmUuid,
    disk: diskTarget,
    name: name.optional(),
    description: description.optional(),
  }),
  scheduleFields: {
    intervalSeconds: intOf(RULES.intervalSeconds).nullable().optional(),
    cron: z.string().superRefine(refusal(cronProblem)).nullable().optional(),
    namePattern: z.string().superRefine(refusal(namePatternProblem)).optional(),
    keepLast: intOf(RULES.keepLast).nullable().optional(),
    maxAgeSeconds: intOf(RULES.maxAgeSeconds).nullable().optional(),
    copyTo: uri.nullable().optional(),
    copyKeep: intOf(RULES.keepLast).nullable().optional(),
    enabled: z.boolean().optional(),
  },
};

const scheduleInput = z.strictObject({ hostId: id, vmUuid, kind: vmKind, ...schemas.scheduleFields });
const scheduleUpdate = z.strictObject({
  id, hostId: id.optional(), vmUuid: vmUuid.optional(), kind: vmKind.optional(), ...schemas.scheduleFields,
});

// ---------------------------------------------------------------------------------------------
// The channels' requests: the same names as contract.ts's `channels` (the compiler holds them equal).

export const requests = {
  'app.info': empty,
  'app.sshPublicKeys': empty,
  'app.pickFile': z.strictObject({ mode: z.enum(['save', 'open']), defaultName: resourceName.optional() }),

  'hosts.list': empty,
  'hosts.add': z.strictObject({ uri, name: name.optional() }),
  'hosts.remove': byHost,
  'hosts.test': z.strictObject({ uri }),
  'hosts.connect': byHost,

  'vms.list': byHost,
  'vms.networks': byHost,
  'vms.removalPlan': z.strictObject({ hostId: id, vmUuid }),
  'vms.remove': z.strictObject({ hostId: id, vmUuid, confirmName: name.optional() }),

  'snapshots.list': schemas.snapshotFilter,
  'snapshots.get': byId,
  'snapshots.defaultName': z.strictObject({ hostId: id, vmUuid }),
  'snapshots.create': schemas.createSnapshot,
  'snapshots.edit': z.strictObject({ id, name: name.optional(), description: description.optional() }),
  'snapshots.setProtected': z.strictObject({ id, on: z.boolean() }),
  'snapshots.deletePlan': byId,
  'snapshots.delete': z.strictObject({ id, confirmName: name.optional() }),
  'snapshots.revert': z.strictObject({
    id, safetySnapshot: z.boolean().optional(), afterState: z.enum(['running', 'paused', 'shutoff']).optional(),
  }),
  'snapshots.restoreAsNew': z.strictObject({
    id,
    name: resourceName,
    vcpus: intOf(RULES.vcpus).optional(),
    memoryMiB: intOf(RULES.memoryMiB).optional(),
    network: network.nullable().optional(),
    start: z.boolean().optional(),
    protect: z.boolean().optional(),
    hostname: textOf(RULES.hostname).optional(),
    sshKeys: z.array(z.string().max(SSH_KEY_TEXT_MAX_BYTES).superRefine(refusal((v: string) => {
      const found = sshPublicKeys(v);
      return 'problem' in found ? found.problem : null;
    }))).max(SSH_KEY_TEXTS_MAX).optional(),
    initScript: z.string().superRefine(refusal(initScriptProblem)).optional(),
  }),
  'snapshots.createVolume': schemas.volumeSnapshot,
  'snapshots.restoreVolume': z.strictObject({ id, asNewName: resourceName.optional() }),
  'snapshots.extractVolume': z.strictObject({ id, disk: diskTarget, name: name.optional() }),
  'snapshots.reconcile': byHost,
  'snapshots.adopt': byId,
  'snapshots.forget': byId,
  'snapshots.events': z.strictObject({ id: id.optional() }),
  'snapshots.addNote': z.strictObject({ id, text: textOf(RULES.note) }),
  'snapshots.thumbnail': byId,

  'copies.list': z.strictObject({ hostId: id.optional(), vmUuid: vmUuid.optional() }),
  'copies.refresh': z.strictObject({ hostId: id, vmUuid, to: uri, keep: intOf(RULES.keepLast).nullable().optional() }),
  'copies.verify': z.strictObject({ hostId: id, vmUuid, to: uri }),
  'copies.remove': z.strictObject({ hostId: id, vmUuid, to: uri }),

  'exports.exportVm': z.strictObject({ hostId: id, vmUuid, snapshotId: id.optional(), output: filePath }),
  'exports.importVm': z.strictObject({ hostId: id, file: filePath, name: resourceName.optional() }),
  'exports.check': z.strictObject({ hostId: id, file: filePath }),

  'jobs.list': empty,
  'jobs.cancel': z.strictObject({ jobId: id }),

  'schedules.list': z.strictObject({ hostId: id.optional() }),
  'schedules.add': scheduleInput,
  'schedules.update': scheduleUpdate,
  'schedules.remove': byId,
  'schedules.timer': empty,
  'schedules.setTimer': z.strictObject({ on: z.boolean() }),
} as const satisfies Record<string, z.ZodType>;

export type Requests = typeof requests;
