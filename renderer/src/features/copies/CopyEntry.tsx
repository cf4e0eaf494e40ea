// One copy of a VM on another host: where it is, what it holds, how its last refresh went, and
// what can be done with it (refresh, verify, remove).
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/error-text';
import type { CopyInfo } from '../../api/contract';
import { formatBytes, formatDate } from '../../format';
import { currentLang } from '../../i18n';
import { useUi } from '../../stores/ui';
import { Callout } from '../../ui/Field';
import { useCopyActions } from './use-copy-actions';
import { VerifyOutcome } from './VerifyOutcome';

export function CopyEntry({ copy: c, connected }: { copy: CopyInfo; connected: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const open = useUi((s) => s.open);
  const { busy, refresh, verify, verified } = useCopyActions(c);
  const target = c.target.uri;

  return (
    <article className="copy-entry stack-sm" aria-label={t('copies.on', { target })} data-testid="copy" data-copy-target={target}>
      <dl className="props">
        <dt>{t('copies.target')}</dt><dd className="mono">{target}</dd>
        <dt>{t('copies.copyVm')}</dt><dd>{c.copyVm.name}</dd>
        <dt>{t('copies.held')}</dt>
        <dd>
          {t('copies.heldCount', { count: c.snapshotCount })}
          {' · '}{c.keep === null ? t('copies.keepAll') : t('copies.keepN', { count: c.keep })}
        </dd>
        <dt>{t('copies.refreshedAt')}</dt><dd>{c.refreshedAt ? formatDate(c.refreshedAt, lang) : t('copies.neverRefreshed')}</dd>
        {c.lastBytesSent !== null && (<><dt>{t('copies.sent')}</dt><dd>{formatBytes(c.lastBytesSent, lang)}</dd></>)}
      </dl>
      {c.lastError && <Callout tone="danger" title={t('copies.lastFailure')}>{errorText(c.lastError)}</Callout>}
      {verified && <VerifyOutcome outcome={verified} target={target} />}
      <div className="row-wrap">
        <button type="button" className="btn btn-sm" disabled={!connected || busy !== null} aria-label={busy === 'refresh' ? undefined : t('copies.refreshOf', { target })} onClick={() => void refresh()}>
          {busy === 'refresh' ? t('copies.refreshing') : t('copies.refresh')}
        </button>
        <button type="button" className="btn btn-sm" disabled={busy !== null} aria-label={busy === 'verify' ? undefined : t('copies.verifyOf', { target })} onClick={() => void verify()}>
          {busy === 'verify' ? t('copies.verifying') : t('copies.verify')}
        </button>
        <button type="button" className="btn btn-sm btn-danger" disabled={busy !== null} aria-label={t('copies.removeOf', { target })} onClick={() => open({ type: 'removeCopy', copy: c })}>
          {t('copies.remove')}
        </button>
      </div>
    </article>
  );
}
