// "Import…": an export file (chosen in the system's open dialog, never typed) onto the connected
// host, with an optional name for the new VM; "Check only" reads the file through and verifies
// every checksum without writing anything. An import and a check run as jobs (the dock shows
// their bytes and offers Cancel); the new VM arrives in the sidebar by the vm.changed event the
// import ends with.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import type { ExportSummary, HostStatus } from '../../api/contract';
import { nameProblemText } from '../../api/problem-text';
import { formatBytes } from '../../format';
import { currentLang } from '../../i18n';
import { runOperation } from '../../stores/operations';
import { useUi } from '../../stores/ui';
import { useHostVms } from '../../stores/vms';
import { Dialog } from '../../ui/Dialog';
import { Callout, Checkbox, FormActions, TextField } from '../../ui/Field';
import { useSubmit } from '../../ui/use-submit';
import { importProblems, importRequest, type ImportDraft } from './export-rules';

export function ImportDialog({ host }: { host: HostStatus }) {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const vms = useHostVms(host.id);
  const fileLabelId = useId();
  const [draft, setDraft] = useState<ImportDraft>({ file: null, name: '', checkOnly: false });
  const [checked, setChecked] = useState<ExportSummary | null>(null);
  const { busy, error, run } = useSubmit();
  const problems = importProblems(draft, vms.map((v) => v.name));
  const patch = (p: Partial<ImportDraft>) => {
    setDraft((d) => ({ ...d, ...p }));
    if (p.file !== undefined) setChecked(null);
  };
  const title = t('exports.importTitle', { host: host.name });
  const nameError = !problems.name ? null : problems.name === 'taken' ? t('exports.nameTaken') : nameProblemText(problems.name);

  async function choose() {
    await run(async () => {
      const picked = await unwrap(api().app.pickFile({ mode: 'open' }));
      if (picked) patch({ file: picked.path });
    });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (draft.file === null || problems.file || problems.name) return;
    const file = draft.file;
    await run(async () => {
      if (draft.checkOnly) {
        setChecked(await unwrap(api().exports.check({ hostId: host.id, file })));
        return;
      }
      await runOperation(unwrap(api().exports.importVm(importRequest({ ...draft, file }, host.id))), (r) =>
        t('toast.imported', { vm: r.vm.name, count: r.snapshots.length, size: formatBytes(r.bytes, currentLang()) }));
      close();
    });
  }

  return (
    <Dialog title={title} onClose={close} busy={busy}>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label={title}>
        <p className="muted">{t('exports.importNote', { host: host.name })}</p>
        <div className="field">
          <span id={fileLabelId} className="field-label">{t('exports.file')}</span>
          <div className="row">
            <output aria-labelledby={fileLabelId} className={draft.file ? 'mono import-file' : 'muted'} data-testid="import-file">{draft.file ?? t('exports.noFile')}</output>
            <span className="spacer" />
            <button type="button" className="btn" onClick={() => void choose()} disabled={busy} data-autofocus>
              {draft.file ? t('exports.chooseAgain') : t('exports.choose')}
            </button>
          </div>
        </div>
        <Checkbox label={t('exports.checkOnly')} hint={t('exports.checkOnlyHint')} checked={draft.checkOnly} onChange={(checkOnly) => patch({ checkOnly })} />
        {!draft.checkOnly && (
          <TextField label={t('exports.name')} value={draft.name} onChange={(name) => patch({ name })} hint={t('exports.nameHint')} error={nameError} />
        )}
        {checked && (
          <Callout tone="success">
            {t('exports.sound', {
              vm: checked.vm.name, host: checked.source.hostname, count: checked.snapshots.length, files: checked.fileCount,
              size: formatBytes(checked.bytes, currentLang()),
            })}
          </Callout>
        )}
        {error && <Callout tone="danger">{error}</Callout>}
        <FormActions>
          <button type="button" className="btn" onClick={close} disabled={busy}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={busy || Boolean(problems.file || problems.name)}>
            {busy ? t(draft.checkOnly ? 'exports.checking' : 'exports.starting') : t(draft.checkOnly ? 'exports.check' : 'exports.submit')}
          </button>
        </FormActions>
      </form>
    </Dialog>
  );
}
