import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import { errorText } from '../../api/error-text';
import type { HostStatus, Snapshot, SnapshotKind } from '../../api/contract';
import { useHostSnapshots, useSnapshots } from '../../stores/snapshots';
import { useHostVms } from '../../stores/vms';
import { useUi, type Filters } from '../../stores/ui';
import { SnapshotFilters } from './SnapshotFilters';
import { SnapshotTable, type RowActions } from './SnapshotTable';
import { VmSummary } from './VmSummary';
import { VmCopies } from '../copies/VmCopies';
import { columnSet } from './columns';
import { flatRows, hasActiveFilters, sortSnapshots, treeRows, warmSearchKeys } from './list-model';
import { rowThatTookPlace } from './list-keys';
import { focusHome } from '../../ui/focus';
import { formatNumber } from '../../format';
import { currentLang } from '../../i18n';

// The detail panel appears on selection, never in the first paint; its code is fetched when the
// browser is idle after it, so the first selection does not wait for it.
const loadDetailPanel = () => import('../detail/DetailPanel');
const DetailPanel = lazy(() => loadDetailPanel().then((m) => ({ default: m.DetailPanel })));

interface SnapshotBrowserProps {
  host: HostStatus;
  title: string;
  /** The volume view lists only volume snapshots. */
  fixedKind?: SnapshotKind;
  actions: ReactNode;
  emptyTitle: string;
  emptyText: string;
}

