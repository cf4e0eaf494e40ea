// Focus is never lost. When the element that has it goes away (a closed panel, a deleted row, a
// dialog whose opener is gone) or is disabled, the browser drops focus to <body> and the next Tab
// starts again at the header. Instead it moves to the nearest "home" on screen: an open dialog,
// the snapshot list, the main area. Homes register with a rank; the highest one present wins.
import { useEffect, useRef } from 'react';

/** What Tab can reach (disabled controls and tabindex="-1" cannot). */
export const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
const FIELD = 'input, select, textarea';

export const HOME_RANK = { main: 0, list: 1, dialog: 2 } as const;

interface Home {
  rank: number;
  get: () => HTMLElement | null;
}

const homes = new Set<Home>();

/** Registers a home; returns its removal. */
export function addFocusHome(rank: number, get: () => HTMLElement | null): () => void {
  const home = { rank, get };
  homes.add(home);
  return () => { homes.delete(home); };
}

/** A home for as long as the component is mounted; `get` may change between renders. */
export function useFocusHome(rank: number, get: () => HTMLElement | null): void {
  const latest = useRef(get);
  useEffect(() => {
    latest.current = get;
  });
  useEffect(() => addFocusHome(rank, () => latest.current()), [rank]);
}

/** Whether focus can go to this element now: in the document, enabled, not inert. */
export function canFocus(el: Element | null): el is HTMLElement {
  if (!(el instanceof HTMLElement) || !el.isConnected || el.closest('[inert], [hidden]')) return false;
  return !(el instanceof HTMLButtonElement || el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) || !el.disabled;
}

/** Moves focus to the highest-ranked home that can take it. */
export function focusHome(): boolean {
  for (const home of [...homes].sort((a, b) => b.rank - a.rank)) {
    const el = home.get();
    if (canFocus(el)) {
      el.focus();
      return true;
    }
  }
  return false;
}

/** Focus back to `preferred` (the control that opened a dialog) or, when it is gone, home. */
export function returnFocus(preferred: Element | null): void {
  if (canFocus(preferred) && preferred !== document.body) preferred.focus();
  else focusHome();
}

/** Radio buttons Tab skips: the unchecked ones of a group that has a checked one. */
function skippedRadio(el: HTMLElement, root: HTMLElement): boolean {
  if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || el.checked || !el.name) return false;
  return [...root.querySelectorAll('input[type="radio"]')].some((r) => r instanceof HTMLInputElement && r.name === el.name && r.checked);
}

/** The elements Tab visits inside `root`, in document order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter((el) => canFocus(el) && !skippedRadio(el, root));
}

/**
 * Where focus goes when a dialog (or a wizard step) appears: the field marked data-autofocus, else
 * the first field, else nothing while the dialog says it is still loading (a role="status"), else
 * its first control.
 */
export function initialFocus(root: HTMLElement): HTMLElement | null {
  const marked = root.querySelector('[data-autofocus]');
  if (canFocus(marked)) return marked;
  const items = tabbables(root);
  const field = items.find((el) => el.matches(FIELD));
  if (field) return field;
  if (root.querySelector('[role="status"]')) return null;
  return items[0] ?? null;
}

/** Where keys typed go to text (so single-letter shortcuts and Escape-to-close leave them alone). */
export function isTextEntry(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || el.isContentEditable) return true;
  return el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
}

/**
 * Watches the document for focus that fell to <body> because its element was removed or disabled
 * (not because the user clicked on empty space) and sends it home. Returns the stop function.
 */
export function keepFocus(): () => void {
  let last: Element | null = null;
  const onFocusIn = (e: FocusEvent) => {
    last = e.target instanceof Element ? e.target : null;
  };
  const check = () => {
    const active = document.activeElement;
    if (active && active !== document.body) return;
    if (!last || canFocus(last)) return;
    last = null;
    focusHome();
  };
  document.addEventListener('focusin', onFocusIn);
  const observer = new MutationObserver(check);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
  return () => {
    document.removeEventListener('focusin', onFocusIn);
    observer.disconnect();
  };
}
