// What the snapshot's detail says of copies (issue 16): for a snapshot of a copy VM, where it was
// copied from; for a source snapshot, the hosts a copy of it is on.
import { useTranslation } from 'react-i18next';
import type { SnapshotDetail } from '../../api/contract';
import { formatDate } from '../../format';
import { currentLang } from '../../i18n';

export function CopyFacts({ detail }: { detail: Pick<SnapshotDetail, 'copyOf' | 'copies'> }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const { copyOf, copies } = detail;
  return (
    <>
      {copyOf && (
        <>
          <dt>{t('detail.copyOf')}</dt>
          <dd data-testid="copy-of">{t('detail.copyOfText', { vm: copyOf.sourceVm.name, host: copyOf.sourceUri, at: formatDate(copyOf.refreshedAt, lang) })}</dd>
        </>
      )}
      {copies.length > 0 && (
        <>
          <dt>{t('detail.copiesOn')}</dt>
          <dd data-testid="copies-on">
            <ul className="plain-list">
              {copies.map((c) => <li key={c.copyId}>{t('detail.copyPlace', { host: c.targetUri, at: formatDate(c.refreshedAt, lang) })}</li>)}
            </ul>
          </dd>
        </>
      )}
    </>
  );
}
