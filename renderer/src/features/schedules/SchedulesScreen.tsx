import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import { errorText } from '../../api/error-text';
import type { HostStatus, Schedule } from '../../api/contract';
import { formatDate } from '../../format';
import { currentLang } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { FormActions } from '../../ui/Field';
import { useSchedules } from '../../stores/schedules';
import { useUi } from '../../stores/ui';
import { HOME_RANK, useFocusHome } from '../../ui/focus';
import { ScheduleDialog } from './ScheduleDialog';
import { WhileClosedPanel } from './WhileClosedPanel';
import { describeTrigger } from './schedule-rules';

/**
 * Schedules and retention for the host's VMs: list, add, edit, pause, delete; each one's last
 * run and why it failed; whether they also run while Snapvisor is closed.
 */
export function SchedulesScreen({ host }: { host: HostStatus }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const { dialog, open, close, toast } = useUi();
  const schedules = useSchedules((s) => s.byHost[host.id] ?? null);
  const load = useSchedules((s) => s.loadByHost[host.id]);
  const error = load?.status === 'error' ? load.error : null;
  // After a schedule is deleted (its buttons gone with it), focus comes back to the table.
  const table = useRef<HTMLTableElement>(null);
  const add = useRef<HTMLButtonElement>(null);
  useFocusHome(HOME_RANK.list, () => table.current ?? add.current);

  const reload = useCallback(() => { void useSchedules.getState().fetch(host.id); }, [host.id]);
  useEffect(reload, [reload]);

  async function setEnabled(s: Schedule, enabled: boolean) {
    try {
      await unwrap(api().schedules.update({ id: s.id, enabled }));
      reload();
    } catch (e) {
      toast('error', errorText(e));
    }
  }

  async function remove(s: Schedule) {
    try {
      await unwrap(api().schedules.remove({ id: s.id }));
      toast('success', t('toast.scheduleRemoved', { vm: s.vmName }));
      close();
      reload();
    } catch (e) {
      toast('error', errorText(e));
    }
  }

  return (
    <section className="view" aria-label={t('nav.schedules')}>
      <div className="view-header">
        <h1>{t('nav.schedules')}</h1>
        <button ref={add} type="button" className="btn btn-primary" onClick={() => open({ type: 'schedule', schedule: null })}>{t('schedules.add')}</button>
      </div>
      <div className="page">
        <p className="muted">{t('schedules.intro')}</p>
        <WhileClosedPanel />
        {error && <div className="callout callout-danger" role="alert">{errorText(error)}</div>}
        {schedules === null && !error && <p className="muted" role="status">{t('common.loading')}</p>}
        {schedules?.length === 0 && (
          <div className="empty"><h2>{t('schedules.emptyTitle')}</h2><p>{t('schedules.emptyText')}</p></div>
        )}
        {schedules && schedules.length > 0 && (
          <table ref={table} className="table" aria-label={t('nav.schedules')} tabIndex={-1}>
            <thead>
              <tr>
                <th>{t('columns.vm')}</th><th>{t('columns.kind')}</th><th>{t('schedules.trigger')}</th><th>{t('schedules.retention')}</th>
                <th>{t('schedules.nextRun')}</th><th>{t('schedules.lastRun')}</th><th>{t('schedules.enabled')}</th><th><span className="visually-hidden">{t('columns.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((s) => {
                const trigger = describeTrigger(s);
                return (
                  <tr key={s.id}>
                    <td>{s.vmName}</td>
                    <td>{t(`kind.${s.kind}.label`)}</td>
                    <td>{t(trigger.key, { count: trigger.count, cron: trigger.cron })}</td>
                    <td>
                      {retentionText(s, t)}
                      {s.copyTo && <div className="muted">{t(s.copyKeep === null ? 'schedules.copiesTo' : 'schedules.copiesToKeeping', { target: s.copyTo, count: s.copyKeep ?? 0 })}</div>}
                    </td>
                    <td>{s.enabled ? formatDate(s.nextRunAt, lang) : t('schedules.paused')}</td>
                    <td>
                      {formatDate(s.lastRunAt, lang)}
                      {s.lastFailure && (
                        <div className="field-error" role="note">
                          <span className="badge badge-danger">{t('schedules.lastRunFailed')}</span> {errorText(s.lastFailure)}
                        </div>
                      )}
                    </td>
                    <td><input type="checkbox" aria-label={t('schedules.enabledFor', { vm: s.vmName })} checked={s.enabled} onChange={(e) => void setEnabled(s, e.target.checked)} /></td>
                    <td>
                      <div className="row">
                        <button type="button" className="btn btn-sm" onClick={() => open({ type: 'schedule', schedule: s })}>{t('actions.edit')}</button>
                        <button type="button" className="btn btn-sm" onClick={() => open({ type: 'deleteSchedule', schedule: s })}>{t('actions.delete')}</button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {dialog?.type === 'schedule' && <ScheduleDialog host={host} schedule={dialog.schedule} onSaved={reload} />}
      {dialog?.type === 'deleteSchedule' && (
        <Dialog title={t('schedules.deleteTitle')} onClose={close}>
          <p>{t('schedules.deleteText', { vm: dialog.schedule.vmName })}</p>
          <FormActions>
            <button type="button" className="btn" onClick={close}>{t('common.cancel')}</button>
            <button type="button" className="btn btn-danger" onClick={() => void remove(dialog.schedule)}>{t('actions.delete')}</button>
          </FormActions>
        </Dialog>
      )}
    </section>
  );
}

function retentionText(s: Schedule, t: (key: string, opts?: Record<string, unknown>) => string): string {
  const parts: string[] = [];
  if (s.keepLast !== null) parts.push(t('schedules.keepLastN', { count: s.keepLast }));
  if (s.maxAgeSeconds !== null) parts.push(t('schedules.maxAgeN', { count: Math.round(s.maxAgeSeconds / 86400) }));
  return parts.length ? parts.join(' · ') : t('schedules.keepAll');
}
