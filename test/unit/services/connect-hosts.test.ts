// connectHosts: 'all' contacts every known host at start; 'lazy' contacts none until first use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices, DEMO_URI, type EngineServices } from '../../../electron/services';

const BROKEN = 'test:///nonexistent/snapvisor-unit.xml';

describe('createServices connectHosts', () => {
  const open: EngineServices[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function start(dir: string, connectHosts?: 'all' | 'lazy'): Promise<EngineServices> {
    const s = await createServices({ dbPath: join(dir, 'db.sqlite'), dataDir: join(dir, 'data'), defaultUri: DEMO_URI, connectHosts });
    open.push(s);
    return s;
  }

  /** A database that knows the demo host and one host whose connection fails. */
  async function twoHosts(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'snapvisor-hosts-'));
    dirs.push(dir);
    const s = await start(dir, 'lazy');
    await s.hosts.add(BROKEN, 'broken');
    await s.close();
    return dir;
  }

  it("'all' connects every host at start (the broken one reports its error)", async () => {
    const s = await start(await twoHosts());
    const byUri = new Map(s.hosts.list().map((h) => [h.uri, h]));
    expect(byUri.get(DEMO_URI)!.state).toBe('connected');
    expect(byUri.get(BROKEN)!.state).toBe('error');
  });

  it("'lazy' contacts no host at start and connects only the one used", async () => {
    const s = await start(await twoHosts(), 'lazy');
    expect(s.hosts.list().map((h) => h.state)).toEqual(['disconnected', 'disconnected']);
    const demo = s.hosts.list().find((h) => h.uri === DEMO_URI)!;
    expect((await s.vms.list(demo.id)).length).toBeGreaterThan(0);
    const byUri = new Map(s.hosts.list().map((h) => [h.uri, h]));
    expect(byUri.get(DEMO_URI)!.state).toBe('connected');
    expect(byUri.get(BROKEN)!.state).toBe('disconnected');
  });
});
