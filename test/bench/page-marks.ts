// Performance marks the benchmarks install in the page before the app's scripts: the first
// snapshot rows in the DOM ('list:rows'), the frame after ('list:first-frame'), and the frame after the count says
// all `rows` are listed ('list:all-frame'). Both are read as startTime (ms since navigation).
export const ROWS_IN_DOM = 'list:rows';
export const FIRST_LIST_FRAME = 'list:first-frame';
export const ALL_ROWS_FRAME = 'list:all-frame';

export function listMarksScript(rows: number): string {
  return `(() => {
  localStorage.setItem('snapvisor.lang', 'en');
  const seen = new MutationObserver(() => {
    if (!performance.getEntriesByName('${ROWS_IN_DOM}').length && document.querySelector('[data-snapshot-id]')) {
      performance.mark('${ROWS_IN_DOM}');
      requestAnimationFrame(() => performance.mark('${FIRST_LIST_FRAME}'));
    }
    if ((document.querySelector('[data-testid="row-count"]')?.textContent ?? '').endsWith(' of ${rows.toLocaleString('en-US')}')) {
      seen.disconnect();
      requestAnimationFrame(() => performance.mark('${ALL_ROWS_FRAME}'));
    }
  });
  seen.observe(document, { childList: true, subtree: true, characterData: true });
})();`;
}
