// One validated handler per channel of the contract. Whatever transport carries the request
// (ipcMain.handle, a Playwright binding, a unit test), it lands here: zod first, then the
// service, and every outcome — a SnapvisorError or anything else — comes back as a Result.
import type { z } from 'zod';
import type { SnapvisorServices } from '../services/api';
import { SnapvisorError, isSnapvisorError, type ErrorParams } from '../../shared/errors';
import { manifestBytes } from '../services/exports/format';
import type { Problem } from '../../shared/rules';
import { localSshKeys } from '../services/cloud-init/local-ssh-keys';
import { isFieldName, isReason, type FieldName } from '../../shared/vocabulary';
import {
  CHANNELS, internalError,
  type AppInfo, type Channel, type Handlers, type IpcError, type PickedFile, type ResponseOf, type Result, type ValidRequestOf,
} from './contract';
import { requests } from './requests';

/** Asks the user for a file: Electron's dialog in the app, a stand-in in the tests; null when cancelled. */
export type PickFile = (request: ValidRequestOf<'app.pickFile'>) => Promise<PickedFile | null>;

export interface HandlerOptions {
  appInfo?: () => AppInfo;
  /** Without one (no window to show a dialog on), app.pickFile answers file_dialog_unavailable. */
  pickFile?: PickFile;
  /** Where unexpected (non-SnapvisorError) failures are reported. */
  log?: (channel: Channel, error: unknown) => void;
}

