import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { App } from './App';
import { HELP_SECTIONS, keyCap } from './keyboard-help';
import { snapshot } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import { setLang } from '../../i18n';
import { tabbables } from '../../ui/focus';

afterEach(() => {
  cleanup();
  setLang('en');
});

describe('keyboard help and the skip link', () => {
  it('`?` opens the help with every key worded, in English and in Korean', async () => {
    await renderWithApi(<App />, { snapshots: [snapshot({ name: 'one' })] });
    await screen.findByRole('grid');
    for (const [lang, title] of [['en', 'Keyboard shortcuts'], ['ko', '키보드 단축키']] as const) {
      act(() => setLang(lang));
      fireEvent.keyDown(document.body, { key: '?' });
      const help = await screen.findByRole('dialog', { name: title });
      const rows = within(help).getAllByRole('row').filter((r) => within(r).queryAllByRole('cell').length > 0);
      expect(rows).toHaveLength(HELP_SECTIONS.reduce((n, s) => n + s.keys.length, 0));
      for (const r of rows) {
        const [keys, text] = within(r).getAllByRole('cell').map((c) => c.textContent ?? '');
        expect(keys).not.toBe('');
        expect(text, keys).not.toMatch(/^help\.|^$/);
      }
      expect(within(help).getAllByText(keyCap('ArrowRight')).length).toBeGreaterThan(0);
      fireEvent.keyDown(document.body, { key: 'Escape' });
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    }
  });

  it('`?` typed into a field is just a character', async () => {
    await renderWithApi(<App />, { snapshots: [snapshot({ name: 'one' })] });
    const search = await screen.findByLabelText('Search');
    search.focus();
    fireEvent.keyDown(search, { key: '?' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('the first Tab stop is the skip link, and it lands on the snapshot list', async () => {
    await renderWithApi(<App />, { snapshots: [snapshot({ name: 'one' })] });
    const list = await screen.findByRole('grid');
    const first = tabbables(document.body)[0]!;
    expect(first.textContent).toBe('Skip to the snapshot list');
    fireEvent.click(first);
    expect(document.activeElement).toBe(list);
  });
});
