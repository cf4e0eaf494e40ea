#!/usr/bin/env node
// The whole test suite: type-check, lint, then every vitest project (unit, components,
// integration, faults, e2e), then the remote tests (the client of a qemu+ssh:// host, in a mount
// namespace of their own), then the Electron end-to-end test where an Electron binary exists.
// Ends with one line "N passed, N failed, N skipped" summed from the runners' JSON reports, where
// each runner on the real daemon adds one test of its own: it left no libvirt object of ours there
// (test/setup/daemon-leaks.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
mkdirSync('test-results', { recursive: true });
const env = { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '16' };

function run(title, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return r.status ?? 1;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function countVitest(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += (report.numFailedTests ?? 0);
  // A file whose hooks failed (beforeAll/afterAll) while its tests passed counts as one failed test:
  // the closing line never says "0 failed" of a run that failed.
  for (const f of report.testResults ?? []) {
    if (f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')) totals.failed++;
  }
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  return true;
}

if (run('type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) failedSteps.push('type-check');
if (run('lint', 'npx', ['eslint', '.', '--max-warnings', '0']) !== 0) failedSteps.push('lint');
if (run('build renderer', 'npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) failedSteps.push('build');

/** The daemon check's verdict (test/setup/daemon-leaks.ts), when the step ran one: one test passed or failed. */
function countDaemonCheck(file, title) {
  if (!existsSync(file)) return;
  const verdict = JSON.parse(readFileSync(file, 'utf8'));
  if (verdict.unjudged.length) console.log(`\n${title}: ${verdict.unjudged.length} new object(s) not counted: other test runs were on this machine meanwhile`);
  if (!verdict.left && !verdict.failed) {
    console.log(`\n${title}: not checked: ${verdict.error}`);
    return;
  }
  if (!verdict.failed) {
    totals.passed += 1;
    return;
  }
  totals.failed += 1;
  const what = verdict.left ? verdict.left.map((l) => `\n  ${l}`).join('') : ` ${verdict.error}`;
  console.log(`\n${title}: FAILED ${verdict.name}:${what}`);
}

/** Runs vitest (through `prefix`, e.g. a namespace wrapper) with a JSON report counted in the totals. */
function vitestStep(title, name, prefix, args) {
  const json = `test-results/${name}.json`;
  const daemonCheck = `test-results/${name}-daemon.json`;
  rmSync(json, { force: true });
  rmSync(daemonCheck, { force: true });
  const failedBefore = totals.failed;
  const [cmd, ...rest] = [...prefix, 'npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`, ...args];
  const status = run(title, cmd, rest, { SNAPVISOR_DAEMON_CHECK: daemonCheck });
  const reported = countVitest(json);
  countDaemonCheck(daemonCheck, title);
  if (!reported && status !== 0) failedSteps.push(`${title} (no report)`);
  else if (status !== 0 && totals.failed === failedBefore) failedSteps.push(title);
}

vitestStep('tests', 'vitest', [], process.argv.slice(2));
vitestStep('remote tests', 'remote', ['bash', 'scripts/client-namespace.sh'], ['--config', 'test/remote/vitest.config.ts']);

let electronBinary = null;
try {
  electronBinary = require('electron');
} catch { /* the package or its binary is missing */ }
if (typeof electronBinary === 'string' && existsSync(electronBinary)) {
  vitestStep('electron e2e', 'electron', [], ['--config', 'test/electron/vitest.config.ts']);
} else {
  console.log('\n=== electron e2e: not run: no Electron binary (npm could not download it here; see README)');
}

if (failedSteps.length) console.log(`\nfailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
