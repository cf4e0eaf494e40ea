// The snapshot list's keyboard, as in the WAI-ARIA grid and treegrid patterns: which key does what
// for the given rows and selection. Pure, so the table, its tests and the help overlay (`?`) agree;
// LIST_KEYS is what the help shows, and a test proves each of them does something here.
import { snapshotActions } from '../detail/action-rules';
import type { en } from '../../i18n/en';
import type { ListRow } from './list-model';

export type ListCommand =
  | { type: 'select'; index: number }
  | { type: 'expand'; id: string }
  | { type: 'collapse'; id: string }
  | { type: 'openDetail' }
  | { type: 'closeDetail' }
  | { type: 'delete' };

export interface ListKeyContext {
  rows: readonly ListRow[];
  /** -1 when no row of the list is selected. */
  selectedIndex: number;
  /** Tree view: rows nest, ArrowRight/ArrowLeft expand and collapse. */
  tree: boolean;
  collapsed: ReadonlySet<string>;
  detailOpen: boolean;
}

/** How far PageUp/PageDown move. */
export const PAGE_ROWS = 15;

/** The keys the help overlay documents, each with the i18n key (help.list.*) of what it does. */
export const LIST_KEYS = [
  { keys: ['ArrowUp', 'ArrowDown'], does: 'move' },
  { keys: ['PageUp', 'PageDown'], does: 'page' },
  { keys: ['Home', 'End'], does: 'ends' },
  { keys: ['ArrowRight'], does: 'expand' },
  { keys: ['ArrowLeft'], does: 'collapse' },
  { keys: ['Enter'], does: 'open' },
  { keys: ['Escape'], does: 'close' },
  { keys: ['Delete'], does: 'delete' },
] as const satisfies readonly { keys: readonly string[]; does: keyof typeof en.help.list }[];

function isSnapshot(rows: readonly ListRow[], i: number): boolean {
  return rows[i]?.type === 'snapshot';
}

/** The snapshot row nearest to `from` going in `dir` (VM group headers are not selectable), or -1. */
function snapshotFrom(rows: readonly ListRow[], from: number, dir: 1 | -1): number {
  for (let i = Math.max(0, Math.min(rows.length - 1, from)); i >= 0 && i < rows.length; i += dir) if (isSnapshot(rows, i)) return i;
  return -1;
}

/** A move to `target`, clamped, landing on a snapshot row (the other way when none is left that way). */
function moveTo(rows: readonly ListRow[], target: number, dir: 1 | -1): ListCommand | null {
  let index = snapshotFrom(rows, target, dir);
  if (index < 0) index = snapshotFrom(rows, target, dir === 1 ? -1 : 1);
  return index >= 0 ? { type: 'select', index } : null;
}

/** What a key does on the list, or null when the list leaves it alone (so the browser keeps it). */
export function listCommand(key: string, ctx: ListKeyContext): ListCommand | null {
  const { rows, selectedIndex: at } = ctx;
  const row = rows[at];
  const selected = row?.type === 'snapshot' ? row : null;
  switch (key) {
    case 'ArrowDown': return moveTo(rows, at + 1, 1);
    case 'ArrowUp': return at < 0 ? moveTo(rows, 0, 1) : moveTo(rows, at - 1, -1);
    case 'PageDown': return moveTo(rows, at + PAGE_ROWS, 1);
    case 'PageUp': return moveTo(rows, at - PAGE_ROWS, -1);
    case 'Home': return moveTo(rows, 0, 1);
    case 'End': return moveTo(rows, rows.length - 1, -1);
    case 'ArrowRight': {
      if (!ctx.tree || !selected?.hasChildren) return null;
      if (ctx.collapsed.has(selected.snapshot.id)) return { type: 'expand', id: selected.snapshot.id };
      return { type: 'select', index: at + 1 };
    }
    case 'ArrowLeft': {
      if (!ctx.tree || !selected) return null;
      if (selected.hasChildren && !ctx.collapsed.has(selected.snapshot.id)) return { type: 'collapse', id: selected.snapshot.id };
      for (let i = at - 1; i >= 0; i--) {
        const r = rows[i]!;
        if (r.type !== 'snapshot') return null;
        if (r.depth < selected.depth) return { type: 'select', index: i };
      }
      return null;
    }
    case 'Enter': return selected ? { type: 'openDetail' } : null;
    case 'Escape': return selected && ctx.detailOpen ? { type: 'closeDetail' } : null;
    case 'Delete': return selected && snapshotActions(selected.snapshot).delete ? { type: 'delete' } : null;
    default: return null;
  }
}

/**
 * The row to select when the selected snapshot is gone from the host (deleted here or elsewhere):
 * the one that took its place in the list, else the one before it; null for an empty list.
 */
export function rowThatTookPlace(rows: readonly ListRow[], index: number): string | null {
  const move = moveTo(rows, index, 1);
  const row = move?.type === 'select' ? rows[move.index] : undefined;
  return row?.type === 'snapshot' ? row.snapshot.id : null;
}
