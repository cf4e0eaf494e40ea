// One CLI invocation: parse, open the services, run the command, print, and say how it went
// in the exit code (0 done, 1 the operation failed, 2 usage error).
import { resolve } from 'node:path';
import { formatError, type Lang } from '../i18n/errors';
import { createServices } from '../services';
import type { SnapvisorServices } from '../services/api';
import { isSnapvisorError, type ErrorCode, type ErrorParams } from '../services/errors';
import { parseCommandLine, type Globals } from './argv';
import { hostIdFor, type CliContext } from './context';
import {
  adoptCommand, eventsCommand, forgetCommand, noteCommand, reconcileCommand, vmsCommand,
} from './handlers/maintenance';
import {
  installTimerCommand, schedulesAddCommand, schedulesListCommand, schedulesRemoveCommand, schedulesRunCommand,
} from './handlers/schedules';
import {
  createCommand, deleteCommand, editCommand, listCommand, restoreAsNewCommand, restoreCommand, showCommand,
} from './handlers/snapshots';
import { UsageError, type CommandOutput, type HandlerArgs } from './handlers/values';
import { extractVolumeCommand, volumeRestoreCommand, volumeSnapshotCommand } from './handlers/volumes';
import { t } from './messages';
import { userLocale } from './output/locale';
import type { ViewContext } from './output/views';
import { defaultDbPath } from './paths';
import { dataDirFor } from '../services/default-paths';
import { createProgressBar } from './progress';
import { commandUsage, fullUsage, shortUsage } from './usage';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

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
  'volume-snapshot': volumeSnapshotCommand,
  'volume-restore': volumeRestoreCommand,
  'extract-volume': extractVolumeCommand,
  reconcile: reconcileCommand,
  adopt: adoptCommand,
  forget: forgetCommand,
  events: eventsCommand,
  note: noteCommand,
  'schedules list': schedulesListCommand,
  'schedules add': schedulesAddCommand,
  'schedules remove': schedulesRemoveCommand,
  'schedules run': schedulesRunCommand,
};

/** Commands whose work can take long enough to deserve a progress bar. */
const WITH_PROGRESS = new Set(['create', 'delete', 'restore', 'restore-as-new', 'volume-snapshot', 'volume-restore', 'extract-volume', 'schedules run']);

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

function writeLine(out: NodeJS.WriteStream, text: string): void {
  out.write(text.endsWith('\n') ? text : `${text}\n`);
}

function printError(io: CliIo, globals: Globals, code: ErrorCode | 'usage', message: string, params: ErrorParams = {}): void {
  if (globals.json) writeLine(io.stdout, JSON.stringify({ error: { code, message, params } }));
  writeLine(io.stderr, `snapvisor: ${message}`);
}

function errorOf(e: unknown): { code: ErrorCode; params: ErrorParams } {
  if (isSnapvisorError(e)) return { code: e.code, params: e.params };
  return { code: 'internal', params: { detail: e instanceof Error ? e.message : String(e) } };
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine(argv, io.env);
  const { globals } = parsed;
  const lang: Lang = globals.lang;
  if (parsed.kind === 'help') {
    writeLine(io.stdout, parsed.command ? commandUsage(lang, parsed.command) : fullUsage(lang));
    return EXIT_OK;
  }
  if (parsed.kind === 'usage-error') {
    printError(io, globals, 'usage', t(lang, parsed.problem.key, parsed.problem.params), parsed.problem.params);
    writeLine(io.stderr, parsed.command ? `\nsnapvisor ${parsed.command.synopsis}` : `\n${shortUsage(lang)}`);
    return EXIT_USAGE;
  }

  const view: ViewContext = { lang, locale: userLocale(lang, io.env) };
  const dbPath = resolve(globals.db ?? defaultDbPath(io.env));
  try {
    const output = parsed.command.name === 'schedules install-timer'
      ? installTimerCommand({ connect: globals.connect, dbPath }, { values: parsed.values, view })
      : await withServices(globals, dbPath, io, (services, ctx) => {
        const handler = HANDLERS[parsed.command.name]!;
        return withProgress(services, io, globals, parsed.command.name, () => handler(ctx, { values: parsed.values, positionals: parsed.positionals, view }));
      });
    writeLine(io.stdout, globals.json ? JSON.stringify(output.json, null, 2) : output.text);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      printError(io, globals, 'usage', t(lang, e.problem.key, e.problem.params), e.problem.params);
      writeLine(io.stderr, `\nsnapvisor ${parsed.command.synopsis}`);
      return EXIT_USAGE;
    }
    const { code, params } = errorOf(e);
    printError(io, globals, code, formatError(code, params, lang), params);
    return EXIT_FAILED;
  }
}

async function withServices<T>(
  globals: Globals, dbPath: string, io: CliIo, work: (services: SnapvisorServices, ctx: CliContext) => Promise<T>,
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
  });
  try {
    const ctx: CliContext = { services, hostId: await hostIdFor(services, globals.connect), uri: globals.connect, lang: globals.lang, dbPath };
    return await work(services, ctx);
  } finally {
    await services.close();
  }
}

async function withProgress<T>(services: SnapvisorServices, io: CliIo, globals: Globals, command: string, work: () => Promise<T>): Promise<T> {
  if (globals.json || !io.stderr.isTTY || !WITH_PROGRESS.has(command)) return work();
  const bar = createProgressBar(io.stderr, globals.lang);
  const off = services.on('job.changed', (job) => bar.update(job));
  try {
    return await work();
  } finally {
    off();
    bar.finish();
  }
}
