// The one contract between the renderer and the main process: channel → request schema and
// response type, event → payload type. Main registers a handler per channel (ipcMain.handle),
// the preload builds `window.snapvisor` from the same table (createApiClient over ipcRenderer),
// and the Chromium e2e tests build it over POSTs to the test server: one table, three transports.
//
// The renderer imports TYPES from here only (`import type`); the schemas run in main. The global
// `window.snapvisor: SnapvisorApi` is declared once, by the renderer (renderer/src/api/api.ts).
import { z } from 'zod';
import { SNAPSHOT_KINDS, SNAPSHOT_STATES, VM_SNAPSHOT_KINDS } from '../../shared/vocabulary';
import {
  RULES, SSH_KEY_TEXTS_MAX, SSH_KEY_TEXT_MAX_BYTES, initScriptProblem, namePatternProblem, problemOf, sshPublicKeys,
  type IntRule, type Problem, type TextRule,
} from '../../shared/rules';
import { cronProblem } from '../../shared/cron';
import type {
  CopyInfo, CopyRefreshResult, CopyVerifyResult, HostStatus, Job, Note, Schedule, ScheduleTimerStatus, Snapshot, SnapshotEvent, Vm, VmNetwork,
} from '../../shared/model';
import type {
  CopyRemoveResult, DeletePlan, ExportSummary, ImportVmResult, ReconcileReport, RemoveVmResult, RevertResult, ServiceEvents, SnapshotDetail,
  VmRemovalPlan, VolumeRestoreResult,
} from '../services/api';
import type { SkipReason } from '../services/copies/copy-plan';
import type { ErrorCode, ErrorParams } from '../../shared/errors';
import type { LocalSshKey } from '../services/cloud-init/local-ssh-keys';

// The services' request and response types the channels carry, for the renderer: it may import
// types from this file (and shared/), nothing else of electron/.
export type {
  AfterRevert, CopyRemoveResult, CreateSnapshotRequest, DeletePlan, ExportSummary, ImportVmResult, ReconcileReport, RemoveVmResult, RestoreAsNewRequest,
  RevertResult, ScheduleInput, SnapshotDetail, VmRemovalPlan, VolumeRestoreResult,
} from '../services/api';
export type { SkipReason } from '../services/copies/copy-plan';
export type { LocalSshKey } from '../services/cloud-init/local-ssh-keys';

// ---------------------------------------------------------------------------------------------
// Results: errors are values, never thrown across IPC.

export interface IpcError {
  code: ErrorCode;
  params: ErrorParams;
}

/** The renderer's name for the same thing. */
export type ApiError = IpcError;

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

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
const diskTarget = textOf(RULES.diskTarget);
const network = textOf(RULES.networkName);
/** A path on this computer: absolute, as a file dialog answers it (main never makes one from a typed name). */
const filePath = textOf(RULES.filePath);
const isoDate = textOf(RULES.isoDate);
const kind = z.enum(SNAPSHOT_KINDS);
const vmKind = z.enum(VM_SNAPSHOT_KINDS);
const state = z.enum(SNAPSHOT_STATES);

const empty = z.strictObject({});
const byId = z.strictObject({ id });
const byHost = z.strictObject({ hostId: id });

