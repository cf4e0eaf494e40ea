// "Copy to another host…": the target (a known host other than the VM's own, or a URI typed
// here, checked as hosts.add checks it) and the target's retention, then copies.refresh. A short
// refusal (same host, host unreachable) is shown here; after that the job dock carries it.
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import type { HostStatus, Vm } from '../../api/contract';
import { formatBytes } from '../../format';
import { currentLang } from '../../i18n';
import { useHosts } from '../../stores/hosts';
import { runOperation } from '../../stores/operations';
import { useUi } from '../../stores/ui';
import { Dialog } from '../../ui/Dialog';
import { Callout, FormActions, SelectField, TextField } from '../../ui/Field';
import { useSubmit } from '../../ui/use-submit';
import { OTHER_URI, copyProblems, copyTargets, refreshRequest, type CopyDraft } from './copy-rules';

export function CopyToHostDialog({ vm, host }: { vm: Vm; host: HostStatus }) {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const hosts = useHosts((s) => s.hosts);
  const targets = useMemo(() => copyTargets(hosts, host), [hosts, host]);
  const [draft, setDraft] = useState<CopyDraft>(() => ({ chosenUri: targets[0]?.uri ?? OTHER_URI, typedUri: '', keep: '' }));
  const { busy, error, run } = useSubmit();
  const problems = copyProblems(draft, host.uri);
  const patch = (p: Partial<CopyDraft>) => setDraft((d) => ({ ...d, ...p }));
  const title = t('copies.dialogTitle', { vm: vm.name });
  const options = useMemo(() => [
    ...targets.map((h) => ({ value: h.uri, label: h.name === h.uri ? h.uri : t('copies.hostOption', { name: h.name, uri: h.uri }) })),
    { value: OTHER_URI, label: t('copies.otherHost') },
  ], [targets, t]);
  const uriError = problems.uri === 'copies.sameHost' ? t('copies.sameHost', { vm: vm.name })
    : problems.uri && draft.typedUri.trim() ? t(problems.uri) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (problems.uri || problems.keep) return;
    await run(async () => {
      const request = refreshRequest(draft, { hostId: host.id, vmUuid: vm.uuid });
      await runOperation(unwrap(api().copies.refresh(request)), (r) => t('toast.copyRefreshed', { vm: r.vm.name, target: r.target, bytes: formatBytes(r.bytesSent, currentLang()) }));
      close();
    });
  }

  return (
    <Dialog title={title} onClose={close} busy={busy}>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label={title}>
        <p className="muted">{t('copies.note', { vm: vm.name })}</p>
        <SelectField label={t('copies.host')} value={draft.chosenUri} onChange={(chosenUri) => patch({ chosenUri })} options={options} autoFocus />
        {draft.chosenUri === OTHER_URI && (
          <TextField label={t('copies.uri')} value={draft.typedUri} onChange={(typedUri) => patch({ typedUri })} placeholder="qemu+ssh://admin@backup/system" hint={t('hosts.uriHint')} error={uriError} />
        )}
        {draft.chosenUri !== OTHER_URI && uriError && <Callout tone="danger">{uriError}</Callout>}
        <TextField type="number" min={1} label={t('copies.keep')} value={draft.keep} onChange={(keep) => patch({ keep })} hint={t('copies.keepHint')} error={problems.keep ? t(problems.keep) : null} />
        {error && <Callout tone="danger">{error}</Callout>}
        <FormActions>
          <button type="button" className="btn" onClick={close} disabled={busy}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={busy || Boolean(problems.uri || problems.keep)}>{busy ? t('copies.starting') : t('copies.submit')}</button>
        </FormActions>
      </form>
    </Dialog>
  );
}
