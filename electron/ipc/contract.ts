// The one contract between the renderer and the main process: channel → request schema and
// response type, event → payload type. Main registers a handler per channel (ipcMain.handle),
// the preload builds `window.snapvisor` from the same table (createApiClient over ipcRenderer),
// and the Chromium e2e tests build it over POSTs to the test server: one table, three transports.
// The requests' zod schemas are in requests.ts, keyed by the same names: this file loads no zod,
// so the preload and main's start, which only name the channels, stay small.
//
// The renderer imports TYPES from here only (`import type`); the schemas run in main. The global
// `window.snapvisor: SnapvisorApi` is declared once, by the renderer (renderer/src/api/api.ts).
import type { z } from 'zod';
import type { Requests } from './requests';
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

/** Each channel's response type; its request schema is requests.ts's entry of the same name. */
export const channels = {
  'app.info': returns<AppInfo>(),
  /** The public keys in ~/.ssh/*.pub of the user running the app, for the restore-as-new wizard. */
  'app.sshPublicKeys': returns<LocalSshKey[]>(),
  /**
   * The system's file dialog: a file to write ('save', suggesting `defaultName`) or to read
   * ('open'); null when the user cancels it.
   */
  'app.pickFile': returns<PickedFile | null>(),

  'hosts.list': returns<HostStatus[]>(),
  'hosts.add': returns<HostStatus>(),
  'hosts.remove': returns<void>(),
  'hosts.test': returns<HostTestResult>(),
  'hosts.connect': returns<HostStatus>(),

  'vms.list': returns<Vm[]>(),
  'vms.networks': returns<VmNetwork[]>(),
  'vms.removalPlan': returns<VmRemovalPlan>(),
  'vms.remove': returns<RemoveVmResult>(),

  'snapshots.list': returns<Snapshot[]>(),
  'snapshots.get': returns<SnapshotDetail>(),
  'snapshots.defaultName': returns<string>(),
  'snapshots.create': returns<Snapshot>(),
  'snapshots.edit': returns<Snapshot>(),
  'snapshots.setProtected': returns<Snapshot>(),
  'snapshots.deletePlan': returns<DeletePlan>(),
  'snapshots.delete': returns<void>(),
  'snapshots.revert': returns<RevertResult>(),
  'snapshots.restoreAsNew': returns<Vm>(),
  'snapshots.createVolume': returns<Snapshot>(),
  'snapshots.restoreVolume': returns<VolumeRestoreResult>(),
  'snapshots.extractVolume': returns<Snapshot>(),
  'snapshots.reconcile': returns<ReconcileReport>(),
  'snapshots.adopt': returns<Snapshot>(),
  'snapshots.forget': returns<void>(),
  'snapshots.events': returns<SnapshotEvent[]>(),
  'snapshots.addNote': returns<Note>(),
  /** The screen at snapshot time as a `data:image/png;base64,…` URL, or null. */
  'snapshots.thumbnail': returns<string | null>(),

  'copies.list': returns<CopyInfo[]>(),
  'copies.refresh': returns<CopyRefreshResult>(),
  'copies.verify': returns<CopyVerifyResult>(),
  'copies.remove': returns<CopyRemoveResult>(),

  'exports.exportVm': returns<ExportDone>(),
  'exports.importVm': returns<ImportVmResult>(),
  'exports.check': returns<ExportSummary>(),

  'jobs.list': returns<Job[]>(),
  'jobs.cancel': returns<void>(),

  'schedules.list': returns<Schedule[]>(),
  'schedules.add': returns<Schedule>(),
  'schedules.update': returns<Schedule>(),
  'schedules.remove': returns<void>(),
  /** Whether schedules also run while the app is closed: the systemd user timer's state. */
  'schedules.timer': returns<ScheduleTimerStatus>(),
  'schedules.setTimer': returns<ScheduleTimerStatus>(),
} as const satisfies Record<keyof Requests, Returns<unknown>>;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export const CHANNELS = Object.keys(channels) as Channel[];

/** What the renderer sends (optional fields may be left out). */
export type RequestOf<C extends Channel> = z.input<Requests[C]>;
/** What the handler receives after validation. */
export type ValidRequestOf<C extends Channel> = z.output<Requests[C]>;
export type ResponseOf<C extends Channel> = Channels[C] extends Returns<infer T> ? T : never;

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
// Main's side: one handler per channel (handlers.ts builds them: validate, call, Result).

export type Handler = (request: unknown) => Promise<Result<unknown>>;
export type Handlers = Record<Channel, Handler>;

/** Dispatches by channel name, for transports that carry the name as data (the e2e binding). */
export function dispatch(handlers: Handlers, channel: unknown, request: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return Promise.resolve({ ok: false, error: { code: 'invalid_input', params: { field: 'channel', issue: 'unknown_channel', reason: 'unknown_channel' } } });
  }
  return handlers[channel](request);
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