export const schemas = {
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
// The channel table.

declare const responseType: unique symbol;
/** A response type carried in the table at the type level only (main produces responses itself). */
export interface Returns<T> { readonly [responseType]?: T }
const returns = <T>(): Returns<T> => ({});

export interface AppInfo {
  version: string;
  platform: string;
  locale: string;
}

export interface HostTestResult {
  ok: boolean;
  libvirtVersion: string | null;
  error: IpcError | null;
}

/** The file a file dialog answered with (null: the user cancelled it). */
export interface PickedFile {
  path: string;
}

/** What an export wrote: the file, whose VM, how many snapshots and bytes, and what it left out. */
export interface ExportDone {
  file: string;
  vm: { name: string; uuid: string };
  snapshots: number;
  bytes: number;
  skipped: { snapshotId: string; reason: SkipReason }[];
}

export const channels = {
  'app.info': { request: empty, response: returns<AppInfo>() },
  /** The public keys in ~/.ssh/*.pub of the user running the app, for the restore-as-new wizard. */
  'app.sshPublicKeys': { request: empty, response: returns<LocalSshKey[]>() },
  /**
   * The system's file dialog: a file to write ('save', suggesting `defaultName`) or to read
   * ('open'); null when the user cancels it.
   */
  'app.pickFile': {
    request: z.strictObject({ mode: z.enum(['save', 'open']), defaultName: resourceName.optional() }),
    response: returns<PickedFile | null>(),
  },

  'hosts.list': { request: empty, response: returns<HostStatus[]>() },
  'hosts.add': { request: z.strictObject({ uri, name: name.optional() }), response: returns<HostStatus>() },
  'hosts.remove': { request: byHost, response: returns<void>() },
  'hosts.test': { request: z.strictObject({ uri }), response: returns<HostTestResult>() },
  'hosts.connect': { request: byHost, response: returns<HostStatus>() },

  'vms.list': { request: byHost, response: returns<Vm[]>() },
  'vms.networks': { request: byHost, response: returns<VmNetwork[]>() },
  'vms.removalPlan': { request: z.strictObject({ hostId: id, vmUuid }), response: returns<VmRemovalPlan>() },
  'vms.remove': { request: z.strictObject({ hostId: id, vmUuid, confirmName: name.optional() }), response: returns<RemoveVmResult>() },

  'snapshots.list': { request: schemas.snapshotFilter, response: returns<Snapshot[]>() },
  'snapshots.get': { request: byId, response: returns<SnapshotDetail>() },
  'snapshots.defaultName': { request: z.strictObject({ hostId: id, vmUuid }), response: returns<string>() },
  'snapshots.create': { request: schemas.createSnapshot, response: returns<Snapshot>() },
  'snapshots.edit': {
    request: z.strictObject({ id, name: name.optional(), description: description.optional() }),
    response: returns<Snapshot>(),
  },
  'snapshots.setProtected': { request: z.strictObject({ id, on: z.boolean() }), response: returns<Snapshot>() },
  'snapshots.deletePlan': { request: byId, response: returns<DeletePlan>() },
  'snapshots.delete': { request: z.strictObject({ id, confirmName: name.optional() }), response: returns<void>() },
  'snapshots.revert': {
    request: z.strictObject({
      id, safetySnapshot: z.boolean().optional(), afterState: z.enum(['running', 'paused', 'shutoff']).optional(),
    }),
    response: returns<RevertResult>(),
  },
  'snapshots.restoreAsNew': {
    request: z.strictObject({
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
    response: returns<Vm>(),
  },
  'snapshots.createVolume': { request: schemas.volumeSnapshot, response: returns<Snapshot>() },
  'snapshots.restoreVolume': {
    request: z.strictObject({ id, asNewName: resourceName.optional() }),
    response: returns<VolumeRestoreResult>(),
  },
  'snapshots.extractVolume': {
    request: z.strictObject({ id, disk: diskTarget, name: name.optional() }),
    response: returns<Snapshot>(),
  },
  'snapshots.reconcile': { request: byHost, response: returns<ReconcileReport>() },
  'snapshots.adopt': { request: byId, response: returns<Snapshot>() },
  'snapshots.forget': { request: byId, response: returns<void>() },
  'snapshots.events': { request: z.strictObject({ id: id.optional() }), response: returns<SnapshotEvent[]>() },
  'snapshots.addNote': {
    request: z.strictObject({ id, text: textOf(RULES.note) }),
    response: returns<Note>(),
  },
  /** The screen at snapshot time as a `data:image/png;base64,…` URL, or null. */
  'snapshots.thumbnail': { request: byId, response: returns<string | null>() },

  'copies.list': { request: z.strictObject({ hostId: id.optional(), vmUuid: vmUuid.optional() }), response: returns<CopyInfo[]>() },
  'copies.refresh': {
    request: z.strictObject({ hostId: id, vmUuid, to: uri, keep: intOf(RULES.keepLast).nullable().optional() }),
    response: returns<CopyRefreshResult>(),
  },
  'copies.verify': { request: z.strictObject({ hostId: id, vmUuid, to: uri }), response: returns<CopyVerifyResult>() },
  'copies.remove': { request: z.strictObject({ hostId: id, vmUuid, to: uri }), response: returns<CopyRemoveResult>() },

  /** Export files (docs/export-format.md): each runs as a job (the dock shows its bytes and offers Cancel). */
  'exports.exportVm': {
    request: z.strictObject({ hostId: id, vmUuid, snapshotId: id.optional(), output: filePath }),
    response: returns<ExportDone>(),
  },
  'exports.importVm': {
    request: z.strictObject({ hostId: id, file: filePath, name: resourceName.optional() }),
    response: returns<ImportVmResult>(),
  },
  'exports.check': { request: z.strictObject({ file: filePath }), response: returns<ExportSummary>() },

  'jobs.list': { request: empty, response: returns<Job[]>() },
  'jobs.cancel': { request: z.strictObject({ jobId: id }), response: returns<void>() },

  'schedules.list': { request: z.strictObject({ hostId: id.optional() }), response: returns<Schedule[]>() },
  'schedules.add': { request: scheduleInput, response: returns<Schedule>() },
  'schedules.update': { request: scheduleUpdate, response: returns<Schedule>() },
  'schedules.remove': { request: byId, response: returns<void>() },
  /** Whether schedules also run while the app is closed: the systemd user timer's state. */
  'schedules.timer': { request: empty, response: returns<ScheduleTimerStatus>() },
  'schedules.setTimer': { request: z.strictObject({ on: z.boolean() }), response: returns<ScheduleTimerStatus>() },
} as const satisfies Record<string, { request: z.ZodType; response: Returns<unknown> }>;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export const CHANNELS = Object.keys(channels) as Channel[];

/** What the renderer sends (optional fields may be left out). */
export type RequestOf<C extends Channel> = z.input<Channels[C]['request']>;
/** What the handler receives after validation. */
export type ValidRequestOf<C extends Channel> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends Channel> = Channels[C]['response'] extends Returns<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------
// Events, main → renderer: the services' events, forwarded as they are.

export type Events = ServiceEvents;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E];
export const EVENTS = ['job.changed', 'snapshot.changed', 'host.changed', 'vm.changed', 'schedule.changed', 'snapshots.reconciled'] as const satisfies readonly EventName[];

/** The Electron IPC channel an event travels on (kept apart from request channels). */
export const eventChannel = (event: EventName): string => `event:${event}`;

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENTS as readonly string[]).includes(value);
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

// ---------------------------------------------------------------------------------------------
// The API object: `window.snapvisor.snapshots.list(filter)`, `window.snapvisor.on(event, fn)`.

type NamespaceOf<C> = C extends `${infer N}.${string}` ? N : never;
/** Requests whose fields are all optional may be left out: `snapvisor.hosts.list()`. */
type Args<C extends Channel> = Record<never, never> extends RequestOf<C> ? [request?: RequestOf<C>] : [request: RequestOf<C>];
export type Method<C extends Channel> = (...args: Args<C>) => Promise<Result<ResponseOf<C>>>;

export type SnapvisorApi = {
  readonly [N in NamespaceOf<Channel>]: {
    readonly [C in Channel as C extends `${N}.${infer M}` ? M : never]: Method<C>;
  };
} & {
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export type Invoke = (channel: Channel, request: unknown) => Promise<Result<unknown>>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

export function internalError(e: unknown): IpcError {
  return { code: 'internal', params: { message: e instanceof Error ? e.message : String(e) } };
}

/**
 * Builds `window.snapvisor` from the channel table over any transport: ipcRenderer in the
 * preload, POSTs to the test server in the e2e tests, the handlers directly in unit tests.
 */
export function createApiClient(invoke: Invoke, subscribe: Subscribe): SnapvisorApi {
  const api: Record<string, Record<string, (request?: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of CHANNELS) {
    const [namespace = '', method = ''] = channel.split('.');
    const group = (api[namespace] ??= {});
    group[method] = (request?: unknown) =>
      // A transport failure (no handler, a dead window) is still an error value, never a throw.
      invoke(channel, request ?? {}).catch((e: unknown): Result<unknown> => ({ ok: false, error: internalError(e) }));
  }
  const on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!isEventName(event)) throw new TypeError(`unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    return subscribe(event, listener);
  };
  return Object.freeze({ ...api, on }) as unknown as SnapvisorApi;
}
