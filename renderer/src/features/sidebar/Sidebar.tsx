import { useTranslation } from 'react-i18next';
import { HostStateDot, VmStateDot } from '../../ui/Badges';
import { useHosts, useSelectedHost } from '../../stores/hosts';
import { useUi } from '../../stores/ui';
import { useHostVms, useVms } from '../../stores/vms';
import { useSnapshotCounts } from '../../stores/snapshots';

/** Hosts with their connection state; under the selected one, its VMs with state and snapshot count. */
export function Sidebar() {
  const { t } = useTranslation();
  const { hosts, selectedHostId, select } = useHosts();
  const vms = useHostVms(selectedHostId);
  const host = useSelectedHost();
  // A host's VMs come from libvirt: while it connects they are on their way, not absent.
  const vmsLoading = useVms((s) => selectedHostId !== null && s.loadByHost[selectedHostId]?.status === 'loading');
  // Counted from the snapshot list once loaded: change events keep it current, the VMs are not.
  const counts = useSnapshotCounts(selectedHostId);
  const countOf = (v: (typeof vms)[number]) => counts?.get(v.uuid) ?? (counts ? 0 : v.snapshotCount);
  const vmFilter = useUi((s) => s.filters.vmUuid);
  const setFilters = useUi((s) => s.setFilters);
  const open = useUi((s) => s.open);
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);

  function showVm(vmUuid: string) {
    setFilters({ vmUuid });
    if (view === 'schedules') setView('snapshots');
  }

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <div className="stack-sm">
        <div className="sidebar-section-title">
          <span>{t('sidebar.hosts')}</span>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => open({ type: 'hosts' })}>{t('sidebar.manageHosts')}</button>
        </div>
        <ul className="tree-list" aria-label={t('sidebar.hosts')}>
          {hosts.map((h) => (
            <li key={h.id}>
              <button type="button" className="tree-item" aria-current={h.id === selectedHostId} onClick={() => select(h.id)} title={h.uri}>
                <HostStateDot state={h.state} />
                <span className="name">{h.name}{h.demo && <span className="faint"> · {t('sidebar.demo')}</span>}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
      {selectedHostId && (
        <div className="stack-sm">
          <div className="sidebar-section-title">
            <span>{t('sidebar.vms')}</span>
            <button
              type="button" className="btn btn-ghost btn-sm" disabled={host?.state !== 'connected'} onClick={() => open({ type: 'import' })}
              aria-label={t('exports.importOnto', { host: host?.name ?? '' })}
            >
              {t('exports.import')}
            </button>
          </div>
          <ul className="tree-list" aria-label={t('sidebar.vms')}>
            <li>
              <button type="button" className="tree-item" aria-current={vmFilter === ''} onClick={() => showVm('')}>
                <span className="name">{t('filters.allVms')}</span>
                <span className="count">{vms.reduce((n, v) => n + countOf(v), 0)}</span>
              </button>
            </li>
            {vms.map((v) => (
              <li key={v.uuid}>
                <button type="button" className="tree-item" aria-current={vmFilter === v.uuid} onClick={() => showVm(v.uuid)} data-vm-name={v.name}>
                  <VmStateDot state={v.state} />
                  <span className="name">{v.name}</span>
                  {v.protected && <span className="badge" title={t('sidebar.protectedHint')}>{t('sidebar.protected')}</span>}
                  <span className="count" aria-label={t('list.snapshotCount', { count: countOf(v) })}>{countOf(v)}</span>
                </button>
                {v.snapvisorMade && (
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => open({ type: 'removeVm', vm: v })} aria-label={t('removeVm.open', { name: v.name })}>
                    {t('removeVm.short')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {vms.length === 0 && <p className="muted" style={{ padding: '0 8px' }}>{t(vmsLoading ? 'common.loading' : 'sidebar.noVms')}</p>}
        </div>
      )}
    </nav>
  );
}
