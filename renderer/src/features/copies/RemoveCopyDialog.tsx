// "Remove copy…": one confirmation naming the copy VM and the host it is on; the source VM and
// its snapshots stay as they are.
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/api';
import type { CopyInfo } from '../../api/contract';
import { runOperation } from '../../stores/operations';
import { useUi } from '../../stores/ui';
import { Dialog } from '../../ui/Dialog';
import { Callout, FormActions } from '../../ui/Field';
import { useSubmit } from '../../ui/use-submit';
import { copyRequest } from './copy-rules';

export function RemoveCopyDialog({ copy: c }: { copy: CopyInfo }) {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const { busy, error, run } = useSubmit();
  const target = c.target.uri;
  const title = t('copies.removeTitle', { target });

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await runOperation(unwrap(api().copies.remove(copyRequest(c))), () => t('toast.copyRemoved', { vm: c.source.vm.name, target }));
      close();
    });
  }

  return (
    <Dialog title={title} onClose={close} busy={busy}>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label={title}>
        <Callout tone="warning" title={t('delete.irreversibleTitle')}>
          {t('copies.removeText', { copyVm: c.copyVm.name, target, vm: c.source.vm.name })}
        </Callout>
        {error && <Callout tone="danger">{error}</Callout>}
        <FormActions>
          <button type="button" className="btn" onClick={close} disabled={busy}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-danger" disabled={busy}>{busy ? t('copies.removing') : t('copies.removeSubmit')}</button>
        </FormActions>
      </form>
    </Dialog>
  );
}
