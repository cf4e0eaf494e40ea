// Both languages complete: the same keys, no empty texts, the same {{placeholders}}, and every
// key the code asks for (literal t('…') calls and the vocabularies behind template keys) exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render, screen, cleanup } from '@testing-library/react';
import { useTranslation } from 'react-i18next';
import { en } from './en';
import { ko } from './ko';
import { i18next, setLang } from './index';
import { SNAPSHOT_KINDS as KINDS, SNAPSHOT_STATES as STATES, VM_STATES } from '../../../shared/vocabulary';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const EN = flatten(en);
const KO = flatten(ko);
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const PLURAL = /_(zero|one|two|few|many|other)$/;
const exists = (key: string) => EN.has(key) || EN.has(`${key}_other`);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'test' || name === 'i18n' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.spec\.tsx$/.test(name) ? [path] : [];
  });
}

describe('i18n', () => {
  it('Korean has exactly the keys English has', () => {
    expect([...KO.keys()].filter((k) => !EN.has(k))).toEqual([]);
    expect([...EN.keys()].filter((k) => !KO.has(k))).toEqual([]);
  });

  it('no text is empty, and both languages use the same placeholders', () => {
    for (const [key, text] of EN) {
      expect(text.trim(), key).not.toBe('');
      expect(KO.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(KO.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('every literal key used in the code exists', () => {
    const root = join(import.meta.dirname, '..');
    const missing: string[] = [];
    for (const file of sources(root)) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) if (!exists(m[1]!)) missing.push(`${file}: ${m[1]}`);
      for (const m of code.matchAll(/'((?:columns|schedules|restoreAsNew|validation|toast|list|copies)\.[a-zA-Z0-9_.]+)'/g)) {
        if (!exists(m[1]!)) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every kind, snapshot state and VM state has a label', () => {
    for (const k of KINDS) expect(exists(`kind.${k}.label`) && exists(`kind.${k}.explain`), k).toBe(true);
    for (const s of STATES) expect(exists(`state.${s}`), s).toBe(true);
    for (const s of VM_STATES) expect(exists(`vmState.${s}`), s).toBe(true);
  });

  it('plural keys come in complete sets', () => {
    for (const key of EN.keys()) {
      const base = key.replace(PLURAL, '');
      if (base !== key) expect(EN.has(`${base}_other`), key).toBe(true);
    }
  });

  it('switches language at run time and remembers the choice', () => {
    function Probe() {
      const { t } = useTranslation();
      return <p>{t('nav.snapshots')}</p>;
    }
    setLang('en');
    render(<Probe />);
    expect(screen.getByText('Snapshots')).toBeTruthy();
    setLang('ko');
    expect(i18next.language).toBe('ko');
    expect(localStorage.getItem('snapvisor.lang')).toBe('ko');
    cleanup();
    render(<Probe />);
    expect(screen.getByText('스냅샷')).toBeTruthy();
    setLang('en');
    cleanup();
  });
});
