// The CLI's code cache (electron/cli/code-cache.ts): kept in the user's cache directory, used by
// the next call as it is, and never a reason for a call to fail.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, runCliProcess } from './run-cli';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Every file under `root` with its size and modification time. */
function files(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const st = statSync(path);
    out.set(path, `${st.size} ${st.mtimeMs}`);
  }
  return out;
}

describe('the code cache', () => {
  it('is written to $XDG_CACHE_HOME/snapvisor for the user alone, and the next call uses it as it is', () => {
    dir = mkdtempSync(join(tmpdir(), 'sv-code-cache-'));
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const args = ['--connect', 'test:///default', '--db', join(dir, 'snapvisor.db'), '--json', 'vms'];
    const first = runCliProcess(args, env);
    expect(first.code).toBe(0);
    const cacheDir = join(dir, 'cache', 'snapvisor', 'code-cache');
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    const written = files(cacheDir);
    expect(written.size).toBeGreaterThan(0);
    const second = runCliProcess(args, env);
    expect(second).toEqual(first);
    expect(files(cacheDir)).toEqual(written);
  });

  it('drops the entries of earlier builds once it writes new ones', () => {
    dir = mkdtempSync(join(tmpdir(), 'sv-code-cache-'));
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const args = ['--connect', 'test:///default', '--db', join(dir, 'snapvisor.db'), '--json', 'vms'];
    expect(runCliProcess(args, env).code).toBe(0);
    const written = [...files(join(dir, 'cache', 'snapvisor', 'code-cache')).keys()];
    const own = dirname(written[0]!);
    const stale = join(own, 'cli-execute-0ldBu1ld.cjs-503285-1700000000000.v8');
    writeFileSync(stale, 'from an earlier build');
    rmSync(written[0]!);
    expect(runCliProcess(args, env).code).toBe(0);
    expect([...files(own).keys()].sort()).toEqual([...written].sort());
  });

  it('costs a call nothing when it cannot be written', () => {
    dir = mkdtempSync(join(tmpdir(), 'sv-code-cache-'));
    const blocked = join(dir, 'not-a-directory');
    writeFileSync(blocked, '');
    const r = runCliProcess(['--connect', 'test:///default', '--db', join(dir, 'snapvisor.db'), '--json', 'vms'], { XDG_CACHE_HOME: blocked });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { name: string }[]).map((v) => v.name)).toEqual(['test']);
  });

  it('serves chunks that never call import(), which a script from the cache could not run on Node 20', () => {
    const chunks = join(REPO, 'dist-electron', 'chunks');
    const names = readdirSync(chunks).filter((f) => /^cli-.*\.cjs$/.test(f));
    expect(names.length).toBeGreaterThanOrEqual(2);
    const calls: string[] = [];
    for (const name of names) {
      const file = ts.createSourceFile(name, readFileSync(join(chunks, name), 'utf8'), ts.ScriptTarget.Latest);
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) calls.push(`${name}: ${n.getText(file)}`);
        ts.forEachChild(n, visit);
      };
      visit(file);
    }
    expect(calls).toEqual([]);
  });
});
