// Whether a recorded schedule run deserves a desktop notification, and what it says. A failure
// is announced once: a schedule failing the same way at every run (a VM left running for a cold
// schedule) is not news every five minutes; a success, or a different failure, is. Failures
// recorded before the app started are not announced: the Schedules tab's badge shows them.
import type { Schedule } from '../../shared/model';
import { formatError, type Lang } from '../../shared/error-messages';
import { NOTICE_TEXT } from '../i18n/notices';

/** Per schedule, the error code last announced. */
export type NoticeMemory = ReadonlyMap<string, string>;

export interface Notice {
  title: string;
  body: string;
}

export function failureNotice(memory: NoticeMemory, schedule: Schedule, lang: Lang): { memory: NoticeMemory; notice: Notice | null } {
  const next = new Map(memory);
  const failure = schedule.lastFailure;
  if (!failure) {
    next.delete(schedule.id);
    return { memory: next, notice: null };
  }
  if (memory.get(schedule.id) === failure.code) return { memory, notice: null };
  next.set(schedule.id, failure.code);
  return {
    memory: next,
    notice: { title: NOTICE_TEXT.scheduleFailed[lang], body: `${schedule.vmName}: ${formatError(failure.code, failure.params, lang)}` },
  };
}
