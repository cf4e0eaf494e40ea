import type { ApiError } from '../api/contract';

/** Where a piece of remote data stands; the error says what to show when loading failed. */
export type LoadState = { status: 'idle' | 'loading' | 'ready' } | { status: 'error'; error: ApiError };

export const IDLE: LoadState = { status: 'idle' };
