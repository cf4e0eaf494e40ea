import { useTranslation } from 'react-i18next';
import type { SnapshotEvent } from '../../api/contract';
import { formatDate } from '../../format';
import { currentLang } from '../../i18n';
import { ACTION_WORDS, capitalised, wordOf } from '../../../../shared/vocabulary';

const OUTCOME_TONE: Record<SnapshotEvent['outcome'], string> = {
  started: 'badge-info', succeeded: 'badge-success', failed: 'badge-danger', info: '',
};

/** The audit log: every action on the snapshot, newest first. */
export function EventsTab({ events }: { events: SnapshotEvent[] | null }) {
  const { t } = useTranslation();
  const lang = currentLang();
  if (!events) return <p className="muted" role="status">{t('common.loading')}</p>;
  if (events.length === 0) return <p className="muted">{t('detail.noEvents')}</p>;
  const sorted = [...events].sort((a, b) => (a.at < b.at ? 1 : -1));
  return (
    <table className="table">
      <thead><tr><th>{t('detail.eventTime')}</th><th>{t('detail.eventAction')}</th><th>{t('detail.eventOutcome')}</th></tr></thead>
      <tbody>
        {sorted.map((e) => (
          <tr key={e.id}>
            <td>{formatDate(e.at, lang, true)}</td>
            <td>{capitalised(wordOf(ACTION_WORDS, e.action, lang) ?? e.action)}{Object.keys(e.detail).length > 0 && <div className="faint mono">{JSON.stringify(e.detail)}</div>}</td>
            <td><span className={`badge ${OUTCOME_TONE[e.outcome]}`}>{t(`outcome.${e.outcome}`)}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
