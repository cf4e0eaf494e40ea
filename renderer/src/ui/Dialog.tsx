import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { addFocusHome, HOME_RANK, initialFocus, returnFocus, tabbables } from './focus';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  /** While work is in flight Escape and the backdrop do not close the dialog. */
  busy?: boolean;
  description?: ReactNode;
  /** Changes with each step of a wizard: focus then moves to the new step's first field. */
  step?: string;
}

/**
 * A modal dialog, the one focus model for every dialog and wizard step. Focus moves in when it
 * opens (to the field marked data-autofocus, else the first field, else the first control) and on
 * every step change; when the content is still loading, focus waits on the dialog box and moves to
 * the field as soon as it appears. Tab and Shift+Tab cycle inside, wherever focus is; Escape closes
 * it from anywhere, and focus returns to the control that opened it or, when that is gone, to the
 * nearest home (ui/focus.ts): the snapshot list, the main area.
 *
 * The keys are handled on the document in the capture phase, not on the dialog: after a step
 * change or a submit button disabled while busy focus may sit on <body>, and a dialog that reacts
 * only to keys from inside would then let Shift+Tab reach the page behind it and ignore Escape.
 */
export function Dialog({ title, onClose, children, footer, wide, busy, description, step }: DialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const ref = useRef<HTMLDivElement>(null);

  const latest = useRef({ onClose, busy });
  useEffect(() => {
    latest.current = { onClose, busy };
  });

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const opener = document.activeElement;
    const focusIn = () => (initialFocus(root) ?? root).focus();
    focusIn();
    const removeHome = addFocusHome(HOME_RANK.dialog, () => (root.isConnected ? initialFocus(root) ?? root : null));

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        if (!latest.current.busy) latest.current.onClose();
      } else if (e.key === 'Tab') {
        const items = tabbables(root);
        const active = document.activeElement;
        const inside = active !== root && active instanceof Node && root.contains(active);
        const edge = e.shiftKey ? items[0] : items[items.length - 1];
        if (items.length === 0) {
          e.preventDefault();
          root.focus();
        } else if (!inside || active === edge) {
          e.preventDefault();
          (e.shiftKey ? items[items.length - 1]! : items[0]!).focus();
        }
      }
    };
    // Focus that lands behind the dialog (a click on a toast, a script) comes back in.
    const onFocusIn = (e: FocusEvent) => {
      if (e.target instanceof Node && !root.contains(e.target) && !(e.target instanceof Element && e.target.closest('.toasts'))) focusIn();
    };
    // While the content loads focus waits on the box; the field it was waiting for gets it on arrival.
    const arrival = new MutationObserver(() => {
      if (document.activeElement === root) initialFocus(root)?.focus();
    });
    arrival.observe(root, { childList: true, subtree: true });
    document.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('focusin', onFocusIn);
      arrival.disconnect();
      removeHome();
      returnFocus(opener);
    };
  }, []);

  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    const root = ref.current;
    if (root) (initialFocus(root) ?? root).focus();
  }, [step]);

  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <div
        ref={ref}
        className={wide ? 'dialog dialog-wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        aria-busy={busy || undefined}
        tabIndex={-1}
      >
        <div className="dialog-header stack-sm">
          <h2 id={titleId}>{title}</h2>
          {description && <div id={descriptionId} className="muted">{description}</div>}
        </div>
        <div className="dialog-body">{children}</div>
        {footer && <div className="dialog-footer">{footer}</div>}
      </div>
    </div>,
    document.body,
  );
}
