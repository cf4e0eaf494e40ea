import { useTranslation } from 'react-i18next';
import type { HostStatus, SnapshotState, VmState } from '../api/contract';

export const STATE_TONE: Record<SnapshotState, string> = {
  ready: 'badge-success',
  creating: 'badge-info',
  deleting: 'badge-info',
  restoring: 'badge-info',
  error: 'badge-danger',
  error_deleting: 'badge-danger',
  unmanaged: 'badge-warning',
  missing: 'badge-warning',
};

export function StateBadge({ state }: { state: SnapshotState }) {
  const { t } = useTranslation();
  return <span className={`badge ${STATE_TONE[state]}`}>{t(`state.${state}`)}</span>;
}

const VM_DOT: Record<VmState, string> = {
  running: 'dot-success', paused: 'dot-warning', pmsuspended: 'dot-warning', crashed: 'dot-danger', shutoff: '', other: '',
};

export function VmStateDot({ state }: { state: VmState }) {
  const { t } = useTranslation();
  return <span className={`dot ${VM_DOT[state]}`} role="img" aria-label={t(`vmState.${state}`)} title={t(`vmState.${state}`)} />;
}

const HOST_DOT: Record<HostStatus['state'], string> = {
  connected: 'dot-success', connecting: 'dot-warning', disconnected: '', error: 'dot-danger',
};

export function HostStateDot({ state }: { state: HostStatus['state'] }) {
  const { t } = useTranslation();
  return <span className={`dot ${HOST_DOT[state]}`} role="img" aria-label={t(`hostState.${state}`)} title={t(`hostState.${state}`)} />;
}
