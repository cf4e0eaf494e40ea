// A failed run is stored as text (schedules.last_error, the run report) in a form both
// machines and people can read back: "<code> <params as JSON>", the SnapvisorError default.
import { ERROR_CODES, isSnapvisorError, type ErrorCode, type ErrorParams } from './errors';

export function describeRunError(e: unknown): string {
  if (isSnapvisorError(e)) {
    return Object.keys(e.params).length ? `${e.code} ${JSON.stringify(e.params)}` : e.code;
  }
  return `internal ${JSON.stringify({ message: e instanceof Error ? e.message : String(e) })}`;
}

/** The code and parameters in a stored run error, for showing it in the user's language. */
export function parseRunError(text: string): { code: ErrorCode; params: ErrorParams } {
  const space = text.indexOf(' ');
  const code = space < 0 ? text : text.slice(0, space);
  if (!(ERROR_CODES as readonly string[]).includes(code)) return { code: 'internal', params: { message: text } };
  try {
    const params = space < 0 ? {} : JSON.parse(text.slice(space + 1)) as ErrorParams;
    return { code: code as ErrorCode, params };
  } catch {
    return { code: 'internal', params: { message: text } };
  }
}
