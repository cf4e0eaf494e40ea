import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Snapshot } from '../../api/contract';
import { formatBytes, formatDate } from '../../format';
import { currentLang } from '../../i18n';
import { KindLabel, StateBadge } from '../../ui/Badges';
import type { SortKey } from '../../stores/ui';
import type { ListRow } from './list-model';
import { LockIcon } from '../../ui/LockIcon';

export const ROW_HEIGHT = 36;

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'columns.name' },
  { key: 'state', label: 'columns.state' },
  { key: 'kind', label: 'columns.kind' },
  { key: 'vm', label: 'columns.vm' },
  { key: 'current', label: 'columns.current' },
  { key: 'createdAt', label: 'columns.created' },
  { key: 'sizeBytes', label: 'columns.size', numeric: true },
  { key: 'protected', label: 'columns.protected' },
];

interface SnapshotTableProps {
  rows: ListRow[];
  selectedId: string | null;
  onSelect: (snapshot: Snapshot) => void;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  onSort: (key: SortKey) => void;
  collapsed?: ReadonlySet<string>;
  onToggle?: (id: string) => void;
  onAdopt: (snapshot: Snapshot) => void;
  onForget: (snapshot: Snapshot) => void;
  label: string;
}

/** The snapshot list: a virtualized grid, so 10,000 rows cost what 30 do. */
export function SnapshotTable({ rows, selectedId, onSelect, sort, onSort, collapsed, onToggle, onAdopt, onForget, label }: SnapshotTableProps) {
  const { t } = useTranslation();
  const lang = currentLang();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 800 },
  });
  const selectedIndex = rows.findIndex((r) => r.type === 'snapshot' && r.snapshot.id === selectedId);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 15, PageUp: -15 };
    let target: number | null = null;
    if (e.key in moves) target = Math.max(0, Math.min(rows.length - 1, (selectedIndex < 0 ? -1 : selectedIndex) + moves[e.key]!));
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = rows.length - 1;
    if (target === null) return;
    e.preventDefault();
    const dir = target >= selectedIndex ? 1 : -1;
    while (target >= 0 && target < rows.length && rows[target]!.type !== 'snapshot') target += dir;
    const row = rows[target];
    if (row?.type === 'snapshot') {
      onSelect(row.snapshot);
      virtualizer.scrollToIndex(target);
    }
  }

  const activeId = selectedIndex >= 0 ? `snap-row-${selectedIndex}` : undefined;

  return (
    <div className="grid">
      <div
        className="grid-scroll"
        ref={scrollRef}
        role="grid"
        aria-label={label}
        aria-rowcount={rows.length + 1}
        aria-activedescendant={activeId}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="snapshot-grid"
      >
        <div className="grid-row grid-head" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <div
              key={c.key}
              role="columnheader"
              className={c.numeric ? 'cell cell-num' : 'cell'}
              aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button type="button" onClick={() => onSort(c.key)} tabIndex={-1}>
                {t(c.label)}
                {sort.key === c.key && <span aria-hidden="true">{sort.dir === 'asc' ? '▲' : '▼'}</span>}
              </button>
            </div>
          ))}
          <div role="columnheader" className="cell"><span className="visually-hidden">{t('columns.actions')}</span></div>
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const style = { transform: `translateY(${item.start}px)`, height: item.size };
            if (row.type === 'vm') {
              return (
                <div key={`vm-${row.vmUuid}`} className="grid-row grid-body-row" role="row" aria-rowindex={item.index + 2} style={{ ...style, background: 'var(--surface-2)' }}>
                  <div role="gridcell" className="cell" style={{ gridColumn: '1 / -1', fontWeight: 600 }}>
                    {row.vmName} <span className="muted">· {t('list.snapshotCount', { count: row.count })}</span>
                  </div>
                </div>
              );
            }
            const s = row.snapshot;
            return (
              <div
                key={s.id}
                id={`snap-row-${item.index}`}
                className="grid-row grid-body-row"
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={s.id === selectedId}
                style={style}
                onClick={() => onSelect(s)}
                data-snapshot-id={s.id}
              >
                <div role="gridcell" className="cell cell-name" style={{ paddingLeft: row.depth * 18 }}>
                  {onToggle && (
                    row.hasChildren ? (
                      <button
                        type="button"
                        className="btn btn-ghost btn-sm tree-toggle"
                        tabIndex={-1}
                        aria-expanded={!collapsed?.has(s.id)}
                        aria-label={t(collapsed?.has(s.id) ? 'list.expand' : 'list.collapse', { name: s.name })}
                        onClick={(e) => { e.stopPropagation(); onToggle(s.id); }}
                      >
                        {collapsed?.has(s.id) ? '▸' : '▾'}
                      </button>
                    ) : <span className="tree-toggle" aria-hidden="true">·</span>
                  )}
                  <span className="cell" title={s.name}>{s.name}</span>
                </div>
                <div role="gridcell" className="cell"><StateBadge state={s.state} /></div>
                <div role="gridcell" className="cell"><KindLabel kind={s.kind} /></div>
                <div role="gridcell" className="cell" title={s.vm.name}>{s.vm.name}</div>
                <div role="gridcell" className="cell">{s.current ? <span className="badge badge-info">{t('list.current')}</span> : ''}</div>
                <div role="gridcell" className="cell">{formatDate(s.createdAt, lang)}</div>
                <div role="gridcell" className="cell cell-num">{formatBytes(s.sizeBytes, lang)}</div>
                <div role="gridcell" className="cell">{s.protected && <LockIcon label={t('list.protected')} />}</div>
                <div role="gridcell" className="cell">
                  {s.state === 'unmanaged' && (
                    <button type="button" className="btn btn-sm" onClick={(e) => { e.stopPropagation(); onAdopt(s); }}>{t('actions.adopt')}</button>
                  )}
                  {s.state === 'missing' && (
                    <button type="button" className="btn btn-sm" onClick={(e) => { e.stopPropagation(); onForget(s); }}>{t('actions.forget')}</button>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