type Implementations = {
  [C in Channel]: (request: ValidRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

function defaultAppInfo(): AppInfo {
  return {
    version: process.env.npm_package_version ?? '0.0.0',
    platform: process.platform,
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
  };
}

function noFileDialog(): never {
  throw new SnapvisorError('file_dialog_unavailable');
}

function implementations(s: SnapvisorServices, appInfo: () => AppInfo, pickFile: PickFile): Implementations {
  return {
    'app.info': () => appInfo(),
    'app.sshPublicKeys': () => localSshKeys(),
    'app.pickFile': (r) => pickFile(r),

    'exports.exportVm': async ({ output, ...req }) => {
      const { manifest, skipped } = await s.exports.exportVm({ ...req, output });
      return { file: output, vm: { name: manifest.vm.name, uuid: manifest.vm.uuid }, snapshots: manifest.snapshots.length, bytes: manifestBytes(manifest), skipped };
    },
    'exports.importVm': (r) => s.exports.importVm(r),
    'exports.check': (r) => s.exports.check(r),

    'hosts.list': () => s.hosts.list(),
    'hosts.add': (r) => s.hosts.add(r.uri, r.name),
    'hosts.remove': async (r) => { await s.hosts.remove(r.hostId) },
    'hosts.test': (r) => s.hosts.test(r.uri),
    'hosts.connect': (r) => s.hosts.connect(r.hostId),

    'vms.list': (r) => s.vms.list(r.hostId),
    'vms.networks': (r) => s.vms.networks(r.hostId),
    'vms.removalPlan': (r) => s.vms.removalPlan(r.hostId, r.vmUuid),
    'vms.remove': ({ hostId, vmUuid, ...req }) => s.vms.remove(hostId, vmUuid, req),
    'copies.list': (r) => s.copies.list(r),
    'copies.refresh': (r) => s.copies.refresh(r),
    'copies.verify': (r) => s.copies.verify(r),
    'copies.remove': (r) => s.copies.remove(r),

    'snapshots.list': (r) => s.snapshots.list(r),
    'snapshots.get': (r) => s.snapshots.get(r.id),
    'snapshots.defaultName': (r) => s.snapshots.defaultName(r.hostId, r.vmUuid),
    'snapshots.create': (r) => s.snapshots.create(r),
    'snapshots.edit': ({ id, ...edit }) => s.snapshots.edit(id, edit),
    'snapshots.setProtected': (r) => s.snapshots.setProtected(r.id, r.on),
    'snapshots.deletePlan': (r) => s.snapshots.deletePlan(r.id),
    'snapshots.delete': async ({ id, ...req }) => { await s.snapshots.delete(id, req) },
    'snapshots.revert': ({ id, ...req }) => s.snapshots.revert(id, req),
    'snapshots.restoreAsNew': ({ id, ...req }) => s.snapshots.restoreAsNew(id, req),
    'snapshots.createVolume': (r) => s.snapshots.createVolume(r),
    'snapshots.restoreVolume': ({ id, ...req }) => s.snapshots.restoreVolume(id, req),
    'snapshots.extractVolume': ({ id, ...req }) => s.snapshots.extractVolume(id, req),
    'snapshots.reconcile': (r) => s.snapshots.reconcile(r.hostId),
    'snapshots.adopt': (r) => s.snapshots.adopt(r.id),
    'snapshots.forget': (r) => { s.snapshots.forget(r.id) },
    'snapshots.events': (r) => s.snapshots.events(r.id),
    'snapshots.addNote': (r) => s.snapshots.addNote(r.id, r.text),
    'snapshots.thumbnail': (r) => {
      const png = s.snapshots.thumbnail(r.id);
      return png ? `data:image/png;base64,${png.toString('base64')}` : null;
    },

    'jobs.list': () => s.jobs.list(),
    'jobs.cancel': async (r) => { await s.jobs.cancel(r.jobId) },

    'schedules.list': (r) => s.schedules.list(r.hostId),
    'schedules.add': (r) => s.schedules.add(r),
    'schedules.update': ({ id, ...input }) => s.schedules.update(id, input),
    'schedules.remove': (r) => { s.schedules.remove(r.id) },
    'schedules.timer': () => s.schedules.timer(),
    'schedules.setTimer': (r) => s.schedules.setTimer(r.on),
  };
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'reason' in value && typeof value.reason === 'string' && isReason(value.reason);
}

/** zod's own issues (types, unknown keys, enums, array sizes) as the rules' reasons. */
function zodProblem(issue: z.core.$ZodIssue): Problem {
  switch (issue.code) {
    case 'custom': return isProblem(issue.params?.problem) ? issue.params.problem : { reason: 'not_allowed' };
    case 'unrecognized_keys': return { reason: 'unknown_field' };
    case 'invalid_type': return { reason: 'wrong_type' };
    case 'too_big': return { reason: issue.origin === 'array' ? 'too_many' : 'too_large', max: Number(issue.maximum) };
    case 'too_small': return { reason: issue.origin === 'array' ? 'empty' : 'too_small', min: Number(issue.minimum) };
    default: return { reason: 'not_allowed' };
  }
}

/**
 * The first zod issue as the `invalid_input` error's params: which field (a contract key), the
 * reason token and the limit, worded by the UI; `issue` (zod's issue code) marks a refusal by
 * the contract rather than the services; an unknown key is named as `key`.
 */
export function validationError(error: z.ZodError): IpcError {
  const issue = error.issues[0];
  if (!issue) return { code: 'invalid_input', params: { field: 'request', issue: 'invalid_type', reason: 'wrong_type' } };
  const top = issue.path[0];
  const field: FieldName = typeof top === 'string' && isFieldName(top) ? top : 'request';
  const params: ErrorParams = { field, issue: issue.code, ...zodProblem(issue) };
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) params.key = issue.keys[0];
  return { code: 'invalid_input', params };
}

export function toIpcError(e: unknown): IpcError {
  return isSnapvisorError(e) ? { code: e.code, params: { ...e.params } } : internalError(e);
}

export function createHandlers(services: SnapvisorServices, options: HandlerOptions = {}): Handlers {
  const log = options.log ?? ((channel, error) => console.error(`[ipc] ${channel} failed unexpectedly:`, error));
  const impl = implementations(services, options.appInfo ?? defaultAppInfo, options.pickFile ?? noFileDialog);
  const handlers = {} as Handlers;
  for (const channel of CHANNELS) {
    const schema: z.ZodType = requests[channel];
    // The per-channel types meet here: the schema's output is exactly what the implementation takes.
    const run = impl[channel] as (request: unknown) => unknown;
    handlers[channel] = async (request: unknown): Promise<Result<unknown>> => {
      const parsed = schema.safeParse(request);
      if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
      try {
        return { ok: true, value: await run(parsed.data) };
      } catch (e) {
        if (!isSnapvisorError(e)) log(channel, e);
        return { ok: false, error: toIpcError(e) };
      }
    };
  }
  return handlers;
}
