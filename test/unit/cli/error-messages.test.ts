import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../electron/services/errors';
import { ERROR_MESSAGES, LANGUAGES, formatError, langFromLocale } from '../../../electron/i18n/errors';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('error messages', () => {
  it.each([...ERROR_CODES])('%s has an English and a Korean message with the same placeholders', (code) => {
    const messages = (ERROR_MESSAGES as Partial<typeof ERROR_MESSAGES>)[code];
    expect(messages, `no messages for ${code}`).toBeDefined();
    for (const lang of LANGUAGES) expect(messages![lang]?.trim().length ?? 0, `${code} in ${lang}`).toBeGreaterThan(0);
    expect(messages!.ko).toMatch(/[\uAC00-\uD7A3]/);
    expect(placeholders(messages!.ko)).toEqual(placeholders(messages!.en));
  });

  it('has no messages for codes that do not exist', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('interpolates parameters in either language', () => {
    expect(formatError('name_taken', { name: 'before-upgrade' }, 'en')).toBe('A snapshot named “before-upgrade” already exists for this VM.');
    expect(formatError('name_taken', { name: 'before-upgrade' }, 'ko')).toBe('이 VM에 “before-upgrade” 이름의 스냅샷이 이미 있습니다.');
    expect(formatError('name_too_long', { max: 100 }, 'en')).toContain('at most 100 characters');
  });

  it('never shows a raw placeholder when a parameter is missing', () => {
    expect(formatError('vm_not_found', {}, 'en')).toBe('No VM “?” on this host.');
  });

  it('leaves braces inside parameter values alone', () => {
    expect(formatError('libvirt_error', { message: 'bad {name}' }, 'en')).toBe('libvirt reported an error: bad {name}');
  });
});

describe('langFromLocale', () => {
  it.each([
    ['ko_KR.UTF-8', 'ko'], ['ko', 'ko'], ['ko-KR', 'ko'], ['en_US.UTF-8', 'en'], ['C.UTF-8', 'en'], ['kok_IN', 'en'], [undefined, 'en'], ['', 'en'],
  ])('%s → %s', (locale, lang) => {
    expect(langFromLocale(locale)).toBe(lang);
  });
});
