import { describe, expect, it } from 'vitest';
import { formatSize, userLocale } from '../../../electron/cli/output/locale';
import { displayWidth, printable, renderFields, renderTable } from '../../../electron/cli/output/text';
import { createProgressBar, progressLine, type ProgressOut } from '../../../electron/cli/progress';
import type { Job } from '../../../shared/model';

describe('terminal text', () => {
  it('counts Hangul as two columns and aligns tables by display width', () => {
    expect(displayWidth('스냅샷')).toBe(6);
    expect(displayWidth('snap')).toBe(4);
    const table = renderTable(['이름', 'SIZE'], [['스냅샷-1', '1 GiB'], ['x', '']]).split('\n');
    expect(table).toEqual(['이름      SIZE', '스냅샷-1  1 GiB', 'x']);
  });

  it('neutralises control characters, so a name cannot send escape sequences', () => {
    expect(printable('a\x1b[2Jb\nc\u0007')).toBe('a?[2Jb c?');
    expect(renderFields([['Name', 'x\ty'], ['Description', '']])).toBe('Name:        x y\nDescription: ');
  });
});

describe('sizes and locales', () => {
  it.each([[0, '0 B'], [1023, '1,023 B'], [1536, '1.5 KiB'], [10 * 1024 ** 3, '10 GiB'], [123.4 * 1024 ** 2, '123 MiB'], [5.55 * 1024 ** 5, '5.5 PiB'], [null, '']])('%s → %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });

  it('takes the region from the environment when it agrees with the language', () => {
    expect(userLocale('en', { LANG: 'en_GB.UTF-8' })).toBe('en-GB');
    expect(userLocale('ko', { LC_ALL: 'ko_KR.UTF-8' })).toBe('ko-KR');
    expect(userLocale('ko', { LANG: 'en_GB.UTF-8' })).toBe('ko-KR');
    expect(userLocale('en', { LANG: 'C' })).toBe('en-US');
  });
});

describe('progress line', () => {
  const job: Job = {
    id: 'j', hostId: 'h', vmUuid: 'u', vmName: 'web', operation: 'create', snapshotId: null, state: 'running', queueReason: null,
    progress: 0.5, processedBytes: null, totalBytes: null, cancellable: true, startedAt: null, finishedAt: null, error: null,
  };

  it('shows a bar and a percentage, a sweep when indeterminate, the reason when queued', () => {
    expect(progressLine(job, 'en', 0)).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}]  50%  taking snapshot web`);
    expect(progressLine({ ...job, progress: null }, 'en', 3)).toMatch(/^\[ {3}###\s+\] {2}taking snapshot web$/);
    expect(progressLine({ ...job, state: 'queued', queueReason: { waitingFor: 'revert' } }, 'ko', 0)).toBe('스냅샷 생성 web  web의 “복원” 작업을 기다리는 중');
    expect(progressLine({ ...job, state: 'queued', queueReason: { waitingFor: null } }, 'en', 0)).toBe('taking snapshot web  waiting for another job on web');
  });

  it('draws the whole line on a terminal that reports no width (0 columns), and cuts it to one that does', () => {
    const drawn = (columns: number | undefined): string => {
      let out = '';
      const terminal: ProgressOut = { columns, write: (s: string) => { out += s; } };
      const bar = createProgressBar(terminal, 'en');
      bar.update(job);
      return out;
    };
    expect(drawn(0)).toBe(progressLine(job, 'en', 0));
    expect(drawn(undefined)).toBe(progressLine(job, 'en', 0));
    expect(drawn(21)).toBe(progressLine(job, 'en', 0).slice(0, 20));
  });
});
