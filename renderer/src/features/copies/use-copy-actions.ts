// A copy's own actions, refresh and verify, with what they are doing now and the last verify's
// outcome. A refresh runs as a job (the dock shows its bytes and offers Cancel); its outcome is a
// toast, and the list follows from the vm.changed event the refresh ends with.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, unwrap } from '../../api/api';
import { errorText } from '../../api/error-text';
import type { ApiError, CopyInfo, CopyVerifyResult } from '../../api/contract';
import { formatBytes } from '../../format';
import { currentLang } from '../../i18n';
import { useUi } from '../../stores/ui';
import { copyRequest } from './copy-rules';

export type VerifyOutcomeState = { result: CopyVerifyResult } | { error: ApiError };

export function useCopyActions(c: CopyInfo) {
  const { t } = useTranslation();
  const toast = useUi((s) => s.toast);
  const [busy, setBusy] = useState<'refresh' | 'verify' | null>(null);
  const [verified, setVerified] = useState<VerifyOutcomeState | null>(null);

  const refresh = useCallback(async () => {
    setBusy('refresh');
    try {
      const r = await unwrap(api().copies.refresh(copyRequest(c)));
      toast('success', t('toast.copyRefreshed', { vm: r.vm.name, target: r.target, bytes: formatBytes(r.bytesSent, currentLang()) }));
    } catch (e) {
      toast('error', errorText(e));
    } finally {
      setBusy(null);
    }
  }, [c, t, toast]);

  const verify = useCallback(async () => {
    setBusy('verify');
    setVerified(null);
    try {
      setVerified({ result: await unwrap(api().copies.verify(copyRequest(c))) });
    } catch (e) {
      setVerified({ error: toApiError(e) });
    } finally {
      setBusy(null);
    }
  }, [c]);

  return { busy, refresh, verify, verified };
}
