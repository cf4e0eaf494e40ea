import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import { errorText } from '../../api/error-text';
import type { HostStatus, Snapshot } from '../../api/contract';
import { StateBadge } from '../../ui/Badges';
import { Tabs } from '../../ui/Tabs';
import { LockIcon } from '../../ui/LockIcon';
import { useSnapshots } from '../../stores/snapshots';
import { useUi } from '../../stores/ui';
import { useSnapshotDetail } from './use-snapshot-detail';
import { OverviewTab, DisksTab } from './OverviewTab';
import { EventsTab } from './EventsTab';
import { NotesTab } from './NotesTab';
import { copyLimit } from './host-limits';
import { snapshotActions } from './action-rules';
import { isTextEntry } from '../../ui/focus';
import { useExport } from '../exports/use-export';

type TabId = 'overview' | 'disks' | 'events' | 'notes';

/** The selected snapshot: what it is, what can be done with it, its history and notes. */
interface DetailPanelProps {
  snapshot: Snapshot;
  host: HostStatus;
  onClose: () => void;
  onAdopt: (snapshot: Snapshot) => void;
  onForget: (snapshot: Snapshot) => void;
  /** Enter on the list asked for focus here: the panel takes it once it is drawn, then says so. */
  wantsFocus?: boolean;
  onFocused?: () => void;
}

export function DetailPanel({ snapshot, host, onClose, onAdopt, onForget, wantsFocus, onFocused }: DetailPanelProps) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<TabId>('overview');
  const { detail, error, thumbnail, reload } = useSnapshotDetail(snapshot);
  const open = useUi((s) => s.open);
  const toast = useUi((s) => s.toast);
  const allowed = snapshotActions(snapshot);
  const ref = useRef<HTMLElement>(null);
  const exporting = useExport({ hostId: snapshot.hostId, vm: snapshot.vm, snapshotId: snapshot.id });

  useEffect(() => {
    if (!wantsFocus) return;
    ref.current?.focus();
    onFocused?.();
  }, [wantsFocus, onFocused]);

  // Escape closes the panel (focus goes back to the list), except from a field holding typed text,
  // which would be lost with the panel.
  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    if (e.key !== 'Escape' || e.nativeEvent.isComposing) return;
    const field = e.target;
    if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && isTextEntry(field) && field.value !== '') return;
    e.preventDefault();
    onClose();
  }
  const isVolume = snapshot.kind === 'volume';
  const limit = copyLimit(snapshot, host.capabilities);
  const canCopy = allowed.restore && limit === null;

  async function toggleProtect() {
    try {
      const updated = await unwrap(api().snapshots.setProtected({ id: snapshot.id, on: !snapshot.protected }));
      useSnapshots.getState().patch(updated);
      toast('success', t(updated.protected ? 'toast.protected' : 'toast.unprotected', { name: updated.name }));
    } catch (e) {
      toast('error', errorText(e));
    }
  }

  return (
    <aside ref={ref} className="detail-panel" aria-label={t('detail.label', { name: snapshot.name })} tabIndex={-1} onKeyDown={onKeyDown}>
      <div className="detail-header">
        <div className="detail-title">
          <h2>{snapshot.name}</h2>
          <button type="button" className="btn btn-ghost btn-sm" aria-label={t('common.close')} onClick={onClose}>×</button>
        </div>
        <div className="row-wrap">
          <StateBadge state={snapshot.state} />
          <span className="badge" title={t(`kind.${snapshot.kind}.explain`)}>{t(`kind.${snapshot.kind}.label`)}</span>
          {snapshot.protected && <span className="badge badge-info"><LockIcon />&nbsp;{t('list.protected')}</span>}
          {snapshot.current && <span className="badge badge-info">{t('list.current')}</span>}
        </div>
        {(snapshot.state === 'unmanaged' || snapshot.state === 'missing') && (
          <div className="detail-actions">
            {snapshot.state === 'unmanaged'
              ? <button type="button" className="btn btn-primary" onClick={() => onAdopt(snapshot)}>{t('actions.adopt')}</button>
              : <button type="button" className="btn btn-primary" onClick={() => onForget(snapshot)}>{t('actions.forget')}</button>}
          </div>
        )}
        <div className="detail-actions">
          {isVolume ? (
            <button type="button" className="btn btn-primary" disabled={!canCopy} onClick={() => open({ type: 'volumeRestore', snapshot })}>{t('actions.restoreVolume')}</button>
          ) : (
            <>
              <button type="button" className="btn btn-primary" disabled={!allowed.restore} onClick={() => open({ type: 'restore', snapshot })}>{t('actions.restore')}</button>
              <button type="button" className="btn" disabled={!canCopy} onClick={() => open({ type: 'restoreAsNew', snapshot })}>{t('actions.restoreAsNew')}</button>
              <button type="button" className="btn" disabled={!canCopy} onClick={() => open({ type: 'extractVolume', snapshot })}>{t('actions.extractVolume')}</button>
            </>
          )}
        </div>
        {limit && <p className="field-hint" data-testid="host-limit">{t(`detail.limit.${limit}`)}</p>}
        <div className="detail-actions">
          <button type="button" className="btn" disabled={!allowed.edit} onClick={() => open({ type: 'edit', snapshot })}>{t('actions.edit')}</button>
          <button type="button" className="btn" disabled={!allowed.edit} onClick={() => void toggleProtect()}>{snapshot.protected ? t('actions.unprotect') : t('actions.protect')}</button>
          {!isVolume && (
            <button
              type="button" className="btn" disabled={!allowed.export || host.state !== 'connected' || exporting.busy} onClick={() => void exporting.start()}
              aria-label={t('exports.exportSnapshotOf', { name: snapshot.name })} title={allowed.export ? undefined : t('exports.notExportable')}
            >
              {t('exports.exportSnapshot')}
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="btn btn-danger" disabled={!allowed.delete} onClick={() => open({ type: 'delete', snapshot })}>{t('actions.delete')}</button>
        </div>
      </div>
      <div className="detail-body">
        {error && <div className="callout callout-danger" role="alert">{errorText(error)}</div>}
        <Tabs<TabId>
          label={t('detail.tabs')}
          active={tab}
          onChange={setTab}
          tabs={[
            { id: 'overview', label: t('detail.overview') },
            { id: 'disks', label: t('detail.disks') },
            { id: 'events', label: t('detail.events') },
            { id: 'notes', label: t('detail.notes') },
          ]}
        >
          {tab === 'overview' && <OverviewTab snapshot={snapshot} detail={detail} thumbnail={thumbnail} host={host} />}
          {tab === 'disks' && <DisksTab snapshot={snapshot} />}
          {tab === 'events' && <EventsTab events={detail?.events ?? null} />}
          {tab === 'notes' && <NotesTab snapshotId={snapshot.id} notes={detail?.notes ?? null} onAdded={reload} />}
        </Tabs>
      </div>
    </aside>
  );
}
