// `npm run bench [-- group ...]`: runs each benchmark group (test/bench/<group>.ts exporting
// run()), all of them when none is named. Each prints its figures next to their targets and
// the peers measured in the same run, and ends with one line `BENCH {json}`; nothing asserts but
// the check at the end that the run left no libvirt object of ours on the daemon.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { disposeTestServices, testInstallIds } from '../../electron/services';
import { cleanupGuests } from '../guest/kit';
import { beginDaemonCheck, checkReport } from '../setup/daemon-census';
import { noteInstalls } from '../setup/run-ledger';

// libuv's pool starts before this module runs (the loader reads files with it), so its size
// comes from the npm script's environment: UV_THREADPOOL_SIZE=16, as the app sets it.
if (!process.env.UV_THREADPOOL_SIZE) console.log('note: UV_THREADPOOL_SIZE is not set: libuv runs 4 threads, the app 16');

const here = dirname(fileURLToPath(import.meta.url));
const HELPERS = new Set(['run.ts', 'report.ts', 'page-marks.ts', 'bench-vm.ts']);
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !HELPERS.has(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const groups = wanted.length ? wanted : available;

for (const group of groups) {
  if (!available.includes(group)) {
    console.error(`unknown benchmark group "${group}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
}

// The daemon's objects of ours before the groups and after them (test/setup/daemon-census.ts):
// a bench run that leaves a domain, pool or network there fails, naming each. A machine with no
// daemon runs the groups that need none, and says the check was not made.
const check = await beginDaemonCheck();
try {
  for (const group of groups) {
    console.log(`\n## bench: ${group}`);
    const mod = (await import(pathToFileURL(join(here, `${group}.ts`)).href)) as { run: () => Promise<void> };
    await mod.run();
  }
} finally {
  // What a failed group left of its own, before the check judges the run.
  noteInstalls(testInstallIds());
  await cleanupGuests().catch((e: unknown) => console.log(`kit guests not removed: ${(e as Error).message}`));
  await disposeTestServices().catch((e: unknown) => console.log(`test services not disposed: ${(e as Error).message}`));
  console.log('\n## bench: daemon objects');
  const v = await check.finish();
  console.log(checkReport(v, 'this bench run'));
  if (v.failed) process.exitCode = 1;
}
