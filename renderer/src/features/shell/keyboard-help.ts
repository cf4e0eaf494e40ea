// What the help overlay (`?`) lists, section by section: the list's keys come from list-keys.ts
// (the table that handles them), the rest from the components that handle them (ui/Dialog.tsx,
// ui/Tabs.tsx, the skip link and `?` in App.tsx). Texts: help.<section>.<does> in both languages.
import type { en } from '../../i18n/en';
import { LIST_KEYS } from '../snapshots/list-keys';

type Texts = typeof en.help;

export interface HelpSection<S extends keyof Texts['section']> {
  id: S;
  keys: readonly { keys: readonly string[]; does: keyof Texts[S] }[];
}

export const HELP_SECTIONS = [
  { id: 'app', keys: [{ keys: ['?'], does: 'help' }, { keys: ['Tab'], does: 'skip' }] },
  { id: 'list', keys: [...LIST_KEYS, { keys: ['Tab'], does: 'headers' }] },
  { id: 'detail', keys: [{ keys: ['ArrowLeft', 'ArrowRight'], does: 'tabs' }, { keys: ['Escape'], does: 'close' }] },
  { id: 'dialog', keys: [{ keys: ['Tab', 'Shift+Tab'], does: 'cycle' }, { keys: ['Enter'], does: 'submit' }, { keys: ['Escape'], does: 'close' }] },
] as const satisfies readonly [HelpSection<'app'>, HelpSection<'list'>, HelpSection<'detail'>, HelpSection<'dialog'>];

/** How a key is printed on its key cap (the same in both languages). */
export const KEY_CAP: Record<string, string> = {
  ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', PageUp: 'Page Up', PageDown: 'Page Down',
  Escape: 'Esc', 'Shift+Tab': 'Shift + Tab', ' ': 'Space',
};

export function keyCap(key: string): string {
  return KEY_CAP[key] ?? key;
}
