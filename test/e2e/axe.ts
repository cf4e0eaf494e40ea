// axe-core in the e2e pages: the accessibility audit run on each screen and dialog. axe's source is
// evaluated in the page (like @axe-core/playwright does: a CDP evaluation is not an inline script,
// so the app's Content-Security-Policy does not stop it), once per page load.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';

const require = createRequire(import.meta.url);
let source: Promise<string> | null = null;

function axeSource(): Promise<string> {
  source ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

/** The impacts the issue forbids; minor and moderate ones are reported by axe but not counted. */
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

const OPTIONS: RunOptions = {
  resultTypes: ['violations'],
  // WCAG 2.x A and AA, and axe's best practices (landmarks, headings, region).
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
};

/** One line per serious or critical violation: rule, impact, the element and what axe says is wrong. */
export async function blockingViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(await axeSource());
  const results = await page.evaluate<AxeResults>(`axe.run(document, ${JSON.stringify(OPTIONS)})`);
  return results.violations
    .filter((v) => v.impact && BLOCKING.includes(v.impact))
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`));
}
