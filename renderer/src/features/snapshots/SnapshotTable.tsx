import { memo, useMemo, useRef, type CSSProperties, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Snapshot } from '../../api/contract';
import { formatBytes, formatDate } from '../../format';
import { isLang, type Lang } from '../../../../shared/vocabulary';
import { SNAPSHOT_KINDS as KINDS, SNAPSHOT_STATES as STATES } from '../../../../shared/vocabulary';
import { STATE_TONE } from '../../ui/Badges';
import type { SortKey } from '../../stores/ui';
import type { ListRow } from './list-model';
import type { Column, ColumnKey, ColumnSet } from './columns';
import { LockIcon } from '../../ui/LockIcon';
import { HOME_RANK, useFocusHome } from '../../ui/focus';
import { listCommand } from './list-keys';

export const ROW_HEIGHT = 36;
/** The list's element id: the skip link's target. */
export const SNAPSHOT_LIST_ID = 'snapshot-grid';
const NO_IDS: ReadonlySet<string> = new Set();

const HEADER_LABEL: Record<ColumnKey, string> = {
  name: 'columns.name', state: 'columns.state', kind: 'columns.kind', vm: 'columns.vm', current: 'columns.current',
  createdAt: 'columns.created', sizeBytes: 'columns.size', protected: 'columns.protected', actions: 'columns.actions',
};

/** What a row or a key can ask for; the parent passes one stable object so memoized rows stay untouched. */
export interface RowActions {
  /** Moves the list's selection (the keyboard). */
  select: (id: string) => void;
  /** Selects and shows the detail (a click). */
  open: (id: string) => void;
  /** Enter: shows the detail and moves focus into it. */
  focusDetail: (id: string) => void;
  /** Escape: hides the detail; focus stays on the row. */
  closeDetail: () => void;
  /** Delete: asks to delete the snapshot. */
  remove: (snapshot: Snapshot) => void;
  toggle: (id: string) => void;
  adopt: (snapshot: Snapshot) => void;
  forget: (snapshot: Snapshot) => void;
}

interface SnapshotTableProps {
  rows: ListRow[];
  selectedId: string | null;
  detailOpen: boolean;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  onSort: (key: SortKey) => void;
  collapsed?: ReadonlySet<string>;
  /** Set in tree view: rows with children get a toggle. */
  onToggle?: (id: string) => void;
  actions: RowActions;
  label: string;
  columns: ColumnSet;
}

interface RowLabels {
  lang: Lang;
  state: Record<string, string>;
  kind: Record<string, string>;
  kindExplain: Record<string, string>;
  current: string;
  protected: string;
  adopt: string;
  forget: string;
  expand: (name: string) => string;
  collapse: (name: string) => string;
}

/** Every text a row shows, translated once per language rather than per cell and render. */
function useRowLabels(): RowLabels {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : 'en';
  return useMemo(() => ({
    lang,
    state: Object.fromEntries(STATES.map((s) => [s, t(`state.${s}`)])),
    kind: Object.fromEntries(KINDS.map((k) => [k, t(`kind.${k}.short`)])),
    kindExplain: Object.fromEntries(KINDS.map((k) => [k, `${t(`kind.${k}.label`)}: ${t(`kind.${k}.explain`)}`])),
    current: t('list.current'),
    protected: t('list.protected'),
    adopt: t('actions.adopt'),
    forget: t('actions.forget'),
    expand: (name: string) => t('list.expand', { name }),
    collapse: (name: string) => t('list.collapse', { name }),
  }), [t, lang]);
}

interface SnapshotRowProps {
  snapshot: Snapshot;
  index: number;
  start: number;
  depth: number;
  hasChildren: boolean;
  tree: boolean;
  selected: boolean;
  collapsed: boolean;
  columns: ColumnSet;
  labels: RowLabels;
  actions: RowActions;
}

