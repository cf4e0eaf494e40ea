// The one door to the main process: window.snapvisor (exposed by the preload) and a helper that
// turns its Result<T> into a value or a thrown ApiFailure, so screens can use plain async/await.
import type { ApiError, Result, SnapvisorApi } from './contract';

declare global {
  interface Window {
    snapvisor: SnapvisorApi;
  }
}

export class ApiFailure extends Error {
  readonly error: ApiError;

  constructor(error: ApiError) {
    super(error.code);
    this.name = 'ApiFailure';
    this.error = error;
  }
}

export function api(): SnapvisorApi {
  return window.snapvisor;
}

/** Awaits a contract call; failures (including a broken bridge) become ApiFailure. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (e) {
    throw new ApiFailure({ code: 'internal', params: { detail: e instanceof Error ? e.message : String(e) } });
  }
  if (!result.ok) throw new ApiFailure(result.error);
  return result.value;
}

/** The ApiError behind anything a call may have thrown. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiFailure) return e.error;
  return { code: 'internal', params: { detail: e instanceof Error ? e.message : String(e) } };
}
