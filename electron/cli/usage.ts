// Usage texts: the whole command list, or one command's synopsis.
import type { Lang } from '../../shared/error-messages';
import { COMMANDS, type CommandSpec } from './commands';
import { hasMessage, t } from './messages';
import { displayWidth } from './output/text';

function description(lang: Lang, command: CommandSpec): string {
  const key = `cmd.${command.name}`;
  return hasMessage(key) ? t(lang, key) : '';
}

export function fullUsage(lang: Lang): string {
  const width = Math.max(...COMMANDS.map((c) => displayWidth(c.name)));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${description(lang, c)}`);
  return [t(lang, 'usage.title'), '', t(lang, 'usage.commands'), ...lines, '', t(lang, 'usage.globals'), '', t(lang, 'usage.more')].join('\n');
}

export function commandUsage(lang: Lang, command: CommandSpec): string {
  return [`snapvisor ${command.synopsis}`, `  ${description(lang, command)}`, '', t(lang, 'usage.globals')].join('\n');
}

/** After a usage error: the command names only, and where the full help is. */
export function shortUsage(lang: Lang): string {
  return [t(lang, 'usage.title'), `${t(lang, 'usage.commands')} ${COMMANDS.map((c) => c.name).join(', ')}`, t(lang, 'usage.more')].join('\n');
}