function NameCell({ snapshot: s, depth, hasChildren, tree, collapsed, currentBadge, labels, actions }: Pick<SnapshotRowProps, 'snapshot' | 'depth' | 'hasChildren' | 'tree' | 'collapsed' | 'labels' | 'actions'> & { currentBadge: boolean }) {
  return (
    <div role="gridcell" className="cell cell-name" style={{ paddingLeft: depth * 18 }}>
      {tree && (
        hasChildren ? (
          <button
            type="button"
            className="btn btn-ghost btn-sm tree-toggle"
            tabIndex={-1}
            aria-expanded={!collapsed}
            aria-label={collapsed ? labels.expand(s.name) : labels.collapse(s.name)}
            onClick={(e) => { e.stopPropagation(); actions.toggle(s.id); }}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : <span className="tree-toggle" aria-hidden="true">·</span>
      )}
      <span className="cell-text" title={s.name}>{s.name}</span>
      {currentBadge && s.current && <span className="badge badge-info">{labels.current}</span>}
    </div>
  );
}

function ReconcileCell({ snapshot: s, labels, actions }: Pick<SnapshotRowProps, 'snapshot' | 'labels' | 'actions'>) {
  return (
    <div role="gridcell" className="cell">
      {s.state === 'unmanaged' && (
        <button type="button" className="btn btn-sm" onClick={(e) => { e.stopPropagation(); actions.adopt(s); }}>{labels.adopt}</button>
      )}
      {s.state === 'missing' && (
        <button type="button" className="btn btn-sm" onClick={(e) => { e.stopPropagation(); actions.forget(s); }}>{labels.forget}</button>
      )}
    </div>
  );
}

function cell(key: ColumnKey, props: SnapshotRowProps): ReactNode {
  const { snapshot: s, labels } = props;
  switch (key) {
    case 'name': return <NameCell key={key} {...props} currentBadge={props.columns.currentBadge} />;
    case 'state': return <div key={key} role="gridcell" className="cell"><span className={`badge ${STATE_TONE[s.state]}`}>{labels.state[s.state]}</span></div>;
    case 'kind': return <div key={key} role="gridcell" className="cell" title={labels.kindExplain[s.kind]}>{labels.kind[s.kind]}</div>;
    case 'vm': return <div key={key} role="gridcell" className="cell" title={s.vm.name}>{s.vm.name}</div>;
    case 'current': return <div key={key} role="gridcell" className="cell">{s.current && <span className="badge badge-info">{labels.current}</span>}</div>;
    case 'createdAt': return <div key={key} role="gridcell" className="cell" title={formatDate(s.createdAt, labels.lang, true)}>{formatDate(s.createdAt, labels.lang)}</div>;
    case 'sizeBytes': return <div key={key} role="gridcell" className="cell cell-num">{formatBytes(s.sizeBytes, labels.lang)}</div>;
    case 'protected': return <div key={key} role="gridcell" className="cell cell-icon">{s.protected && <LockIcon label={labels.protected} />}</div>;
    case 'actions': return <ReconcileCell key={key} {...props} />;
  }
}

const SnapshotRow = memo(function SnapshotRow(props: SnapshotRowProps) {
  const { snapshot: s, index, start, selected, columns, actions, tree, depth, hasChildren, collapsed } = props;
  return (
    <div
      id={`snap-row-${index}`}
      className="grid-row grid-body-row"
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      // Tree view: snapshots sit under their VM's group row (level 1).
      aria-level={tree ? depth + 2 : undefined}
      aria-expanded={tree && hasChildren ? !collapsed : undefined}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
      onClick={() => actions.open(s.id)}
      data-snapshot-id={s.id}
    >
      {columns.columns.map((c) => cell(c.key, props))}
    </div>
  );
});

/** The snapshot list: a virtualized grid, so 10,000 rows cost what 30 do. */
export function SnapshotTable({ rows, selectedId, detailOpen, sort, onSort, collapsed, onToggle, actions, label, columns }: SnapshotTableProps) {
  const { t } = useTranslation();
  const labels = useRowLabels();
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

  // When the element that had focus goes away (the detail panel, a deleted row), focus comes here.
  useFocusHome(HOME_RANK.list, () => scrollRef.current);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    // Keys on the sort buttons and row buttons inside are theirs.
    if (e.target !== e.currentTarget || e.nativeEvent.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
    const command = listCommand(e.key, { rows, selectedIndex, tree: Boolean(onToggle), collapsed: collapsed ?? NO_IDS, detailOpen });
    if (!command) return;
    e.preventDefault();
    const row = rows[selectedIndex];
    const selected = row?.type === 'snapshot' ? row.snapshot : null;
    switch (command.type) {
      case 'select': {
        const target = rows[command.index];
        if (target?.type === 'snapshot') actions.select(target.snapshot.id);
        virtualizer.scrollToIndex(command.index);
        break;
      }
      case 'expand':
      case 'collapse': actions.toggle(command.id); break;
      case 'openDetail': if (selected) actions.focusDetail(selected.id); break;
      case 'closeDetail': actions.closeDetail(); break;
      case 'delete': if (selected) actions.remove(selected); break;
    }
  }

  // Back on the list (Tab, a closed panel or dialog): the selected row is brought into view.
  function onFocus(e: FocusEvent<HTMLDivElement>) {
    if (e.target === e.currentTarget && selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex);
  }

  // Only a rendered row can be the active descendant; a selection scrolled out of the window has none.
  const virtualItems = virtualizer.getVirtualItems();
  const activeId = virtualItems.some((item) => item.index === selectedIndex) ? `snap-row-${selectedIndex}` : undefined;

  return (
    <div className="grid" style={{ '--grid-columns': columns.template, '--grid-min-width': `${columns.minWidth}px` } as CSSProperties}>
      <div
        className="grid-scroll"
        ref={scrollRef}
        id={SNAPSHOT_LIST_ID}
        role={onToggle ? 'treegrid' : 'grid'}
        aria-label={label}
        aria-rowcount={rows.length + 1}
        aria-activedescendant={activeId}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        data-testid="snapshot-grid"
      >
        <div className="grid-row grid-head" role="row" aria-rowindex={1}>
          {columns.columns.map((c) => (
            c.key === 'actions' ? (
              <div key={c.key} role="columnheader" className="cell"><span className="visually-hidden">{t(HEADER_LABEL[c.key])}</span></div>
            ) : (
              <SortHeader key={c.key} column={c} label={t(HEADER_LABEL[c.key])} sort={sort} onSort={onSort} />
            )
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((item) => {
            const row = rows[item.index]!;
            const style = { transform: `translateY(${item.start}px)`, height: item.size };
            if (row.type === 'vm') {
              return (
                <div key={`vm-${row.vmUuid}`} className="grid-row grid-body-row grid-group-row" role="row" aria-rowindex={item.index + 2} aria-level={1} style={style}>
                  <div role="gridcell" className="cell" style={{ gridColumn: '1 / -1', fontWeight: 600 }}>
                    {row.vmName} <span className="muted">· {t('list.snapshotCount', { count: row.count })}</span>
                  </div>
                </div>
              );
            }
            return (
              <SnapshotRow
                key={row.snapshot.id}
                snapshot={row.snapshot}
                index={item.index}
                start={item.start}
                depth={row.depth}
                hasChildren={row.hasChildren}
                tree={Boolean(onToggle)}
                selected={row.snapshot.id === selectedId}
                collapsed={Boolean(collapsed?.has(row.snapshot.id))}
                columns={columns}
                labels={labels}
                actions={actions}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

function SortHeader({ column, label, sort, onSort }: { column: Column; label: string; sort: SnapshotTableProps['sort']; onSort: (key: SortKey) => void }) {
  const key = column.key as SortKey;
  const icon = key === 'protected';
  return (
    <div
      role="columnheader"
      className={column.numeric ? 'cell cell-num' : icon ? 'cell cell-icon' : 'cell'}
      aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" onClick={() => onSort(key)} aria-label={icon ? label : undefined} title={label}>
        {icon ? <LockIcon /> : label}
        {sort.key === key && <span aria-hidden="true">{sort.dir === 'asc' ? '▲' : '▼'}</span>}
      </button>
    </div>
  );
}
