// Running a parsed command: open the services, call the command's handler, give back its
// output. Loaded lazily by run.ts, so that help and usage errors never load libvirt or SQLite.
import { formatError } from '../../shared/error-messages';
import { KIND_WORDS, wordOf } from '../../shared/vocabulary';
import { createServices } from '../services';
import type { SnapvisorServices } from '../services/api';
import { dataDirFor } from '../services/core/default-paths';
import { isSnapvisorError, type ErrorCode, type ErrorParams } from '../../shared/errors';
import type { Globals, OptionValues } from './argv';
import type { CommandSpec } from './commands';
import { hostIdFor, type CliContext } from './context';
import { runningCliInvocation } from './invocation';
import {
  adoptCommand, eventsCommand, forgetCommand, noteCommand, reconcileCommand, removeVmCommand, vmsCommand,
} from './handlers/maintenance';
import {
  installTimerCommand, schedulesAddCommand, schedulesListCommand, schedulesRemoveCommand, schedulesRunCommand,
  schedulesStatusCommand,
} from './handlers/schedules';
import {
  createCommand, deleteCommand, editCommand, listCommand, restoreAsNewCommand, restoreCommand, showCommand,
} from './handlers/snapshots';
import type { CommandOutput, HandlerArgs } from './handlers/values';
import { copiesListCommand, copiesRefreshCommand, copiesRemoveCommand, copiesVerifyCommand } from './handlers/copies';
import { exportCommand, importCheckCommand, importCommand } from './handlers/exports';
import { extractVolumeCommand, volumeRestoreCommand, volumeSnapshotCommand } from './handlers/volumes';
import { t } from './messages';
import type { ViewContext } from './output/views';
import { createProgressBar, type ProgressBar } from './progress';

type Handler = (ctx: CliContext, args: HandlerArgs) => Promise<CommandOutput>;

const HANDLERS: Record<string, Handler> = {
  vms: vmsCommand,
  list: listCommand,
  show: showCommand,
  create: createCommand,
  edit: editCommand,
  delete: deleteCommand,
  restore: restoreCommand,
  'restore-as-new': restoreAsNewCommand,
  'remove-vm': removeVmCommand,
  'volume-snapshot': volumeSnapshotCommand,
  'volume-restore': volumeRestoreCommand,
  'extract-volume': extractVolumeCommand,
  reconcile: reconcileCommand,
  adopt: adoptCommand,
  forget: forgetCommand,
  events: eventsCommand,
  note: noteCommand,
  'copies refresh': copiesRefreshCommand,
  'copies list': copiesListCommand,
  'copies verify': copiesVerifyCommand,
  'copies remove': copiesRemoveCommand,
  export: exportCommand,
  import: importCommand,
  'schedules list': schedulesListCommand,
  'schedules add': schedulesAddCommand,
  'schedules remove': schedulesRemoveCommand,
  'schedules run': schedulesRunCommand,
  'schedules status': schedulesStatusCommand,
};

/** Commands whose work can take long enough to deserve a progress bar. */
const WITH_PROGRESS = new Set(['create', 'delete', 'restore', 'restore-as-new', 'remove-vm', 'volume-snapshot', 'volume-restore', 'extract-volume', 'schedules run', 'copies refresh', 'copies remove', 'export', 'import']);

export interface RunRequest {
  globals: Globals;
  command: CommandSpec;
  values: OptionValues;
  positionals: string[];
  view: ViewContext;
  dbPath: string;
  stderr: NodeJS.WriteStream;
}

export async function executeCommand(req: RunRequest): Promise<CommandOutput> {
  const { globals, command, values, positionals, view, dbPath } = req;
  if (command.name === 'schedules install-timer') return installTimerCommand({ connect: globals.connect, dbPath }, { values, view });
  if (command.name === 'import' && values.check === true) {
    const bar = progressBar(req);
    try {
      return await importCheckCommand({ positionals, view }, bar);
    } finally {
      bar?.finish();
    }
  }
  return withServices(globals, dbPath, (services, ctx) => {
    const handler = HANDLERS[command.name]!;
    return withProgress(services, req, () => handler(ctx, { values, positionals, view }));
  });
}

/** A failure as the CLI reports it: the code, its parameters, and the message in the user's language. */
export function describeFailure(e: unknown, globals: Globals, command?: string): { code: ErrorCode; params: ErrorParams; message: string; hint: string | null } {
  const { code, params } = isSnapvisorError(e)
    ? { code: e.code, params: e.params }
    : { code: 'internal' as const, params: { detail: e instanceof Error ? e.message : String(e) } };
  // The one refusal with a ready answer on the command line: offer the flag that takes it.
  const hint = code === 'mixed_chain' && typeof params.nearest === 'string' && command === 'create'
    ? t(globals.lang, 'hint.orNearest', { nearest: wordOf(KIND_WORDS, params.nearest, globals.lang) ?? params.nearest })
    : null;
  return { code, params, message: formatError(code, params, globals.lang), hint };
}

async function withServices<T>(
  globals: Globals, dbPath: string, work: (services: SnapvisorServices, ctx: CliContext) => Promise<T>,
): Promise<T> {
  const services = await createServices({
    dbPath,
    dataDir: dataDirFor(dbPath),
    defaultUri: globals.connect,
    // Another process (the app) may be mid-operation on the same database: resolving its
    // "creating" rows from here would be wrong. `snapvisor reconcile` does it on demand.
    reconcileOnStart: false,
    schedulesTimer: false,
    // Only the --connect host is needed: an unreachable remote host must not stall the command.
    connectHosts: 'lazy',
    // `schedules status` reports the systemd timer, whose service runs this same command line.
    cliInvocation: runningCliInvocation(),
  });
  try {
    const ctx: CliContext = { services, hostId: await hostIdFor(services, globals.connect), uri: globals.connect, lang: globals.lang, dbPath };
    return await work(services, ctx);
  } finally {
    await services.close();
  }
}

/** A progress bar on stderr for a long command, when a person watches it (a terminal, no --json). */
function progressBar(req: RunRequest): ProgressBar | null {
  if (req.globals.json || !req.stderr.isTTY || !WITH_PROGRESS.has(req.command.name)) return null;
  return createProgressBar(req.stderr, req.globals.lang);
}

async function withProgress<T>(services: SnapvisorServices, req: RunRequest, work: () => Promise<T>): Promise<T> {
  const bar = progressBar(req);
  if (!bar) return work();
  const off = services.on('job.changed', (job) => bar.update(job));
  try {
    return await work();
  } finally {
    off();
    bar.finish();
  }
}
