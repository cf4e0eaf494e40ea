import { useTranslation } from 'react-i18next';
import type { HostStatus, Snapshot, SnapshotDetail } from '../../api/contract';
import { formatBytes, formatDate } from '../../format';
import { currentLang } from '../../i18n';
import { useHostSnapshots } from '../../stores/snapshots';
import { useUi } from '../../stores/ui';
import { CopyFacts } from './CopyFacts';

export function OverviewTab({ snapshot: s, detail, thumbnail, host }: { snapshot: Snapshot; detail: SnapshotDetail | null; thumbnail: string | null; host: HostStatus }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const all = useHostSnapshots(host.id);
  const select = useUi((st) => st.selectSnapshot);
  const parent = s.parentId ? all.find((r) => r.id === s.parentId) : null;
  const owner = s.dependentOf ? all.find((r) => r.id === s.dependentOf) : null;

  return (
    <div className="stack">
      {thumbnail && <img className="thumbnail" src={thumbnail} alt={t('detail.thumbnail', { name: s.name })} />}
      <dl className="props">
        <dt>{t('detail.name')}</dt><dd>{s.name}</dd>
        <dt>{t('detail.id')}</dt><dd className="mono">{s.id}</dd>
        <dt>{t('detail.description')}</dt><dd>{s.description || <span className="faint">{t('detail.noDescription')}</span>}</dd>
        <dt>{t('detail.kind')}</dt><dd>{t(`kind.${s.kind}.label`)} · {t(`location.${s.location}`)}{s.quiesced ? ` · ${t('detail.quiesced')}` : ''}<div className="field-hint">{t(`kind.${s.kind}.explain`)}</div></dd>
        <dt>{t('detail.state')}</dt><dd>{t(`state.${s.state}`)}{s.error ? ` — ${s.error}` : ''}</dd>
        <dt>{t('detail.vm')}</dt><dd>{s.vm.name}<br /><span className="mono faint">{s.vm.uuid}</span></dd>
        <dt>{t('detail.parent')}</dt>
        <dd>{parent ? <button type="button" className="btn btn-ghost btn-sm" onClick={() => select(parent.id)}>{parent.name}</button> : <span className="faint">{t('detail.noParent')}</span>}</dd>
        {owner && (<><dt>{t('detail.dependentOf')}</dt><dd><button type="button" className="btn btn-ghost btn-sm" onClick={() => select(owner.id)}>{owner.name}</button></dd></>)}
        <dt>{t('detail.created')}</dt><dd>{formatDate(s.createdAt, lang, true)}</dd>
        {s.expiresAt && (<><dt>{t('detail.expires')}</dt><dd>{formatDate(s.expiresAt, lang)}</dd></>)}
        <dt>{t('detail.origin')}</dt><dd>{t(`origin.${s.origin}`)}</dd>
        <dt>{t('detail.size')}</dt><dd>{formatBytes(s.sizeBytes, lang)}</dd>
        <dt>{t('detail.diskList')}</dt><dd>{s.disks.map((d) => d.target).join(', ') || '—'}</dd>
        {s.memoryFile && (<><dt>{t('detail.memoryFile')}</dt><dd className="mono">{s.memoryFile}</dd></>)}
        {detail && <CopyFacts detail={detail} />}
      </dl>
      {detail && detail.children.length > 0 && (
        <div className="stack-sm">
          <h3>{t('detail.children')}</h3>
          <ul className="tree-list">{detail.children.map((c) => <li key={c.id}><button type="button" className="tree-item" onClick={() => select(c.id)}><span className="name">{c.name}</span></button></li>)}</ul>
        </div>
      )}
      {detail && detail.dependents.length > 0 && (
        <div className="stack-sm">
          <h3>{t('detail.dependents')}</h3>
          <ul className="tree-list">{detail.dependents.map((c) => <li key={c.id}><button type="button" className="tree-item" onClick={() => select(c.id)}><span className="name">{c.name}</span></button></li>)}</ul>
        </div>
      )}
    </div>
  );
}

export function DisksTab({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const lang = currentLang();
  if (snapshot.disks.length === 0) return <p className="muted">{t('detail.noDisks')}</p>;
  return (
    <div className="stack">
      {snapshot.disks.map((d) => (
        <div key={d.target} className="stack-sm">
          <h3>{d.target} <span className="muted">· {t(`location.${d.location}`)}{d.format ? ` · ${d.format}` : ''} · {formatBytes(d.sizeBytes, lang)}</span></h3>
          <dl className="props">
            <dt>{t('detail.snapshotFile')}</dt><dd className="mono">{d.file ?? '—'}</dd>
            {d.overlay && (<><dt>{t('detail.overlay')}</dt><dd className="mono">{d.overlay}</dd></>)}
            <dt>{t('detail.chain')}</dt>
            <dd className="mono">{[d.overlay, d.file].filter(Boolean).join(' → ') || '—'}</dd>
          </dl>
        </div>
      ))}
    </div>
  );
}
