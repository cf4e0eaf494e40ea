// Long operations (create, revert, restore...) run as jobs in main. A dialog waits briefly so
// that an immediate refusal (name taken, wrong state) is shown where the user typed; after
// that the job dock shows progress and a toast reports the outcome. The lists need no reload:
// the services' change events carry what the operation changed.
import { errorText } from '../api/error-text';
import { useUi } from './ui';

export const HANDOFF_MS = 700;

export type Handoff<T> = { state: 'done'; value: T } | { state: 'background' };

export function runOperation<T>(
  promise: Promise<T>,
  successText: (value: T) => string,
): Promise<Handoff<T>> {
  const finished = promise.then(
    (value) => {
      useUi.getState().toast('success', successText(value));
      return value;
    },
  );
  let handedOff = false;
  finished.catch((e: unknown) => {
    // Before the hand-off the dialog shows the error itself.
    if (handedOff) useUi.getState().toast('error', errorText(e));
  });
  return new Promise<Handoff<T>>((resolve, reject) => {
    const timer = setTimeout(() => {
      handedOff = true;
      resolve({ state: 'background' });
    }, HANDOFF_MS);
    finished.then(
      (value) => {
        clearTimeout(timer);
        if (!handedOff) resolve({ state: 'done', value });
      },
      (e: unknown) => {
        clearTimeout(timer);
        if (!handedOff) reject(e);
      },
    );
  });
}