/** A host's snapshots: filters, the (tree or flat) virtualized list, and the detail panel. */
export function SnapshotBrowser({ host, title, fixedKind, actions, emptyTitle, emptyText }: SnapshotBrowserProps) {
  const { t } = useTranslation();
  const rows = useHostSnapshots(host.id);
  const load = useSnapshots((s) => s.loadByHost[host.id]);
  // The newest rows of a first load show while the rest is on its way.
  const anyRows = useSnapshots((s) => s.byHost[host.id] !== undefined);
  const vms = useHostVms(host.id);
  const filters = useUi((s) => s.filters);
  const setFilters = useUi((s) => s.setFilters);
  const sort = useUi((s) => s.sort);
  const setSort = useUi((s) => s.setSort);
  const treeView = useUi((s) => s.treeView);
  const setTreeView = useUi((s) => s.setTreeView);
  const selectedSnapshotId = useUi((s) => s.selectedSnapshotId);
  const selectSnapshot = useUi((s) => s.selectSnapshot);
  const detailOpen = useUi((s) => s.detailOpen);
  const openDetail = useUi((s) => s.openDetail);
  const closeDetail = useUi((s) => s.closeDetail);
  const openDialog = useUi((s) => s.open);
  const toast = useUi((s) => s.toast);
  // Enter asks for focus in the detail panel, which may still be loading: it takes it when it can.
  const [detailWantsFocus, setDetailWantsFocus] = useState(false);
  const detailFocused = useCallback(() => setDetailWantsFocus(false), []);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((id: string) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const effective: Filters = useMemo(() => (fixedKind ? { ...filters, kind: fixedKind } : filters), [filters, fixedKind]);
  const sorted = useMemo(() => sortSnapshots(rows, sort.key, sort.dir), [rows, sort.key, sort.dir]);
  const listRows = useMemo(
    () => (treeView ? treeRows(sorted, effective, collapsed) : flatRows(sorted, effective)),
    [sorted, effective, treeView, collapsed],
  );
  // The first keystroke would otherwise build 10,000 search keys inside its frame. Not before
  // the first rows: the panel's code would be fetched while the list is on its way.
  useEffect(() => {
    if (typeof requestIdleCallback !== 'function' || rows.length === 0) return;
    const handle = requestIdleCallback(() => {
      warmSearchKeys(rows);
      void loadDetailPanel();
    });
    return () => cancelIdleCallback(handle);
  }, [rows]);
  const current = useMemo(() => rows.find((r) => r.id === selectedSnapshotId) ?? null, [rows, selectedSnapshotId]);
  const selected = detailOpen ? current : null;

  // The selected snapshot gone from the host (deleted, here or by a schedule): the row that took
  // its place in the list is selected instead, so the keyboard carries on from there.
  const place = useRef<{ hostId: string; id: string; index: number } | null>(null);
  useEffect(() => {
    const index = selectedSnapshotId ? listRows.findIndex((r) => r.type === 'snapshot' && r.snapshot.id === selectedSnapshotId) : -1;
    if (selectedSnapshotId && index >= 0) place.current = { hostId: host.id, id: selectedSnapshotId, index };
    else if (selectedSnapshotId && !current && place.current?.id === selectedSnapshotId && place.current.hostId === host.id) {
      selectSnapshot(rowThatTookPlace(listRows, place.current.index));
    }
  }, [listRows, selectedSnapshotId, current, selectSnapshot, host.id]);
  const needsReconcile = useMemo(() => rows.some((r) => r.state === 'unmanaged' || r.state === 'missing'), [rows]);
  // Snapshots the host holds without this Snapvisor's record (made by another tool, or copies
  // whose database is gone): every one the filters show, collapsed or not, adopted at once.
  const unmanaged = useMemo(
    () => (needsReconcile ? flatRows(rows, effective).flatMap((r) => (r.type === 'snapshot' && r.snapshot.state === 'unmanaged' ? [r.snapshot] : [])) : []),
    [needsReconcile, rows, effective],
  );
  const [adopting, setAdopting] = useState(false);
  const adoptAll = async (): Promise<void> => {
    setAdopting(true);
    let adopted = 0;
    try {
      for (const s of unmanaged) {
        await unwrap(api().snapshots.adopt({ id: s.id }));
        adopted++;
      }
      toast('success', t('toast.adoptedAll', { count: adopted }));
    } catch (e) {
      toast('error', errorText(e));
    } finally {
      setAdopting(false);
    }
  };
  const columns = useMemo(
    () => columnSet({ compact: selected !== null, singleVm: Boolean(filters.vmUuid), reconcileActions: needsReconcile }),
    [selected, filters.vmUuid, needsReconcile],
  );

  const rowActions: RowActions = useMemo(() => {
    const reconcile = async (action: 'adopt' | 'forget', s: Snapshot) => {
      try {
        if (action === 'adopt') await unwrap(api().snapshots.adopt({ id: s.id }));
        else await unwrap(api().snapshots.forget({ id: s.id }));
        toast('success', t(action === 'adopt' ? 'toast.adopted' : 'toast.forgotten', { name: s.name }));
      } catch (e) {
        toast('error', errorText(e));
      }
    };
    return {
      select: selectSnapshot,
      open: openDetail,
      focusDetail: (id) => {
        openDetail(id);
        setDetailWantsFocus(true);
      },
      closeDetail,
      remove: (snapshot) => openDialog({ type: 'delete', snapshot }),
      toggle,
      adopt: (s) => void reconcile('adopt', s),
      forget: (s) => void reconcile('forget', s),
    };
  }, [selectSnapshot, openDetail, closeDetail, openDialog, t, toast, toggle]);

  let body: ReactNode;
  if (!load || load.status === 'idle' || (load.status === 'loading' && !anyRows)) {
    body = <div className="empty" role="status"><p>{t('list.loading')}</p></div>;
  } else if (load.status === 'error') {
    body = (
      <div className="empty" role="alert">
        <h2>{t('list.errorTitle')}</h2>
        <p>{errorText(load.error)}</p>
        <button type="button" className="btn" onClick={() => void useSnapshots.getState().fetch(host.id)}>{t('common.retry')}</button>
      </div>
    );
  } else if (listRows.length === 0 && hasActiveFilters(filters)) {
    body = (
      <div className="empty" role="status">
        <h2>{t('list.noMatchTitle')}</h2>
        <p>{t('list.noMatchText')}</p>
        <button type="button" className="btn" onClick={() => setFilters({ vmUuid: '', text: '', kind: '', state: '', since: '', until: '' })}>{t('filters.clear')}</button>
      </div>
    );
  } else if (listRows.length === 0) {
    body = (
      <div className="empty" role="status">
        <h2>{emptyTitle}</h2>
        <p>{emptyText}</p>
        {actions}
      </div>
    );
  } else {
    body = (
      <SnapshotTable
        label={title}
        rows={listRows}
        selectedId={selectedSnapshotId}
        detailOpen={detailOpen}
        sort={sort}
        onSort={setSort}
        collapsed={collapsed}
        onToggle={treeView ? toggle : undefined}
        actions={rowActions}
        columns={columns}
      />
    );
  }

  const shownVm = vms.find((v) => v.uuid === filters.vmUuid) ?? null;
  const lang = currentLang();
  const visibleCount = useMemo(() => listRows.reduce((n, r) => (r.type === 'snapshot' ? n + 1 : n), 0), [listRows]);
  const totalCount = useMemo(() => (fixedKind ? rows.filter((r) => r.kind === fixedKind).length : rows.length), [rows, fixedKind]);

  return (
    <>
      <section className="view" aria-label={title}>
        <div className="view-header">
          <h1>{title} <span className="muted" data-testid="row-count">{load?.status === 'loading' ? t('list.countLoading', { shown: formatNumber(visibleCount, lang) }) : t('list.count', { shown: formatNumber(visibleCount, lang), total: formatNumber(totalCount, lang) })}</span></h1>
          <label className="check">
            <input type="checkbox" checked={treeView} onChange={(e) => setTreeView(e.target.checked)} />
            <span>{t('list.treeView')}</span>
          </label>
          {actions}
          {unmanaged.length > 0 && (
            <button type="button" className="btn" disabled={adopting} onClick={() => void adoptAll()}>{t('actions.adoptAll', { count: unmanaged.length })}</button>
          )}
        </div>
        {host.state === 'connecting' && <p className="muted" role="status" data-testid="host-connecting">{t('hosts.connecting', { name: host.name })}</p>}
        <SnapshotFilters filters={filters} onChange={setFilters} vms={vms} fixedKind={fixedKind} />
        {shownVm && <VmSummary vm={shownVm} />}
        {shownVm && !fixedKind && <VmCopies vm={shownVm} host={host} />}
        {body}
      </section>
      {selected && (
        <Suspense fallback={<div className="detail-panel" aria-busy="true" />}>
          <DetailPanel
            snapshot={selected}
            host={host}
            onClose={() => {
              closeDetail();
              focusHome();
            }}
            onAdopt={rowActions.adopt}
            onForget={rowActions.forget}
            wantsFocus={detailWantsFocus}
            onFocused={detailFocused}
          />
        </Suspense>
      )}
    </>
  );
}
