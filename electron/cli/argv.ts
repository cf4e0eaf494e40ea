// argv → which command, its options and arguments, or a usage error. No side effects.
import { parseArgs } from 'node:util';
import { isLang, langFromLocale, type Lang } from '../../shared/error-messages';
import { COMMANDS, COMMAND_GROUPS, GLOBAL_OPTIONS, findCommand, type CommandSpec, type OptionSpec } from './commands';
import type { MessageKey } from './messages';
import type { ErrorParams } from '../../shared/errors';
import { RULES, textProblem } from '../../shared/rules';
import { printable } from './output/text';

export interface Globals {
  connect: string;
  db: string | null;
  json: boolean;
  lang: Lang;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface UsageProblem {
  key: MessageKey;
  /** Worded like error params: `reason` is a token of the shared vocabulary. */
  params: ErrorParams;
}

export type ParsedCommandLine =
  | { kind: 'help'; globals: Globals; command: CommandSpec | null }
  | { kind: 'run'; globals: Globals; command: CommandSpec; values: OptionValues; positionals: string[] }
  | { kind: 'usage-error'; globals: Globals; command: CommandSpec | null; problem: UsageProblem };

export const DEFAULT_URI = 'qemu:///system';

const GLOBAL_WITH_VALUE = new Set(Object.entries(GLOBAL_OPTIONS).filter(([, o]) => o.type === 'string').map(([n]) => `--${n}`));

/** Reads the global options leniently, so even a usage error is reported as --json/--lang ask. */
function readGlobals(argv: readonly string[], env: NodeJS.ProcessEnv): Globals {
  const found: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') break;
    const eq = token.indexOf('=');
    const flag = eq < 0 ? token : token.slice(0, eq);
    if (flag === '--json') found.json = true;
    else if (GLOBAL_WITH_VALUE.has(flag)) {
      const value = eq < 0 ? argv[++i] : token.slice(eq + 1);
      if (value !== undefined) found[flag.slice(2)] = value;
    }
  }
  const lang = typeof found.lang === 'string' && isLang(found.lang)
    ? found.lang
    : langFromLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG);
  return {
    connect: (found.connect as string | undefined) || env.SNAPVISOR_URI || DEFAULT_URI,
    db: (found.db as string | undefined) || env.SNAPVISOR_DB || null,
    json: found.json === true,
    lang,
  };
}

/** The command words: the first positional, and for a group (`schedules`, `copies`) the second. */
function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const token = argv[i]!;
    if (token === '--') break;
    if (token.startsWith('-')) {
      if (GLOBAL_WITH_VALUE.has(token)) i++;
      if (words.length) break;
      continue;
    }
    words.push(token);
    if (!COMMAND_GROUPS.has(words[0]!)) break;
  }
  return words;
}

function checkChoices(spec: Record<string, OptionSpec>, values: OptionValues): UsageProblem | null {
  for (const [name, option] of Object.entries(spec)) {
    const value = values[name];
    if (option.choices && typeof value === 'string' && !option.choices.includes(value)) {
      return { key: 'usage.badValue', params: { option: `--${name}`, value, reason: 'not_allowed', choices: option.choices.join('|') } };
    }
    if (option.required && value === undefined) return { key: 'usage.missingOption', params: { option: name } };
  }
  return null;
}

/** node:util's parse errors are English sentences; say them in the user's language. */
function parseArgsProblem(e: Error & { code?: string }): UsageProblem {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': return { key: 'usage.unknownOption', params: { option } };
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': return { key: 'usage.badOptionValue', params: { option } };
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': return { key: 'usage.extraArgument', params: { argument: option } };
    default: return { key: 'usage.parse', params: { detail: e.message } };
  }
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedCommandLine {
  const globals = readGlobals(argv, env);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const uriProblem = textProblem(RULES.uri, globals.connect);
  if (uriProblem && !wantsHelp) {
    return { kind: 'usage-error', globals, command: null, problem: { key: 'usage.badValue', params: { option: '--connect', value: printable(globals.connect), ...uriProblem } } };
  }
  const words = commandWords(argv);
  if (words.length === 0) {
    return wantsHelp || argv[0] === 'help'
      ? { kind: 'help', globals, command: null }
      : { kind: 'usage-error', globals, command: null, problem: { key: 'usage.noCommand', params: {} } };
  }
  if (words[0] === 'help') return { kind: 'help', globals, command: findCommand(argv.slice(1).join(' ')) ?? null };
  const command = findCommand(words.join(' '));
  if (!command) {
    const shown = words.join(' ');
    return { kind: 'usage-error', globals, command: null, problem: { key: 'usage.unknownCommand', params: { command: shown } } };
  }
  if (wantsHelp) return { kind: 'help', globals, command };

  const options = { ...GLOBAL_OPTIONS, ...command.options };
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(options).map(([n, o]) => [n, {
        type: o.type, ...('short' in o && o.short ? { short: o.short } : {}), ...('multiple' in o && o.multiple ? { multiple: true } : {}),
      }])),
      allowPositionals: true,
      strict: true,
    }) as { values: OptionValues; positionals: string[] };
  } catch (e) {
    return { kind: 'usage-error', globals, command, problem: parseArgsProblem(e as Error & { code?: string }) };
  }
  const problem = checkChoices(options, parsed.values);
  if (problem) return { kind: 'usage-error', globals, command, problem };

  const positionals = parsed.positionals.slice(words.length);
  const missing = command.positionals.slice(positionals.length).find((p) => p.required);
  if (missing) return { kind: 'usage-error', globals, command, problem: { key: 'usage.missingArgument', params: { argument: missing.name } } };
  const extra = positionals[command.positionals.length];
  if (extra !== undefined) return { kind: 'usage-error', globals, command, problem: { key: 'usage.extraArgument', params: { argument: extra } } };
  return { kind: 'run', globals, command, values: parsed.values, positionals };
}

export const COMMAND_NAMES = COMMANDS.map((c) => c.name);
