import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { CopyVerifyResult } from '../../api/contract';
import { demoHost } from '../../test/fake-api';
import { setLang } from '../../i18n';
import { OTHER_URI, copyProblems, copyTargets, refreshRequest, verifyCounts } from './copy-rules';
import { VerifyOutcome } from './VerifyOutcome';

afterEach(cleanup);

const own = demoHost();
const other = { ...demoHost(), id: 'b', uri: 'qemu+ssh://admin@backup/system', name: 'backup' };
const sameUri = { ...demoHost(), id: 'c', name: 'the same, added twice' };

const verify = (states: CopyVerifyResult['files'][number]['state'][]): CopyVerifyResult => ({
  vm: { name: 'web', uuid: 'u' }, target: other.uri, copyVm: { name: 'web', uuid: 'c' },
  files: states.map((state, i) => ({ file: `/f${i}`, state, expected: null, actual: null, bytes: null })),
  differ: states.filter((s) => s === 'differs' || s === 'missing').length,
});

describe('copy rules', () => {
  it('a copy goes to any known host but the VM’s own, by id or by URI', () => {
    expect(copyTargets([own, other, sameUri], own)).toEqual([other]);
  });

  it('the form lets through what main takes: a URI, not the VM’s own host, keep empty or at least 1', () => {
    const draft = { chosenUri: OTHER_URI, typedUri: '', keep: '' };
    expect(copyProblems(draft, own.uri)).toEqual({ uri: 'copies.uriInvalid' });
    expect(copyProblems({ ...draft, typedUri: 'backup' }, own.uri)).toEqual({ uri: 'copies.uriInvalid' });
    expect(copyProblems({ ...draft, typedUri: ` ${own.uri} ` }, own.uri)).toEqual({ uri: 'copies.sameHost' });
    expect(copyProblems({ ...draft, typedUri: other.uri, keep: '0' }, own.uri)).toEqual({ keep: 'copies.keepInvalid' });
    expect(copyProblems({ ...draft, typedUri: other.uri, keep: '2.5' }, own.uri)).toEqual({ keep: 'copies.keepInvalid' });
    expect(copyProblems({ chosenUri: other.uri, typedUri: 'ignored', keep: '7' }, own.uri)).toEqual({});
  });

  it('the request carries keep only when one is typed (else a copy that exists keeps its own)', () => {
    const source = { hostId: own.id, vmUuid: 'u' };
    expect(refreshRequest({ chosenUri: other.uri, typedUri: '', keep: '' }, source)).toEqual({ ...source, to: other.uri });
    expect(refreshRequest({ chosenUri: OTHER_URI, typedUri: ` ${other.uri}`, keep: ' 3 ' }, source)).toEqual({ ...source, to: other.uri, keep: 3 });
  });

  it('a verify is counted as read: missing files differ, rewritten ones are the target’s own merges', () => {
    expect(verifyCounts(verify(['ok', 'ok', 'differs', 'missing', 'rewritten']))).toEqual({ ok: 2, differ: 2, rewritten: 1 });
  });

  it('shows a verify that found differences as a problem, in both languages', () => {
    setLang('en');
    render(<VerifyOutcome outcome={{ result: verify(['ok', 'differs', 'rewritten']) }} target={other.uri} />);
    const shown = screen.getByTestId('verify-outcome');
    expect(shown.textContent).toBe(`Read back from ${other.uri}: 1 file(s) as sent, 1 differ or missing, 1 rewritten by the target’s own merges.`);
    expect(shown.className).toContain('callout-danger');
    cleanup();
    setLang('ko');
    render(<VerifyOutcome outcome={{ result: verify(['ok', 'rewritten']) }} target={other.uri} />);
    expect(screen.getByTestId('verify-outcome').textContent).toBe(`${other.uri}에서 다시 읽음: 보낸 그대로인 파일 1개, 다르거나 없는 파일 0개, 대상 호스트의 병합으로 다시 쓰인 파일 1개.`);
    expect(screen.getByTestId('verify-outcome').className).toContain('callout-success');
    setLang('en');
  });
});
