// The one dialog focus model (issue 13): focus in on open and on each step, Tab and Shift+Tab
// kept inside wherever focus is, Escape from anywhere, focus back to the opener or, when it is
// gone, to the nearest home.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { Dialog } from './Dialog';
import { addFocusHome, HOME_RANK } from './focus';

afterEach(cleanup);

const active = () => document.activeElement;
const tab = (shiftKey = false) => fireEvent.keyDown(active() ?? document.body, { key: 'Tab', shiftKey });

function Harness({ initial = 'one', loading = false, busy = false, onClose = () => {} }: { initial?: string; loading?: boolean; busy?: boolean; onClose?: () => void }) {
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState(initial);
  const close = () => {
    onClose();
    setOpen(false);
  };
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>Open</button>
      {open && (
        <Dialog title="Test" onClose={close} busy={busy} step={step}>
          {loading ? <p role="status">Loading…</p> : step === 'one' ? (
            <>
              <button type="button">Help</button>
              <input aria-label="First field" />
              <input aria-label="Marked field" data-autofocus />
            </>
          ) : (
            <input aria-label="Second step field" />
          )}
          <button type="button" onClick={() => setStep(step === 'one' ? 'two' : 'one')}>Next</button>
          <button type="button" onClick={close}>Cancel</button>
        </Dialog>
      )}
    </>
  );
}

function openFrom(name = 'Open') {
  const opener = screen.getByRole('button', { name });
  opener.focus();
  fireEvent.click(opener);
  return opener;
}

describe('Dialog focus model', () => {
  it('moves focus to the marked field on open, and to the new step’s first field on each step', () => {
    render(<Harness />);
    openFrom();
    expect(active()).toBe(screen.getByLabelText('Marked field'));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(active()).toBe(screen.getByLabelText('Second step field'));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(active()).toBe(screen.getByLabelText('Marked field'));
  });

  it('waits on the dialog box while its content loads, then moves to the field that arrives', async () => {
    function Loading() {
      const [loading, setLoading] = useState(true);
      return (
        <>
          <Harness loading={loading} />
          <button type="button" onClick={() => setLoading(false)}>Loaded</button>
        </>
      );
    }
    render(<Loading />);
    openFrom();
    expect(active()).toBe(screen.getByRole('dialog'));
    await act(async () => {
      screen.getByRole('button', { name: 'Loaded' }).click();
      await Promise.resolve();
    });
    await vi.waitFor(() => expect(active()).toBe(screen.getByLabelText('Marked field')));
  });

  it('keeps Tab and Shift+Tab inside, also when focus has fallen to <body>', () => {
    render(<Harness />);
    openFrom();
    screen.getByRole('button', { name: 'Cancel' }).focus();
    tab();
    expect(active()).toBe(screen.getByRole('button', { name: 'Help' }));
    tab(true);
    expect(active()).toBe(screen.getByRole('button', { name: 'Cancel' }));
    (active() as HTMLElement).blur();
    expect(active()).toBe(document.body);
    tab(true);
    expect(active()).toBe(screen.getByRole('button', { name: 'Cancel' }));
    (active() as HTMLElement).blur();
    tab();
    expect(active()).toBe(screen.getByRole('button', { name: 'Help' }));
  });

  it('closes on Escape from anywhere, not while busy, and returns focus to the opener', () => {
    const onClose = vi.fn();
    const { rerender } = render(<Harness busy onClose={onClose} />);
    const opener = openFrom();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(onClose).not.toHaveBeenCalled();
    rerender(<Harness onClose={onClose} />);
    (active() as HTMLElement).blur();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(active()).toBe(opener);
  });

  it('sends focus home when the opener is gone by the time it closes', () => {
    function Gone() {
      const [opener, setOpener] = useState(true);
      const [open, setOpen] = useState(false);
      return (
        <>
          <div tabIndex={-1} data-testid="list">list</div>
          {opener && <button type="button" onClick={() => setOpen(true)}>Delete</button>}
          {open && (
            <Dialog title="Delete?" onClose={() => setOpen(false)}>
              <button type="button" onClick={() => { setOpener(false); setOpen(false); }}>Confirm</button>
            </Dialog>
          )}
        </>
      );
    }
    render(<Gone />);
    const removeHome = addFocusHome(HOME_RANK.list, () => screen.queryByTestId('list'));
    try {
      openFrom('Delete');
      expect(active()).toBe(screen.getByRole('button', { name: 'Confirm' }));
      fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
      expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
      expect(active()).toBe(screen.getByTestId('list'));
    } finally {
      removeHome();
    }
  });
});
