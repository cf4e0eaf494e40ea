// What a verify read back from the target, counted: files as sent, differing or missing, and
// rewritten by the target's own merges (their bytes are the target's now, not a fault).
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/error-text';
import { Callout } from '../../ui/Field';
import { verifyCounts } from './copy-rules';
import type { VerifyOutcomeState } from './use-copy-actions';

export function VerifyOutcome({ outcome, target }: { outcome: VerifyOutcomeState; target: string }) {
  const { t } = useTranslation();
  if ('error' in outcome) return <Callout tone="danger">{errorText(outcome.error)}</Callout>;
  const r = outcome.result;
  const text = r.files.length === 0 ? t('copies.verifiedNone', { target }) : t('copies.verified', { target, ...verifyCounts(r) });
  return (
    <div className={`callout callout-${r.differ > 0 ? 'danger' : 'success'}`} role="status" data-testid="verify-outcome">
      {text}
    </div>
  );
}
