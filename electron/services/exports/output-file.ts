// A file that appears under its final name only once complete: it is written under a hidden
// temporary name in the same directory (0600, created exclusively), flushed to disk, then linked
// to its final name (which fails when something took that name meanwhile: nothing is ever
// overwritten) or, on a file system without hard links, renamed after a last check. A write that
// fails or is given up removes the temporary file, so a cancelled or failed export leaves nothing.
// Only a process killed outright can leave the hidden `.NAME.partial-…` file (never the final name).
//
// The writer flushes as it goes (core/open-file.ts), so the flush the commit needs finds little left.
import { once } from 'node:events';
import { open as openFd } from 'node:fs';
import { Writable } from 'node:stream';
import { link, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SnapvisorError } from '../../../shared/errors';
import { randomHex } from '../../store/ids';
import { FLUSH_EVERY, OpenFile } from '../core/open-file';

export interface OutputFile {
  /** The temporary file's path (for messages and tests). */
  readonly partialPath: string;
  /** The sequential writer of the file's bytes (it creates the file, exclusively, 0600). */
  readonly stream: Writable;
  /** Writes `bytes` at `position` after the stream has ended (a patch of bytes already written). */
  patch(bytes: Buffer, position: number): Promise<void>;
  /** Reads `length` bytes at `position` after the stream has ended. */
  read(position: number, length: number): Promise<Buffer>;
  /** Flushes the file to disk and gives it its final name. */
  commit(): Promise<void>;
  /** Removes the temporary file (harmless after commit). */
  discard(): Promise<void>;
}

/** The SnapvisorError for a failed file operation on `path`. */
export function writeFailure(e: unknown, path: string): SnapvisorError {
  if (e instanceof SnapvisorError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new SnapvisorError('no_space', { path: dirname(path) });
  if (code === 'EEXIST') return new SnapvisorError('target_exists', { path });
  return new SnapvisorError('export_write_failed', { path, detail: code ?? String(e) });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, (e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return false;
    throw e;
  });
}

/** Writes a new file (created exclusively, 0600) in order, flushing it to disk as it goes. */
class FlushingWriter extends Writable {
  private file: OpenFile | null = null;

  constructor(private readonly path: string, private readonly onWritten?: (chunk: Buffer) => void) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _construct(cb: (e?: Error | null) => void): void {
    openFd(this.path, 'wx', 0o600, (e, fd) => {
      if (!e) this.file = new OpenFile(fd, FLUSH_EVERY);
      cb(e);
    });
  }

  override _writev(chunks: { chunk: Buffer }[], cb: (e?: Error | null) => void): void {
    const bufs = chunks.map((c) => c.chunk);
    this.file!.write(bufs, null).then(() => {
      for (const b of bufs) this.onWritten?.(b);
      cb();
    }, cb);
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.file!.flushed().then(() => cb(), cb);
  }

  override _destroy(e: Error | null, cb: (e?: Error | null) => void): void {
    const file = this.file;
    this.file = null;
    if (!file) return cb(e);
    void file.close().then(() => cb(e));
  }
}

/** Refuses `path` when something is there already (target_exists): an export never replaces a file. */
export async function assertNoFileAt(path: string): Promise<void> {
  if (await exists(path).catch((e: unknown) => { throw writeFailure(e, path); })) throw new SnapvisorError('target_exists', { path });
}

/**
 * Starts `path`'s temporary file; refused when `path` exists already. `onWritten` is told of each
 * chunk of the stream once all its bytes were written (its holder may reuse it).
 */
export async function createOutput(path: string, onWritten?: (chunk: Buffer) => void): Promise<OutputFile> {
  await assertNoFileAt(path);
  const partialPath = join(dirname(path), `.${basename(path)}.partial-${randomHex(6)}`);
  // Created exclusively when the stream opens; a failure to create it is the stream's error.
  const stream = new FlushingWriter(partialPath, onWritten);
  let committed = false;
  const withFile = async <T>(flags: string, f: (h: FileHandle) => Promise<T>): Promise<T> => {
    const h = await open(partialPath, flags);
    try {
      return await f(h);
    } finally {
      await h.close();
    }
  };
  return {
    partialPath,
    stream,
    async patch(bytes, position) {
      await withFile('r+', async (h) => { await h.write(bytes, 0, bytes.length, position); });
    },
    async read(position, length) {
      return withFile('r', async (h) => {
        const buf = Buffer.alloc(length);
        const { bytesRead } = await h.read(buf, 0, length, position);
        return buf.subarray(0, bytesRead);
      });
    },
    async commit() {
      try {
        await withFile('r+', (h) => h.sync());
        try {
          await link(partialPath, path);
          await unlink(partialPath);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
          if (await exists(path)) throw new SnapvisorError('target_exists', { path });
          await rename(partialPath, path);
        }
        committed = true;
      } catch (e) {
        throw writeFailure(e, path);
      }
      // The new name made durable; the bytes already are, and the file is complete either way.
      const dir = await open(dirname(path), 'r').catch(() => null);
      await dir?.sync().catch(() => undefined);
      await dir?.close();
    },
    async discard() {
      if (!stream.closed) {
        // The file is opened asynchronously: wait until the stream let go of it, or it could appear after the unlink.
        const closed = once(stream, 'close').catch(() => undefined);
        stream.destroy();
        await closed;
      }
      if (!committed) await unlink(partialPath).catch(() => undefined);
    },
  };
}
