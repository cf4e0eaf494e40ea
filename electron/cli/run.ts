// One CLI invocation: parse, run the command, print, and say how it went in the exit code
// (0 done, 1 the operation failed, 2 usage error). Only what help and usage errors need is
// imported here; the services (libvirt, SQLite) load with ./execute once a command runs.
import { resolve } from 'node:path';
import type { Lang } from '../../shared/error-messages';
import type { ErrorCode, ErrorParams } from '../../shared/errors';
import { defaultDbPath } from '../services/core/default-paths';
import { parseCommandLine, type Globals } from './argv';
import { UsageError } from './handlers/values';
import { t } from './messages';
import { userLocale } from './output/locale';
import type { ViewContext } from './output/views';
import { commandUsage, fullUsage, shortUsage } from './usage';
import type { CliOut } from './stdout';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout: CliOut;
  /** Read only when a command needs it (a getter in main.ts: see ./stdout.ts). */
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

function writeLine(out: CliOut, text: string): void {
  out.write(text.endsWith('\n') ? text : `${text}\n`);
}

function printError(io: CliIo, globals: Globals, code: ErrorCode | 'usage', message: string, params: ErrorParams = {}): void {
  if (globals.json) writeLine(io.stdout, JSON.stringify({ error: { code, message, params } }));
  writeLine(io.stderr, `snapvisor: ${message}`);
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
  const { executeCommand, describeFailure } = await import('./execute');
  try {
    const output = await executeCommand({ ...parsed, view, dbPath, get stderr() { return io.stderr; } });
    writeLine(io.stdout, globals.json ? JSON.stringify(output.json, null, io.stdout.isTTY ? 2 : undefined) : output.text());
    return output.exitCode ?? EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      printError(io, globals, 'usage', t(lang, e.problem.key, e.problem.params), e.problem.params);
      writeLine(io.stderr, `\nsnapvisor ${parsed.command.synopsis}`);
      return EXIT_USAGE;
    }
    const { code, params, message, hint } = describeFailure(e, globals, parsed.command.name);
    printError(io, globals, code, message, params);
    if (hint) writeLine(io.stderr, hint);
    return EXIT_FAILED;
  }
}
