// Every `snapvisor` call used to compile its chunks from source: about a fifth of what a call costs
// above Node's own start (the bench's cli group). A code cache in the user's cache directory skips
// that work: Node's compile cache where the runtime has one (Node 22.1+, so Electron's Node mode),
// else V8 code cache data per chunk through vm.Script, written at exit, when the data also holds
// the functions the call ran (a cache taken right after compiling would hold only the top level).
// Never beside the bundle: an installed app's files may be read-only. A cache that cannot be
// read or written costs nothing but the compile it would have saved. The chunks are CommonJS
// through and through (the bundler turns import() into require()), which matters: a vm.Script
// has no import() of its own, and Node 20 loses one given to it once code comes from a cache.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';

/** Node's own cache (Node 22.1+); absent from Node 20's typings and runtime. */
type WithCompileCache = typeof Module & { enableCompileCache?: (dir: string) => { status: number } };

/** The CommonJS loader's per-extension hooks (documented as require.extensions). */
type Loaders = Record<string, (module: Module, filename: string) => void>;

/** $XDG_CACHE_HOME/snapvisor/code-cache (~/.cache/... by default). */
export function codeCacheDir(env: NodeJS.ProcessEnv): string {
  const cacheHome = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cacheHome, 'snapvisor', 'code-cache');
}

/** Caches the compiled code of the chunks under `chunksDir` that this process loads from now on. */
export function enableCodeCache(chunksDir: string, env: NodeJS.ProcessEnv): void {
  const dir = codeCacheDir(env);
  const nodeCache = (Module as WithCompileCache).enableCompileCache;
  if (nodeCache) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      nodeCache(dir);
    } catch {
      /* no cache directory: compile as before */
    }
    return;
  }
  // One directory per installed bundle, so that two installs (the app, a checkout) never
  // prune each other's entries.
  const own = join(dir, pathKey(chunksDir));
  const loaders = (Module as unknown as { _extensions: Loaders })._extensions;
  const plain = loaders['.js']!;
  const toWrite: { file: string; script: Script }[] = [];
  const inChunks = chunksDir + sep;
  loaders['.cjs'] = (module, filename) => {
    if (!filename.startsWith(inChunks)) return plain(module, filename);
    const source = readFileSync(filename, 'utf8');
    const file = join(own, entryName(filename));
    const cachedData = readIfThere(file);
    const script = new Script(Module.wrap(source), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) toWrite.push({ file, script });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    const require = Module.createRequire(filename);
    wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename));
  };
  process.once('exit', () => {
    if (toWrite.length === 0) return;
    for (const { file, script } of toWrite) writeAtomically(own, file, script.createCachedData());
    pruneOtherBuilds(own, chunksDir);
  });
}

/** Chunk names carry their content's hash; size and time guard against a rebuild in place. */
function entryName(chunk: string): string {
  const { size, mtimeMs } = statSync(chunk);
  return `${basename(chunk)}-${size}-${Math.trunc(mtimeMs)}.v8`;
}

/** A directory name for a path (FNV-1a, 32 bits): short, stable, and no node:crypto to load. */
function pathKey(path: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** After a rebuild (the only time entries are written), the entries of earlier builds go. */
function pruneOtherBuilds(own: string, chunksDir: string): void {
  try {
    const current = new Set(readdirSync(chunksDir).filter((f) => f.endsWith('.cjs')).map((f) => entryName(join(chunksDir, f))));
    for (const f of readdirSync(own)) if (!current.has(f) && !f.endsWith('.tmp')) rmSync(join(own, f), { force: true });
  } catch {
    /* as with writing: a cache left as it is costs nothing */
  }
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Another call may be reading the same file: it sees the old data or the new, never half. */
function writeAtomically(dir: string, file: string, data: Buffer): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    /* a cache directory that cannot be written: the next call compiles again */
  }
}
