import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import { errorText } from '../../api/error-text';
import { useSubmit } from '../../ui/use-submit';
import type { LocalSshKey, Snapshot, VmNetwork } from '../../api/contract';
import { Dialog } from '../../ui/Dialog';
import { Callout, Checkbox, FormActions, SelectField, TextField } from '../../ui/Field';
import { runOperation } from '../../stores/operations';
import { useUi } from '../../stores/ui';
import { useHostVms } from '../../stores/vms';
import { WIZARD_STEPS, draftHostname, draftKeyCount, draftKeyTexts, draftProblems, wantsSeed, type DraftProblems, type NewVmDraft, type WizardStep } from './restore-as-new-rules';
import { RULES } from '../../../../shared/rules';
import { nameProblemText, problemText } from '../../api/problem-text';

/**
 * Restore as a new VM: name → vCPUs and memory → network → extra settings (protection; host name,
 * SSH keys and init script for guests that run cloud-init) → review. The source VM is untouched.
 */
export function RestoreAsNewWizard({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const vms = useHostVms(snapshot.hostId);
  const source = vms.find((v) => v.uuid === snapshot.vm.uuid);
  const [step, setStep] = useState<WizardStep>('name');
  const [draft, setDraft] = useState<NewVmDraft>({
    name: `${snapshot.vm.name}-restored`,
    vcpus: String(source?.vcpus ?? 1),
    memoryMiB: String(source?.memoryMiB ?? 512),
    network: '',
    start: false,
    protect: false,
    hostname: '',
    sshKeys: '',
    initScript: '',
  });
  const [networks, setNetworks] = useState<VmNetwork[] | null>(null);
  const [networkError, setNetworkError] = useState<string | null>(null);
  const [localKeys, setLocalKeys] = useState<LocalSshKey[]>([]);
  const [localKeysError, setLocalKeysError] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const { busy, error, run } = useSubmit();

  useEffect(() => {
    let live = true;
    unwrap(api().vms.networks({ hostId: snapshot.hostId })).then(
      (list) => {
        if (!live) return;
        setNetworks(list);
        const first = list.find((n) => n.active);
        setDraft((d) => (d.network === '' && first ? { ...d, network: first.name } : d));
      },
      (e: unknown) => {
        if (!live) return;
        // Without the list the VM can still be made, with no interface; the reason is shown.
        setNetworks([]);
        setNetworkError(errorText(e));
      },
    );
    return () => { live = false; };
  }, [snapshot.hostId]);

  useEffect(() => {
    let live = true;
    // Without the list the keys can still be pasted: a failure says so, and leaves nothing to pick.
    unwrap(api().app.sshPublicKeys()).then((list) => { if (live) setLocalKeys(list); }, (e: unknown) => { if (live) setLocalKeysError(errorText(e)); });
    return () => { live = false; };
  }, []);

  const picked = draft.pickedKeys ?? [];
  const problems = draftProblems(draft, step, vms.map((v) => v.name));
  const valid = Object.keys(problems).length === 0;
  const index = WIZARD_STEPS.indexOf(step);
  const patch = (p: Partial<NewVmDraft>) => setDraft((d) => ({ ...d, ...p }));
  const text = (key: keyof DraftProblems): string | null => {
    const p = problems[key];
    if (p === undefined) return null;
    if (key === 'vcpus') return t('restoreAsNew.vcpusInvalid', { min: RULES.vcpus.min, max: RULES.vcpus.max });
    if (key === 'memoryMiB') return t('restoreAsNew.memoryInvalid', { min: RULES.memoryMiB.min, max: RULES.memoryMiB.max });
    if (p === 'taken') return t('restoreAsNew.nameTaken');
    return key === 'name' ? nameProblemText(p) : problemText(p);
  };
  const shown = (key: keyof DraftProblems) => (attempted ? text(key) : null);

  function next() {
    setAttempted(true);
    if (!valid) return;
    setAttempted(false);
    setStep(WIZARD_STEPS[index + 1]!);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (step !== 'review') return next();
    setAttempted(true);
    if (!valid) return;
    await run(async () => {
      const request = {
        id: snapshot.id, name: draft.name.trim(), vcpus: Number(draft.vcpus), memoryMiB: Number(draft.memoryMiB),
        network: draft.network || null, start: draft.start, protect: draft.protect,
        ...(wantsSeed(draft) ? {
          hostname: draftHostname(draft) ?? draft.hostname,
          ...(draftKeyTexts(draft).length ? { sshKeys: draftKeyTexts(draft) } : {}),
          ...(draft.initScript ? { initScript: draft.initScript } : {}),
        } : {}),
      };
      await runOperation(unwrap(api().snapshots.restoreAsNew(request)), (vm) => t('toast.restoredAsNew', { vm: vm.name }));
      close();
    });
  }

  return (
    <Dialog title={t('restoreAsNew.title')} onClose={close} busy={busy} wide step={step} description={t('restoreAsNew.intro', { name: snapshot.name, vm: snapshot.vm.name })}>
      <ol className="steps" aria-label={t('restoreAsNew.steps')}>
        {WIZARD_STEPS.map((s, i) => (
          <li key={s} aria-current={s === step ? 'step' : undefined} className={i < index ? 'done' : undefined}>{i + 1}. {t(`restoreAsNew.step.${s}`)}</li>
        ))}
      </ol>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label={t('restoreAsNew.title')} noValidate>
        {step === 'name' && (
          <TextField label={t('restoreAsNew.name')} value={draft.name} onChange={(name) => patch({ name })} error={shown('name')} hint={t('restoreAsNew.nameHint')} autoFocus />
        )}
        {step === 'resources' && (
          <>
            <TextField type="number" min={RULES.vcpus.min} max={RULES.vcpus.max} label={t('restoreAsNew.vcpus')} value={draft.vcpus} onChange={(vcpus) => patch({ vcpus })} error={shown('vcpus')} hint={source ? t('restoreAsNew.sourceHas', { value: source.vcpus }) : undefined} autoFocus />
            <TextField type="number" min={RULES.memoryMiB.min} max={RULES.memoryMiB.max} label={t('restoreAsNew.memory')} value={draft.memoryMiB} onChange={(memoryMiB) => patch({ memoryMiB })} error={shown('memoryMiB')} hint={source ? t('restoreAsNew.sourceHas', { value: `${source.memoryMiB} MiB` }) : undefined} />
            {snapshot.kind === 'memory' && <Callout tone="info">{t('restoreAsNew.memoryKindNote')}</Callout>}
          </>
        )}
        {step === 'network' && (
          networks === null ? <p className="muted" role="status">{t('common.loading')}</p> : (
            <>
              <SelectField
                label={t('restoreAsNew.network')}
                value={draft.network}
                onChange={(network) => patch({ network })}
                options={[
                  ...networks.map((n) => ({ value: n.name, label: n.active ? n.name : t('restoreAsNew.networkInactive', { name: n.name }) })),
                  { value: '', label: t('restoreAsNew.noNetwork') },
                ]}
                hint={t('restoreAsNew.networkHint')}
                autoFocus
              />
              {networkError && <Callout tone="warning">{networkError}</Callout>}
            </>
          )
        )}
        {step === 'extra' && (
          <>
            <Checkbox label={t('restoreAsNew.protect')} checked={draft.protect} onChange={(protect) => patch({ protect })} hint={t('restoreAsNew.protectHint')} />
            <Callout tone="info">{t('restoreAsNew.cloudInitNote')}</Callout>
            <TextField label={t('restoreAsNew.hostname')} value={draft.hostname} onChange={(hostname) => patch({ hostname })} error={shown('hostname')}
              placeholder={draftHostname({ ...draft, hostname: '' }) ?? ''} hint={t('restoreAsNew.hostnameHint')} />
            {localKeysError && <Callout tone="warning">{t('restoreAsNew.localKeysUnreadable', { reason: localKeysError })}</Callout>}
            {localKeys.length > 0 && (
              <fieldset className="stack" aria-label={t('restoreAsNew.localKeys')}>
                <legend>{t('restoreAsNew.localKeys')}</legend>
                {localKeys.map((k) => (
                  <Checkbox key={k.file} label={k.file} checked={picked.includes(k)}
                    onChange={(on) => patch({ pickedKeys: on ? [...picked, k] : picked.filter((p) => p !== k) })} />
                ))}
              </fieldset>
            )}
            <TextField multiline label={t('restoreAsNew.sshKeys')} value={draft.sshKeys} onChange={(sshKeys) => patch({ sshKeys })} error={shown('sshKeys')} hint={t('restoreAsNew.sshKeysHint')} />
            <TextField multiline label={t('restoreAsNew.initScript')} value={draft.initScript} onChange={(initScript) => patch({ initScript })} error={shown('initScript')} hint={t('restoreAsNew.initScriptHint')} />
          </>
        )}
        {step === 'review' && (
          <>
            <dl className="props" aria-label={t('restoreAsNew.step.review')}>
              <dt>{t('restoreAsNew.name')}</dt><dd>{draft.name}</dd>
              <dt>{t('restoreAsNew.vcpus')}</dt><dd>{draft.vcpus}</dd>
              <dt>{t('restoreAsNew.memory')}</dt><dd>{draft.memoryMiB} MiB</dd>
              <dt>{t('restoreAsNew.network')}</dt><dd>{draft.network || t('restoreAsNew.noNetwork')}</dd>
              <dt>{t('restoreAsNew.protect')}</dt><dd>{draft.protect ? t('common.yes') : t('common.no')}</dd>
              {wantsSeed(draft) && (
                <>
                  <dt>{t('restoreAsNew.hostname')}</dt><dd>{draftHostname(draft)}</dd>
                  <dt>{t('restoreAsNew.sshKeys')}</dt><dd>{t('restoreAsNew.keyCount', { count: draftKeyCount(draft) })}{picked.length > 0 && ` (${t('restoreAsNew.keysFrom', { files: picked.map((k) => k.file).join(', ') })})`}</dd>
                  <dt>{t('restoreAsNew.initScript')}</dt><dd>{draft.initScript ? t('restoreAsNew.scriptLines', { count: draft.initScript.split('\n').length }) : t('common.no')}</dd>
                </>
              )}
              <dt>{t('restoreAsNew.from')}</dt><dd>{snapshot.name} ({snapshot.vm.name})</dd>
            </dl>
            {wantsSeed(draft) && <Callout tone="info">{t('restoreAsNew.cloudInitNote')}</Callout>}
            <Callout tone="info">{t('restoreAsNew.thin')}</Callout>
            <Checkbox label={t('restoreAsNew.start')} checked={draft.start} onChange={(start) => patch({ start })} />
            {(Object.keys(problems) as (keyof DraftProblems)[]).map((k) => <div key={k} className="field-error" role="alert">{text(k)}</div>)}
          </>
        )}
        {error && <Callout tone="danger">{error}</Callout>}
        <FormActions>
          <button type="button" className="btn" onClick={close} disabled={busy}>{t('common.cancel')}</button>
          {index > 0 && <button type="button" className="btn" onClick={() => { setAttempted(false); setStep(WIZARD_STEPS[index - 1]!); }} disabled={busy}>{t('common.back')}</button>}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {step === 'review' ? (busy ? t('restoreAsNew.creating') : t('restoreAsNew.submit')) : t('common.next')}
          </button>
        </FormActions>
      </form>
    </Dialog>
  );
}
