import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REASON_WORDS } from '../../../../shared/vocabulary';
import { api, toApiError, unwrap } from '../../api/api';
import { errorText } from '../../api/error-text';
import type { ApiError, ScheduleTimerStatus } from '../../api/contract';
import { formatDate } from '../../format';
import { currentLang } from '../../i18n';
import { useUi } from '../../stores/ui';

/** A timer that runs this Snapvisor's schedules: installed, enabled and written for it. */
const isOn = (s: ScheduleTimerStatus) => s.installed && s.enabled && s.current;

/**
 * Whether the schedules also run while Snapvisor is closed (the systemd user timer), its state
 * and last run, and the switch. Without a user systemd instance: why, and what to run instead.
 */
export function WhileClosedPanel() {
  const { t } = useTranslation();
  const lang = currentLang();
  const toast = useUi((s) => s.toast);
  const titleId = useId();
  const [status, setStatus] = useState<ScheduleTimerStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    unwrap(api().schedules.timer()).then(
      (s) => { setStatus(s); setError(null); },
      (e: unknown) => setError(toApiError(e)),
    );
  }, []);
  useEffect(load, [load]);

  async function toggle(on: boolean) {
    setBusy(true);
    try {
      const next = await unwrap(api().schedules.setTimer({ on }));
      setStatus(next);
      toast('success', t('schedules.whileClosed.saved', { state: t(isOn(next) ? 'schedules.whileClosed.stateOn' : 'schedules.whileClosed.stateOff') }));
    } catch (e) {
      toast('error', errorText(e));
      load();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="while-closed" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('schedules.whileClosed.title')}</h2>
      {error && <div className="callout callout-danger" role="alert">{errorText(error)}</div>}
      {!status && !error && <p className="muted" role="status">{t('common.loading')}</p>}
      {status && (
        <>
          <label className="row">
            <input type="checkbox" checked={isOn(status)} disabled={!status.available || busy} onChange={(e) => void toggle(e.target.checked)} />
            <span>{t('schedules.whileClosed.toggle')}</span>
          </label>
          {status.available ? <TimerState status={status} lang={lang} /> : (
            <div className="callout callout-warning" role="note">
              <p>{t('schedules.whileClosed.unavailable', { reason: REASON_WORDS[status.reason ?? 'no_user_manager'][lang] })}</p>
              <p>{t('schedules.whileClosed.instead')}</p>
              <pre><code>{status.cronLine}</code></pre>
              <p>{t('schedules.whileClosed.orSystemd')}</p>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function TimerState({ status, lang }: { status: ScheduleTimerStatus; lang: ReturnType<typeof currentLang> }) {
  const { t } = useTranslation();
  if (!isOn(status)) {
    return (
      <>
        <p className="muted">{t('schedules.whileClosed.off')}</p>
        {status.installed && !status.current && <p className="callout callout-info">{t('schedules.whileClosed.stale')}</p>}
      </>
    );
  }
  return (
    <>
      <p className="muted">
        {t('schedules.whileClosed.on')}{' '}
        {t('schedules.whileClosed.nextCheck', { date: formatDate(status.nextRunAt, lang) })}{' · '}
        {t('schedules.whileClosed.lastCheck', { date: formatDate(status.lastTriggerAt, lang) })}
      </p>
      {status.lastResult === 'failed' && <p className="callout callout-danger" role="alert">{t('schedules.whileClosed.lastFailed')}</p>}
    </>
  );
}
