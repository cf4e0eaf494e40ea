import { useState } from 'react';
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

type TabId = 'overview' | 'disks' | 'events' | 'notes';

const SETTLED = new Set(['ready', 'error']);

/** The selected snapshot: what it is, what can be done with it, its history and notes. */
interface DetailPanelProps {
  snapshot: Snapshot;
  host: HostStatus;
  onClose: () => void;
  onAdopt: (snapshot: Snapshot) => void;
  onForget: (snapshot: Snapshot) => void;
}

export function DetailPanel({ snapshot, host, onClose, onAdopt, onForget }: DetailPanelProps) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<TabId>('overview');
  const { detail, error, thumbnail, reload } = useSnapshotDetail(snapshot);
  const open = useUi((s) => s.open);
  const toast = useUi((s) => s.toast);
  const settled = SETTLED.has(snapshot.state);
  const isVolume = snapshot.kind === 'volume';
  const limit = copyLimit(snapshot, host.capabilities);
  const canCopy = snapshot.state === 'ready' && limit === null;

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
    <aside className="detail-panel" aria-label={t('detail.label', { name: snapshot.name })}>
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
              <button type="button" className="btn btn-primary" disabled={snapshot.state !== 'ready'} onClick={() => open({ type: 'restore', snapshot })}>{t('actions.restore')}</button>
              <button type="button" className="btn" disabled={!canCopy} onClick={() => open({ type: 'restoreAsNew', snapshot })}>{t('actions.restoreAsNew')}</button>
              <button type="button" className="btn" disabled={!canCopy} onClick={() => open({ type: 'extractVolume', snapshot })}>{t('actions.extractVolume')}</button>
            </>
          )}
        </div>
        {limit && <p className="field-hint" data-testid="host-limit">{t(`detail.limit.${limit}`)}</p>}
        <div className="detail-actions">
          <button type="button" className="btn" disabled={!settled} onClick={() => open({ type: 'edit', snapshot })}>{t('actions.edit')}</button>
          <button type="button" className="btn" disabled={!settled} onClick={() => void toggleProtect()}>{snapshot.protected ? t('actions.unprotect') : t('actions.protect')}</button>
          <span className="spacer" />
          <button type="button" className="btn btn-danger" disabled={snapshot.state === 'creating' || snapshot.state === 'deleting' || snapshot.state === 'restoring'} onClick={() => open({ type: 'delete', snapshot })}>{t('actions.delete')}</button>
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
