import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSelectedHost } from '../../stores/hosts';
import { useFailingScheduleCount, useSchedules } from '../../stores/schedules';

/** On the Schedules tab: how many of the host's schedules failed on their last run, if any. */
export function FailedSchedulesBadge() {
  const { t } = useTranslation();
  const host = useSelectedHost();
  const hostId = host?.state === 'connected' ? host.id : null;
  const loaded = useSchedules((s) => (hostId ? s.loadByHost[hostId] !== undefined : true));
  // Failures the systemd timer recorded while the app was closed show as soon as it opens.
  useEffect(() => {
    if (hostId && !loaded) void useSchedules.getState().fetch(hostId);
  }, [hostId, loaded]);
  const count = useFailingScheduleCount(hostId);
  if (count === 0) return null;
  const label = t('schedules.failedBadge', { count });
  return <span className="badge badge-danger nav-badge" role="status" aria-label={label} title={label}>{count}</span>;
}
