// Korean users read Korean: every error code rendered with every placeholder its texts have —
// each token parameter with every token of its table, every other parameter a user-supplied
// value — must hold no English word but the technical names Korean writes as they are. The same
// holds for every Korean text of the app, the CLI and the shared vocabulary; and each state and
// kind has one Korean word everywhere (the seeds' vocabulary), none of its old synonyms.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode, type ErrorParams } from '../../../shared/errors';
import { ERROR_MESSAGES, formatError } from '../../../shared/error-messages';
import { MESSAGES, t } from '../../../electron/cli/messages';
import { ko } from '../../../renderer/src/i18n/ko';
import { z } from 'zod';
import { CHANNELS } from '../../../electron/ipc/contract';
import { requests } from '../../../electron/ipc/requests';
import {
  ACTION_WORDS, FIELD_WORDS, KIND_WORDS, LOCATION_WORDS, OPERATION_WORDS, OUTCOME_WORDS, REASON_WORDS, SNAPSHOT_STATE_WORDS,
  VM_STATE_WORDS, isFieldName, wordsIn, type Words,
} from '../../../shared/vocabulary';

/** What Korean writes in Latin letters: names of products, formats, units and commands. */
const TECHNICAL = new Set([
  'VM', 'CPU', 'vCPU', 'MiB', 'UUID', 'URI', 'ID', 'ISO', 'YYYY', 'MM', 'DD', 'Cron', 'cron', 'Quiesce', 'quiesce', 'QEMU', 'tar',
  'libvirt', 'libvirtd', 'virtqemud', 'Snapvisor', 'snapvisor', 'UEFI', 'qcow2', 'raw', 'polkit', 'systemd', 'systemctl', 'root',
  'sudo', 'SNAP', 'stdout', 'reconcile', 'en', 'ko', 'vda', 'SSH', 'ssh', 'sshd', 'pub', 'OpenSSH', 'IP', 'PORT', 'fingerprint', 'journalctl', 'crontab', 'virsh', 'NUL', 'KiB',
  // keys, as printed on the keyboard
  'Tab', 'Enter', 'Space', 'Escape', 'Esc', 'Delete', 'Shift', 'Home', 'End', 'PageUp', 'PageDown',
]);

/** A user-supplied value with no Latin letter, so any English left in a text is the text's own. */
const VALUE = '«값»';

/**
 * Code the text quotes is not prose: options, URIs, commands, dotted identifiers, package names,
 * placeholders of a name pattern, metavariables and environment variables, and a generated name
 * quoted as it is written (“snapshot for …”, the dependents' names, which are data).
 */
function prose(text: string): string {
  return text
    .replaceAll(VALUE, 'v')
    .replace(/\bsnapvisor( [a-z][\w-]*)+/g, ' ')
    .replace(/--[\w-]+/g, ' ')
    .replace(/\b[\w+]+:\/\/\S*/g, ' ')
    .replace(/~?\/[\w./-]+/g, ' ')
    .replace(/[“(](snapvisor|sudo|ssh|ssh-copy-id|chmod|systemctl) [^”)]*[”)]/g, ' ')
    .replace(/“[\x20-\x7e]+”/g, ' ')
    .replace(/\b\w+=/g, ' ')
    .replace(/“[^”]*…”/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\b[\w-]+(\.[\w-]+)+\b/g, ' ')
    .replace(/\b[a-z]+(-[a-z]+)+\b/g, ' ')
    .replace(/\{\w+\}/g, ' ')
    .replace(/\b[A-Z][A-Z0-9_]{2,}\b/g, ' ')
    .replace(/<[^>]+>|\[[^\]]*\]/g, ' ');
}

function englishWords(text: string): string[] {
  return [...prose(text).matchAll(/[A-Za-z][A-Za-z0-9]*/g)].map((m) => m[0]).filter((w) => !TECHNICAL.has(w) && !/^[A-Za-z]$/.test(w));
}

const TOKEN_TABLES: Record<string, Readonly<Record<string, Words>>> = {
  reason: REASON_WORDS, field: FIELD_WORDS, kind: KIND_WORDS, location: LOCATION_WORDS, existing: LOCATION_WORDS,
  state: { ...VM_STATE_WORDS, ...SNAPSHOT_STATE_WORDS }, needs: { ...VM_STATE_WORDS, ...LOCATION_WORDS }, operation: OPERATION_WORDS,
};
const NUMBERS = new Set(['min', 'max', 'count', 'limit']);

const placeholders = (template: string): string[] => [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))];

/** Every rendering of a code: all its placeholders given, each token parameter through all its tokens. */
function renderings(code: ErrorCode): { params: ErrorParams; text: string }[] {
  const keys = [...new Set([...placeholders(ERROR_MESSAGES[code].en), ...placeholders(ERROR_MESSAGES[code].ko)])];
  const base: ErrorParams = {};
  for (const k of keys) base[k] = NUMBERS.has(k) ? 42 : TOKEN_TABLES[k] ? Object.keys(TOKEN_TABLES[k])[0]! : VALUE;
  const out = [{ params: base, text: formatError(code, base, 'ko') }];
  for (const k of keys.filter((key) => TOKEN_TABLES[key])) {
    for (const token of Object.keys(TOKEN_TABLES[k]!)) {
      const params = { ...base, [k]: token };
      out.push({ params, text: formatError(code, params, 'ko') });
    }
  }
  return out;
}

