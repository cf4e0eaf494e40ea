// What the e2e harness needs built: the renderer (dist/renderer, rebuilt when its sources are
// newer) and the page-side client (test/e2e/page-client.ts bundled to one IIFE script).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Rolldown } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');
const RENDERER_OUT = join(ROOT, 'dist', 'renderer');

/** The newest modification time of any file under `dir` (node_modules left out). */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let rendererBuild: Promise<string> | null = null;

/** dist/renderer, built first when missing or older than anything under renderer/. */
export function ensureRendererBuilt(): Promise<string> {
  rendererBuild ??= (async () => {
    const index = join(RENDERER_OUT, 'index.html');
    const stale = !existsSync(index) || statSync(index).mtimeMs < newestMtime(join(ROOT, 'renderer'));
    if (stale) await build({ configFile: join(ROOT, 'vite.config.ts'), root: join(ROOT, 'renderer'), logLevel: 'warn' });
    return RENDERER_OUT;
  })();
  return rendererBuild;
}

function isChunk(item: Rolldown.OutputChunk | Rolldown.OutputAsset): item is Rolldown.OutputChunk {
  return item.type === 'chunk';
}

let clientBuild: Promise<string> | null = null;

/** The page client as one self-contained classic script, for page.addInitScript. */
export function pageClientScript(): Promise<string> {
  clientBuild ??= (async () => {
    const result = await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      build: {
        write: false,
        minify: false,
        sourcemap: false,
        lib: { entry: join(ROOT, 'test/e2e/page-client.ts'), formats: ['iife'], name: 'snapvisorPageClient', fileName: 'page-client' },
      },
    });
    const outputs = Array.isArray(result) ? result : [result];
    for (const out of outputs) {
      if ('output' in out) {
        const chunk = out.output.find(isChunk);
        if (chunk) return chunk.code;
      }
    }
    throw new Error('page client build produced no script');
  })();
  return clientBuild;
}
