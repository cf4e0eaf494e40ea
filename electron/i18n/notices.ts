// The main process's own words: desktop notifications, in English and Korean.
import type { Lang } from '../../shared/error-messages';

export const NOTICE_TEXT = {
  scheduleFailed: { en: 'Scheduled snapshot failed', ko: '예약 스냅샷 실패' },
} as const satisfies Record<string, Record<Lang, string>>;
