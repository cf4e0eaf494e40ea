// Where a file's data and its holes are, as the file system knows them: lseek(2) with SEEK_DATA
// and SEEK_HOLE, as libvirt's sparse streams find them on the host. For a volume read from its
// file on this machine rather than through a stream, so that a sparse image's holes are skipped,
// never read as zeros (a raw disk of 20 GiB holding 2 GiB is 2 GiB to read). libc loads on the
// first call. The file's offset moves; readers of these descriptors read at explicit positions.
import koffi from 'koffi';

const SEEK_DATA = 3;
const SEEK_HOLE = 4;
const { ENXIO, EINVAL } = koffi.os.errno as { ENXIO: number; EINVAL: number };

let lseek: ((fd: number, offset: number, whence: number) => number | bigint) | null = null;

function seek(fd: number, offset: number, whence: number): number | 'none' | 'unsupported' {
  lseek ??= koffi.load('libc.so.6').func('int64_t lseek(int fd, int64_t offset, int whence)') as (fd: number, offset: number, whence: number) => number | bigint;
  const at = Number(lseek(fd, offset, whence));
  if (at >= 0) return at;
  const e = koffi.errno();
  if (e === ENXIO) return 'none';
  if (e === EINVAL) return 'unsupported';
  throw Object.assign(new Error(`lseek failed (errno ${e})`), { errno: e });
}

/**
 * The next stretch of data at or after `offset` in the open file `fd`: where it starts and where
 * the hole after it begins (the file's end when none). null when only a hole is left. A file
 * system that cannot tell gives the whole rest as data.
 */
export function nextDataRun(fd: number, offset: number): { start: number; end: number } | null {
  const start = seek(fd, offset, SEEK_DATA);
  if (start === 'none') return null;
  const from = start === 'unsupported' ? offset : start;
  const end = seek(fd, from, SEEK_HOLE);
  return { start: from, end: typeof end === 'number' ? end : Number.MAX_SAFE_INTEGER };
}