function strings(tree: unknown, path = ''): [string, string][] {
  if (typeof tree === 'string') return [[path, tree]];
  if (typeof tree !== 'object' || tree === null) return [];
  return Object.entries(tree).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
}

describe('Korean without English fragments', () => {
  it.each(ERROR_CODES.map((c) => [c]))('%s in Korean, with every token and every placeholder', (code) => {
    for (const { params, text } of renderings(code)) {
      expect(englishWords(text), `${code} ${JSON.stringify(params)}: ${text}`).toEqual([]);
      // A missing parameter shows as a lone "?".
      expect(text, `${code} ${JSON.stringify(params)}`).not.toMatch(/(^|[\s(“:])\?([\s.)”,]|$)/);
    }
  });

  it('every key a request can carry is a field the vocabulary words (refusals name it)', () => {
    const keys = new Set<string>();
    for (const c of CHANNELS) {
      const schema: unknown = requests[c];
      if (schema instanceof z.ZodObject) for (const k of Object.keys(schema.shape)) keys.add(k);
    }
    expect(keys.size).toBeGreaterThan(20);
    expect([...keys].filter((k) => !isFieldName(k))).toEqual([]);
  });

  it('a token the vocabulary does not know is never shown: its optional part goes', () => {
    expect(formatError('name_invalid', { reason: 'some English sentence' as never }, 'ko')).toBe('이 이름은 쓸 수 없습니다.');
    expect(formatError('vm_wrong_state', { vm: 'db', state: 'zombie' as never }, 'ko')).not.toContain('zombie');
  });

  it('the shared vocabulary, the CLI and the app speak Korean in Korean', () => {
    const texts: [string, string][] = [
      ...Object.entries({ REASON_WORDS, FIELD_WORDS, KIND_WORDS, SNAPSHOT_STATE_WORDS, VM_STATE_WORDS, LOCATION_WORDS, OPERATION_WORDS, OUTCOME_WORDS, ACTION_WORDS })
        .flatMap(([table, words]) => Object.entries(words as Record<string, Words>).map(([k, w]): [string, string] => [`${table}.${k}`, w.ko])),
      ...Object.keys(MESSAGES).map((k): [string, string] => [`cli ${k}`, t('ko', k as keyof typeof MESSAGES, {})]),
      ...strings(ko).map(([k, v]): [string, string] => [`app ${k}`, v.replace(/\{\{\w+\}\}/g, VALUE)]),
    ];
    expect(texts.length).toBeGreaterThan(400);
    const english = texts.map(([where, text]) => [where, englishWords(text)] as const).filter(([, words]) => words.length > 0);
    expect(english).toEqual([]);
  });

  it('one Korean word per state and kind: the app’s tables are the vocabulary’s, the labels start with it', () => {
    expect(ko.vmState).toEqual(wordsIn(VM_STATE_WORDS, 'ko'));
    expect(ko.state).toEqual(wordsIn(SNAPSHOT_STATE_WORDS, 'ko'));
    expect(ko.outcome).toEqual(wordsIn(OUTCOME_WORDS, 'ko'));
    expect(ko.jobs.op).toEqual(wordsIn(OPERATION_WORDS, 'ko'));
    expect(ko.restore.after).toEqual(wordsIn(VM_STATE_WORDS, 'ko', false, ['running', 'paused', 'shutoff']));
    for (const k of Object.keys(KIND_WORDS) as (keyof typeof KIND_WORDS)[]) {
      expect(ko.kind[k].short).toBe(KIND_WORDS[k].ko);
      expect(ko.kind[k].label.startsWith(KIND_WORDS[k].ko), k).toBe(true);
    }
    for (const l of ['internal', 'external'] as const) expect(ko.location[l].startsWith(LOCATION_WORDS[l].ko), l).toBe(true);
  });

  it('no old synonym of a state, a kind or a thing remains anywhere in Korean', () => {
    const all = [
      ...Object.values(ERROR_MESSAGES).map((m) => m.ko),
      ...Object.values(MESSAGES).map((m) => m.ko),
      ...strings(ko).map(([, v]) => v),
    ].join('\n');
    // shut off, paused, cold, hot, ready, protected, schedule, reconcile, kind, parent, children,
    // unmanaged, delete failed, comment: the words the app and the CLI used to disagree on.
    // (꺼짐 stays for a switch that is off, such as the timer's: the VM's state is 중지됨.)
    for (const old of [/일시 정지/, /콜드/, /핫\(/, /준비됨/, /삭제 방지/, /일정/, /조정/, /종류/, /부모/, /자식/, /관리되지 않음/, /삭제 실패/, /메모(?!리)/]) {
      expect(all, String(old)).not.toMatch(old);
    }
  });
});
