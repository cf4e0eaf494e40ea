// A vitest globalSetup of every project that uses the real daemon (and of the remote tests):
// the daemon's objects of ours are listed before the first test file and again after the last,
// and the run fails naming each one that is new (daemon-census.ts). Each project loads its
// globalSetup on its own, in the same process: one census before all of them, one check after.
// SNAPVISOR_DAEMON_CHECK=FILE (scripts/run-tests.js) also writes the verdict there as JSON, so the
// suite counts it as a test of its own: a teardown's error is no failed test in vitest's report.
import { writeFileSync } from 'node:fs';
import type { DaemonCheck } from './daemon-census';

interface Shared {
  users: number;
  check: Promise<{ finish(): Promise<DaemonCheck>; report(v: DaemonCheck): string }>;
}

const key = Symbol.for('snapvisor.daemonLeaks');
type WithCheck = typeof globalThis & { [key]?: Shared };

/**
 * The first project's setup loads the census (and with it native/, whose koffi types may be
 * declared once per process: a second project's module runner loading it again would throw).
 */
async function begin(): Promise<Awaited<Shared['check']>> {
  const { beginDaemonCheck, checkReport } = await import('./daemon-census');
  const check = await beginDaemonCheck();
  return { finish: () => check.finish(), report: (v) => checkReport(v, 'this test run') };
}

export default async function setup(): Promise<() => Promise<void>> {
  const g = globalThis as WithCheck;
  const shared = (g[key] ??= { users: 0, check: begin() });
  shared.users++;
  await shared.check;
  return async () => {
    if (--shared.users > 0) return;
    delete g[key];
    const check = await shared.check;
    const v = await check.finish();
    const file = process.env.SNAPVISOR_DAEMON_CHECK;
    if (file) writeFileSync(file, JSON.stringify(v));
    const report = check.report(v);
    if (!v.failed) {
      console.log(`\n${report}`);
      return;
    }
    // vitest logs a teardown's error and still exits 0: the exit code is set here.
    process.exitCode = 1;
    throw new Error(report);
  };
}
