import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/errors';
import { ERROR_MESSAGES, LANGUAGES, formatError, langFromLocale } from '../../../shared/error-messages';
import { MESSAGES } from '../../../electron/cli/messages';

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

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
    expect(formatError('name_taken', { name: 'before-upgrade' }, 'en')).toBe('The name “before-upgrade” is already taken; choose another one.');
    expect(formatError('name_taken', { name: 'before-upgrade' }, 'ko')).toBe('“before-upgrade” 이름이 이미 쓰이고 있습니다. 다른 이름을 고르세요.');
    expect(formatError('name_too_long', { max: 200 }, 'en')).toBe('The name is too long: at most 200 characters.');
  });

  it('shows an optional part only when all its parameters are given', () => {
    expect(formatError('vm_not_found', {}, 'en')).toBe('No such VM on this host.');
    expect(formatError('vm_not_found', { vm: 'web-1' }, 'en')).toBe('No such VM on this host: “web-1”.');
    expect(formatError('vm_wrong_state', { vm: 'db', state: 'running' }, 'en')).toBe('The VM “db” is not in the right state for this: it is running.');
  });

  it('says the services\' machine tokens in words, in the chosen language', () => {
    expect(formatError('vm_wrong_state', { kind: 'cold', state: 'running', needs: 'shutoff' }, 'ko'))
      .toBe('VM이(가) 이 작업을 할 수 있는 상태가 아닙니다. 현재 상태: 실행 중. 정지 스냅샷에는 중지됨 상태가 필요합니다.');
    expect(formatError('name_invalid', { field: 'name', reason: 'control_characters' }, 'en'))
      .toBe('This name cannot be used: it contains control characters.');
  });

  it('never shows a raw placeholder when a required parameter is missing', () => {
    expect(formatError('mixed_chain', {}, 'en')).toMatch(/^A \? snapshot cannot be taken of the VM:/);
  });

  it('does not read placeholders or brackets inside parameter values', () => {
    expect(formatError('libvirt_error', { detail: 'bad {name} [x]' }, 'en')).toBe('libvirt reported an error: bad {name} [x].');
  });
});

describe('langFromLocale', () => {
  it.each([
    ['ko_KR.UTF-8', 'ko'], ['ko', 'ko'], ['ko-KR', 'ko'], ['en_US.UTF-8', 'en'], ['C.UTF-8', 'en'], ['kok_IN', 'en'], [undefined, 'en'], ['', 'en'],
  ])('%s → %s', (locale, lang) => {
    expect(langFromLocale(locale)).toBe(lang);
  });
});

describe('CLI messages', () => {
  it.each(Object.entries(MESSAGES))('%s exists in both languages with the same placeholders', (_key, messages) => {
    for (const lang of LANGUAGES) expect(messages[lang].trim().length).toBeGreaterThan(0);
    expect(placeholders(messages.ko)).toEqual(placeholders(messages.en));
  });
});
