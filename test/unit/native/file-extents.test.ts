// A file's data and holes as the file system knows them (file-extents.ts, lseek SEEK_DATA and
// SEEK_HOLE) on a real sparse file: the data between two holes found, the hole at its end and an
// empty file giving no data, and a file with no holes one run to its end.
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nextDataRun } from '../../../native';

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'sv-extents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withFile(name: string, make: (fd: number) => void, use: (fd: number) => void): void {
  const fd = openSync(join(dir, name), 'w+');
  try {
    make(fd);
    use(fd);
  } finally {
    closeSync(fd);
  }
}

describe('nextDataRun', () => {
  it('finds the data between two holes, and nothing after the last', () => {
    withFile('sparse', (fd) => {
      ftruncateSync(fd, 64 * MiB);
      writeSync(fd, Buffer.alloc(MiB, 7), 0, MiB, 32 * MiB);
    }, (fd) => {
      expect(nextDataRun(fd, 0)).toEqual({ start: 32 * MiB, end: 33 * MiB });
      expect(nextDataRun(fd, 32 * MiB + 5)).toEqual({ start: 32 * MiB + 5, end: 33 * MiB });
      expect(nextDataRun(fd, 33 * MiB)).toBeNull();
    });
  });

  it('gives a file without holes as one run, and an empty one as none', () => {
    withFile('dense', (fd) => writeSync(fd, Buffer.alloc(3 * MiB + 1, 1)), (fd) => {
      expect(nextDataRun(fd, 0)).toEqual({ start: 0, end: 3 * MiB + 1 });
    });
    withFile('empty', () => undefined, (fd) => expect(nextDataRun(fd, 0)).toBeNull());
  });
});
