// Reads an export file (format.ts) as a stream, checking it as it goes: the first entry must be
// manifest.json (else it is no export), of a known version, its parts consistent; every entry a
// plain name the manifest lists, once, with the size the manifest gives; every file's bytes
// hashed as they pass and held against the manifest's SHA-256; no listed file missing. Each way a
// file can be bad is its own SnapvisorError, naming the entry.
//
// The import consumes it entry by entry: it gets each file's bytes as a stream (to pipe into a
// libvirt upload), which ends only when the file proved whole; a file cut short or whose hash
// differs fails that stream at its end instead, before its last byte was handed over as final,
// so the consumer can abort its upload and remove what it wrote. Never a whole file in memory.
import type { Hash } from 'node:crypto';
import { sha256 } from '../core/sha256';
import { createReadStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import tar from 'tar-stream';
import { SnapvisorError } from '../../../shared/errors';
import { MANIFEST_MAX_BYTES, MANIFEST_NAME, kindOfPath, parseManifest, type ExportFile, type ExportManifest } from './format';

/** The bytes a consumer reads at once at most, before the archive is read further (back-pressure). */
const BUFFERED = 1024 * 1024;

export interface ReadHandlers {
  /** Called with the checked manifest before any file; throwing stops the read. */
  onManifest?(manifest: ExportManifest): Promise<void> | void;
  /**
   * Called for each file in archive order with its bytes. `data` ends only when the file's size
   * and SHA-256 matched; otherwise it fails at its end (export_truncated, export_checksum_mismatch).
   * What the consumer leaves unread is read and checked after it returns.
   */
  onFile?(file: ExportFile, data: Readable): Promise<void>;
  /** Aborting it stops the read (job_cancelled). */
  signal?: AbortSignal;
}

/** Passes a file's bytes on, hashing them; fails at the end unless they are the manifest's. */
class Verifier extends Transform {
  private readonly hash: Hash = sha256();
  private length = 0;

  constructor(private readonly file: ExportFile) {
    super({ highWaterMark: BUFFERED });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.length += chunk.length;
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    const { path, size, sha256 } = this.file;
    if (this.length !== size) cb(new SnapvisorError('export_truncated', { path }));
    else if (this.hash.digest('hex') !== sha256) cb(new SnapvisorError('export_checksum_mismatch', { path }));
    else cb();
  }
}

async function collect(stream: Readable, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    n += chunk.length;
    if (n > limit) throw new SnapvisorError('export_manifest_invalid', { detail: `more than ${limit} bytes` });
    parts.push(chunk);
  }
  return Buffer.concat(parts, n);
}

/** Whether an entry name could land outside the folder it is extracted into. */
function escapes(name: string): boolean {
  return name.startsWith('/') || name.includes('\\') || name.includes('\0') || name.split('/').some((p) => p === '..');
}

const LINK_TYPES = new Set(['link', 'symlink']);

/**
 * Reads and checks the export file at `path`, handing each file's bytes to `handlers.onFile`.
 * Resolves with the manifest once every entry checked out; rejects with the first problem.
 */
export async function readExport(path: string, handlers: ReadHandlers = {}): Promise<ExportManifest> {
  const { signal } = handlers;
  if (signal?.aborted) throw new SnapvisorError('job_cancelled', {});
  const input = createReadStream(path, { highWaterMark: BUFFERED });
  const extract = tar.extract();
  let manifest: ExportManifest | null = null;
  let listed = new Map<string, ExportFile>();
  const seen = new Set<string>();
  /** The last entry begun: what a damaged or cut archive is named by. */
  let last: string | null = null;
  let current: Verifier | null = null;

  const entry = async (header: tar.Headers, stream: Readable): Promise<void> => {
    const name = header.name;
    if (last === null) {
      if (name !== MANIFEST_NAME || header.type !== 'file') throw new SnapvisorError('export_not_an_export', { path });
      last = name;
      if ((header.size ?? 0) > MANIFEST_MAX_BYTES) throw new SnapvisorError('export_manifest_invalid', { detail: `${header.size} bytes` });
      manifest = parseManifest(await collect(stream, MANIFEST_MAX_BYTES));
      listed = new Map(manifest.files.map((f) => [f.path, f]));
      await handlers.onManifest?.(manifest);
      return;
    }
    if (manifest === null) throw new SnapvisorError('export_manifest_invalid', {});
    last = name;
    if (escapes(name) || LINK_TYPES.has(header.type ?? '')) throw new SnapvisorError('export_path_escapes', { path: name });
    const file = listed.get(name);
    if (!file || header.type !== 'file' || seen.has(name) || kindOfPath(name) === null) throw new SnapvisorError('export_entry_unlisted', { path: name });
    if (header.size !== file.size) throw new SnapvisorError('export_size_mismatch', { path: name, expected: file.size, actual: header.size ?? 0 });
    seen.add(name);
    const verifier = new Verifier(file);
    current = verifier;
    stream.pipe(verifier);
    await handlers.onFile?.(file, verifier);
    verifier.resume();
    await finished(verifier);
    current = null;
  };

  return new Promise<ExportManifest>((resolve, reject) => {
    let failure: SnapvisorError | null = null;
    let pending: Promise<void> = Promise.resolve();
    const fail = (e: unknown): void => {
      if (failure) return;
      failure = e instanceof SnapvisorError ? e : new SnapvisorError('export_damaged', { path: last ?? path });
      current?.destroy(failure);
      input.destroy();
      extract.destroy();
      signal?.removeEventListener('abort', onAbort);
      reject(failure);
    };
    const onAbort = (): void => fail(new SnapvisorError('job_cancelled', {}));
    signal?.addEventListener('abort', onAbort, { once: true });

    extract.on('entry', (header: tar.Headers, stream: Readable, next: () => void) => {
      pending = entry(header, stream).then(next, fail);
    });
    extract.on('error', (e: Error) => {
      // tar-stream's words for a cut archive and for bytes that are no tar header.
      if (last === null) fail(new SnapvisorError('export_not_an_export', { path }));
      else if (/unexpected end/i.test(e.message)) fail(new SnapvisorError('export_truncated', { path: last ?? path }));
      else fail(new SnapvisorError('export_damaged', { path: last ?? path }));
    });
    extract.on('finish', () => {
      void pending.then(() => {
        if (failure) return;
        if (manifest === null) return fail(new SnapvisorError('export_not_an_export', { path }));
        const missing = manifest.files.find((f) => !seen.has(f.path));
        if (missing) return fail(new SnapvisorError('export_file_missing', { path: missing.path }));
        signal?.removeEventListener('abort', onAbort);
        resolve(manifest);
      });
    });
    input.on('error', (e: NodeJS.ErrnoException) => fail(new SnapvisorError('export_unreadable', { path, detail: e.code ?? e.message })));
    input.pipe(extract);
  });
}

/** Checks the export file at `path` without using its contents: resolves with its manifest. */
export function checkExport(path: string, signal?: AbortSignal): Promise<ExportManifest> {
  return readExport(path, { signal });
}
