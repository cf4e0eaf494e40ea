import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { VmSummary } from './VmSummary';
import { RUNNING_UUID, vm } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import { setLang } from '../../i18n';

afterEach(cleanup);

describe('VmSummary', () => {
  it('shows the space and files Snapvisor keeps for the VM, and the layers waiting to be merged', async () => {
    await renderWithApi(<VmSummary vm={{ ...vm('test', RUNNING_UUID, 'running'), snapvisorBytes: 3 * 2 ** 20, snapvisorFiles: 4, pendingMerges: 1 }} />);
    const text = screen.getByTestId('vm-summary').textContent!;
    expect(text).toMatch(/Snapvisor files for this VM: 3(\.0)? MiB in 4 files/);
    expect(text).toMatch(/1 deleted snapshot’s layer waiting to be merged/);
  });

  it('says when there are none, in Korean too', async () => {
    await renderWithApi(<VmSummary vm={{ ...vm('test', RUNNING_UUID, 'running'), snapvisorBytes: 0, snapvisorFiles: 0, pendingMerges: 0 }} />);
    expect(screen.getByTestId('vm-summary').textContent).toBe('Snapvisor keeps no files for this VM.');
    cleanup();
    await renderWithApi(<VmSummary vm={{ ...vm('test', RUNNING_UUID, 'running'), snapvisorBytes: 2 ** 20, snapvisorFiles: 1, pendingMerges: 2 }} />, {}, () => setLang('ko'));
    const ko = screen.getByTestId('vm-summary').textContent!;
    expect(ko).toMatch(/이 VM의 Snapvisor 파일: 1개/);
    expect(ko).toMatch(/레이어 2개가 병합을 기다리는 중/);
  });
});
