// `npm run bench [-- group ...]`: runs each benchmark group (test/bench/<group>.ts exporting
// run()), all of them when none is named. Each prints its times and ratios against peers
// measured in the same run; nothing here asserts.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const groups = wanted.length ? wanted : available;

for (const group of groups) {
  if (!available.includes(group)) {
    console.error(`unknown benchmark group "${group}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n## bench: ${group}`);
  const mod = (await import(pathToFileURL(join(here, `${group}.ts`)).href)) as { run: () => Promise<void> };
  await mod.run();
}
