// Snapshot rows and their disks. Every multi-row change runs in one transaction.
//
// At 10,000 rows a list costs what turning rows into objects costs, not finding them. So each
// statement is prepared once, rows are read as arrays and the disks of a whole list in one query,
// and every object built is kept while its row's revision (migration 005) holds: a list asks
// SQLite which rows match, in order, with their revisions, and builds only the rows it has not
// seen at that revision. Kept objects are shared by every caller, so they are frozen.
//
// This repository is the only writer of snapshots, their disks and thumbnails, and stamps every
// row it writes (or whose disks or thumbnail it writes) with the next revision; the triggers of
// migration 005 cover only writes that stamp nothing (foreign-key actions) and removals.
import type { Db, Statement } from './db';
import { statementCache, transactionRunner } from './db';
import type {
  DiskLocation, Snapshot, SnapshotDisk, SnapshotFilter, SnapshotKind, SnapshotOrigin, SnapshotState,
} from '../../shared/model';
import { TRANSIENT_STATES } from '../../shared/model';
import { nowIso } from './ids';

const COLUMNS = `id, host_id, vm_uuid, vm_name, libvirt_name, name, description, kind, state, location, parent_id,
  protected, dependent_of, origin, schedule_id, quiesced, vm_state, memory_file, created_at, expires_at, size_bytes,
  error, EXISTS (SELECT 1 FROM snapshot_thumbnails t WHERE t.snapshot_id = snapshots.id), is_current, rev`;

/** A row as COLUMNS reads it (raw mode: an array, no per-row key lookups). */
type Row = [
  id: string, hostId: string, vmUuid: string, vmName: string, libvirtName: string | null, name: string, description: string,
  kind: SnapshotKind, state: SnapshotState, location: 'internal' | 'external', parentId: string | null, isProtected: number,
  dependentOf: string | null, origin: SnapshotOrigin, scheduleId: string | null, quiesced: number, vmState: string | null,
  memoryFile: string | null, createdAt: string, expiresAt: string | null, sizeBytes: number | null, error: string | null,
  hasThumbnail: number, current: number, rev: number,
];

const DISK_COLUMNS = 'snapshot_id, target, location, format, file, overlay, size_bytes';
type DiskRow = [snapshotId: string, target: string, location: DiskLocation, format: string | null, file: string | null, overlay: string | null, sizeBytes: number | null];

/** Which rows match and their revisions, in the list's order. */
type Key = [id: string, rev: number];

export type NewSnapshot = Omit<Snapshot, 'createdAt' | 'hasThumbnail' | 'current' | 'error' | 'sizeBytes'> & {
  createdAt?: string;
  current?: boolean;
  error?: string | null;
  sizeBytes?: number | null;
};

export type SnapshotPatch = Partial<Pick<Snapshot,
  'name' | 'description' | 'state' | 'protected' | 'parentId' | 'error' | 'sizeBytes' | 'vmState' | 'memoryFile' |
  'quiesced' | 'libvirtName' | 'location' | 'origin' | 'vm' | 'kind' | 'expiresAt'>>;

/** What reconcile compares of every row, read without building whole snapshots. */
export type SnapshotStub = Pick<Snapshot, 'id' | 'hostId' | 'libvirtName' | 'dependentOf' | 'state' | 'location'> & { vmUuid: string };

/** What changed on a host after a revision: the rows as they are now, and the ids removed. */
export interface SnapshotChanges {
  revision: number;
  changed: Snapshot[];
  removedIds: string[];
}

const PATCH_COLUMNS: Record<Exclude<keyof SnapshotPatch, 'vm'>, string> = {
  name: 'name',
  description: 'description',
  state: 'state',
  protected: 'protected',
  parentId: 'parent_id',
  error: 'error',
  sizeBytes: 'size_bytes',
  vmState: 'vm_state',
  memoryFile: 'memory_file',
  quiesced: 'quiesced',
  libvirtName: 'libvirt_name',
  location: 'location',
  origin: 'origin',
  kind: 'kind',
  expiresAt: 'expires_at',
};

/** SQLite's parameter limit is far above this; chunks keep IN lists short. */
const CHUNK = 500;
/** Above this many rows to build, one query with the list's own filter beats lookups by id. */
const BULK = 200;
const ORDER = 'ORDER BY created_at DESC, id';

function freezeSnapshot(s: Snapshot): Snapshot {
  for (const d of s.disks) Object.freeze(d);
  Object.freeze(s.disks);
  Object.freeze(s.vm);
  return Object.freeze(s);
}

function toSnapshot(r: Row, disks: SnapshotDisk[]): Snapshot {
  return freezeSnapshot({
    id: r[0],
    hostId: r[1],
    name: r[5],
    description: r[6],
    vm: { name: r[3], uuid: r[2] },
    kind: r[7],
    state: r[8],
    location: r[9],
    libvirtName: r[4],
    protected: r[11] === 1,
    parentId: r[10],
    dependentOf: r[12],
    current: r[23] === 1,
    origin: r[13],
    scheduleId: r[14],
    quiesced: r[15] === 1,
    vmState: r[16],
    memoryFile: r[17],
    createdAt: r[18],
    expiresAt: r[19],
    sizeBytes: r[20],
    disks,
    error: r[21],
    hasThumbnail: r[22] === 1,
  });
}

const toDisk = (d: DiskRow): SnapshotDisk => ({
  target: d[1], location: d[2], format: d[3], file: d[4], overlay: d[5], sizeBytes: d[6],
});

/**
 * Rows that SQLite wrote as JSON arrays (json_array): better-sqlite3 hands every value to V8
 * through its API, and at 25 columns V8's JSON.parse builds the same arrays in half the time.
 * The columns hold text, integers and NULL, which JSON carries as they are.
 */
const parseRows = (texts: string[]): unknown[][] => texts.map((t) => JSON.parse(t) as unknown[]);

/** The order SQLite gives disks (ORDER BY target, BINARY collation). */
const byTarget = (a: SnapshotDisk, b: SnapshotDisk): number => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0);

/** LIKE pattern matching `text` literally anywhere. */
function likeAnywhere(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** "2024-05-01" as an inclusive upper bound means the whole day. */
function untilBound(until: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? `${until}T23:59:59.999Z` : new Date(until).toISOString();
}

interface Where {
  sql: string;
  values: (string | number)[];
}

function whereOf(filter: SnapshotFilter): Where {
  const where: string[] = [];
  const values: (string | number)[] = [];
  if (filter.hostId !== undefined) { where.push('host_id = ?'); values.push(filter.hostId); }
  if (filter.vmUuid !== undefined) { where.push('vm_uuid = ?'); values.push(filter.vmUuid); }
  if (filter.kind !== undefined) { where.push('kind = ?'); values.push(filter.kind); }
  if (filter.state !== undefined) { where.push('state = ?'); values.push(filter.state); }
  if (filter.since !== undefined) { where.push('created_at >= ?'); values.push(new Date(filter.since).toISOString()); }
  if (filter.until !== undefined) { where.push('created_at <= ?'); values.push(untilBound(filter.until)); }
  if (filter.search !== undefined && filter.search.trim() !== '') {
    where.push("(name LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\' OR vm_name LIKE ? ESCAPE '\\' OR id = ?)");
    const p = likeAnywhere(filter.search.trim());
    values.push(p, p, p, filter.search.trim());
  }
  if (!filter.includeDependents) where.push('dependent_of IS NULL');
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', values };
}

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

export class SnapshotsRepo {
  private readonly stmt: (sql: string) => Statement;
  private readonly run: <T>(fn: () => T) => T;
  /** Built objects by id, each valid while its row's revision is `rev`. */
  private readonly kept = new Map<string, { rev: number; snapshot: Snapshot }>();
  /** Tombstones up to this revision have been dropped from `kept`. */
  private tombstonesSeen = 0;

  constructor(private readonly db: Db) {
    this.stmt = statementCache(db);
    this.run = transactionRunner(db);
  }

  transaction<T>(fn: () => T): T {
    return this.run(fn);
  }

  /** Runs `fn` in a transaction, or as part of the caller's (a savepoint per row adds up). */
  private atomically<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.transaction(fn);
  }

  insert(s: NewSnapshot): Snapshot {
    const createdAt = s.createdAt ?? nowIso();
    this.atomically(() => {
      this.stmt(`INSERT INTO snapshots (id, host_id, vm_uuid, vm_name, libvirt_name, name, description, kind, state,
          location, parent_id, protected, dependent_of, origin, schedule_id, quiesced, vm_state, memory_file, created_at,
          expires_at, size_bytes, error, updated_at, is_current, rev)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        s.id, s.hostId, s.vm.uuid, s.vm.name, s.libvirtName, s.name, s.description, s.kind, s.state, s.location,
        s.parentId, s.protected ? 1 : 0, s.dependentOf, s.origin, s.scheduleId, s.quiesced ? 1 : 0, s.vmState,
        s.memoryFile, createdAt, s.expiresAt, s.sizeBytes ?? null, s.error ?? null, nowIso(), s.current ? 1 : 0, this.nextRev(),
      );
      this.insertDisks(s.id, s.disks);
    });
    // What a read would give back, without reading it (an adopt or reconcile inserts thousands).
    return freezeSnapshot({
      id: s.id, hostId: s.hostId, name: s.name, description: s.description, vm: { name: s.vm.name, uuid: s.vm.uuid },
      kind: s.kind, state: s.state, location: s.location, libvirtName: s.libvirtName, protected: s.protected,
      parentId: s.parentId, dependentOf: s.dependentOf, current: s.current ?? false, origin: s.origin, scheduleId: s.scheduleId,
      quiesced: s.quiesced, vmState: s.vmState, memoryFile: s.memoryFile, createdAt, expiresAt: s.expiresAt,
      sizeBytes: s.sizeBytes ?? null, disks: s.disks.map((d) => ({ ...d })).sort(byTarget), error: s.error ?? null, hasThumbnail: false,
    });
  }

  replaceDisks(snapshotId: string, disks: SnapshotDisk[]): void {
    this.transaction(() => {
      this.stmt('DELETE FROM snapshot_disks WHERE snapshot_id = ?').run(snapshotId);
      this.insertDisks(snapshotId, disks);
      this.stamp(snapshotId);
    });
  }

  private insertDisks(snapshotId: string, disks: SnapshotDisk[]): void {
    const ins = this.stmt('INSERT INTO snapshot_disks (snapshot_id, target, location, format, file, overlay, size_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const d of disks) ins.run(snapshotId, d.target, d.location, d.format, d.file, d.overlay, d.sizeBytes);
  }

  update(id: string, patch: SnapshotPatch): Snapshot {
    const sets: string[] = [];
    const values: (string | number | null)[] = [];
    for (const [key, value] of Object.entries(patch) as [keyof SnapshotPatch, unknown][]) {
      if (value === undefined) continue;
      if (key === 'vm') {
        const vm = value as Snapshot['vm'];
        sets.push('vm_name = ?', 'vm_uuid = ?');
        values.push(vm.name, vm.uuid);
        continue;
      }
      sets.push(`${PATCH_COLUMNS[key]} = ?`);
      values.push(typeof value === 'boolean' ? (value ? 1 : 0) : (value as string | number | null));
    }
    if (sets.length > 0) {
      sets.push('updated_at = ?', 'rev = ?');
      values.push(nowIso(), this.nextRev(), id);
      this.stmt(`UPDATE snapshots SET ${sets.join(', ')} WHERE id = ?`).run(...values);
    }
    return this.require(id);
  }

  /** Sets the state (and error) of snapshots and their dependents, without reading them back. */
  setStates(ids: readonly string[], state: SnapshotState, error: string | null): void {
    const set = this.stmt('UPDATE snapshots SET state = ?, error = ?, updated_at = ?, rev = ? WHERE id = ? OR dependent_of = ?');
    this.atomically(() => {
      const at = nowIso();
      for (const id of ids) set.run(state, error, at, this.nextRev(), id, id);
    });
  }

  setThumbnail(id: string, png: Buffer | null): void {
    this.transaction(() => {
      if (png === null) this.stmt('DELETE FROM snapshot_thumbnails WHERE snapshot_id = ?').run(id);
      else this.stmt('INSERT INTO snapshot_thumbnails (snapshot_id, png) VALUES (?, ?) ON CONFLICT (snapshot_id) DO UPDATE SET png = excluded.png').run(id, png);
      this.stamp(id);
    });
  }

  thumbnail(id: string): Buffer | null {
    const png = this.stmt('SELECT png FROM snapshot_thumbnails WHERE snapshot_id = ?').pluck().get(id) as Buffer | undefined;
    return png ?? null;
  }

  /** Marks libvirt's current snapshot of a VM (at most one), or none; writes only what differs. */
  setCurrent(hostId: string, vmUuid: string, id: string | null): void {
    this.transaction(() => {
      const marked = this.stmt('SELECT id FROM snapshots WHERE host_id = ? AND vm_uuid = ? AND is_current = 1').pluck().all(hostId, vmUuid) as string[];
      if (marked.length === (id === null ? 0 : 1) && (id === null || marked[0] === id)) return;
      this.stmt('UPDATE snapshots SET is_current = 0, rev = ? WHERE host_id = ? AND vm_uuid = ? AND is_current = 1').run(this.nextRev(), hostId, vmUuid);
      if (id !== null) this.stmt('UPDATE snapshots SET is_current = 1, rev = ? WHERE id = ?').run(this.nextRev(), id);
    });
  }

  get(id: string): Snapshot | null {
    return this.select('WHERE id = ?', [id], '')[0] ?? null;
  }

  require(id: string): Snapshot {
    const s = this.get(id);
    if (!s) throw new Error(`snapshot ${id} not in the store`);
    return s;
  }

  /** The snapshots with these ids that still exist, in the order asked. */
  byIds(ids: readonly string[]): Snapshot[] {
    const out: Snapshot[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const found = new Map(this.select(`WHERE id IN (${marks(chunk.length)})`, chunk, '').map((s) => [s.id, s]));
      for (const id of chunk) {
        const s = found.get(id);
        if (s) out.push(s);
      }
    }
    return out;
  }

  byLibvirtName(hostId: string, vmUuid: string, libvirtName: string): Snapshot | null {
    return this.select('WHERE host_id = ? AND vm_uuid = ? AND libvirt_name = ? AND dependent_of IS NULL', [hostId, vmUuid, libvirtName], '')[0] ?? null;
  }

  list(filter: SnapshotFilter = {}): Snapshot[] {
    const w = whereOf(filter);
    return filter.limit === undefined ? this.select(w.sql, w.values, ORDER) : this.select(w.sql, [...w.values, filter.limit], `${ORDER} LIMIT ?`);
  }

  /** Every row of a host as a stub: a few columns, no disks, nothing kept. */
  stubs(hostId: string): SnapshotStub[] {
    const rows = this.stmt('SELECT id, host_id, vm_uuid, libvirt_name, dependent_of, state, location FROM snapshots WHERE host_id = ?')
      .raw(true).all(hostId) as [string, string, string, string | null, string | null, SnapshotState, Snapshot['location']][];
    return rows.map((r) => ({ id: r[0], hostId: r[1], vmUuid: r[2], libvirtName: r[3], dependentOf: r[4], state: r[5], location: r[6] }));
  }

  children(id: string): Snapshot[] {
    return this.select('WHERE parent_id = ? AND dependent_of IS NULL', [id], 'ORDER BY created_at');
  }

  dependents(id: string): Snapshot[] {
    return this.select('WHERE dependent_of = ?', [id], 'ORDER BY name');
  }

  inStates(states: readonly SnapshotState[], hostId?: string): Snapshot[] {
    return hostId === undefined
      ? this.select(`WHERE state IN (${marks(states.length)})`, [...states], '')
      : this.select(`WHERE host_id = ? AND state IN (${marks(states.length)})`, [hostId, ...states], '');
  }

  transient(hostId?: string): Snapshot[] {
    return this.inStates(TRANSIENT_STATES, hostId);
  }

  countByVm(hostId: string): Map<string, number> {
    const rows = this.stmt('SELECT vm_uuid, COUNT(*) FROM snapshots WHERE host_id = ? AND dependent_of IS NULL GROUP BY vm_uuid').raw(true).all(hostId) as [string, number][];
    return new Map(rows);
  }

  namesOfVm(hostId: string, vmUuid: string): Set<string> {
    return new Set(this.stmt('SELECT name FROM snapshots WHERE host_id = ? AND vm_uuid = ? AND dependent_of IS NULL').pluck().all(hostId, vmUuid) as string[]);
  }

  /**
   * Files the rows of a host still need: every row's frozen images and memory file (except rows
   * whose create failed: they hold nothing), and the overlays of rows being created.
   */
  neededFiles(hostId: string): Set<string> {
    const rows = this.stmt(`SELECT d.file AS a, CASE WHEN s.state = 'creating' THEN d.overlay END AS b, NULL AS c
        FROM snapshot_disks d JOIN snapshots s ON s.id = d.snapshot_id WHERE s.host_id = ? AND s.state <> 'error'
      UNION ALL SELECT NULL, NULL, memory_file FROM snapshots WHERE host_id = ? AND state <> 'error' AND memory_file IS NOT NULL`)
      .all(hostId, hostId) as { a: string | null; b: string | null; c: string | null }[];
    const out = new Set<string>();
    for (const r of rows) for (const p of [r.a, r.b, r.c]) if (p) out.add(p);
    return out;
  }

  /** The VM's rows (dependents too) whose frozen image or overlay is `path`. */
  withDiskFile(hostId: string, vmUuid: string, path: string): Snapshot[] {
    const ids = this.stmt(`SELECT DISTINCT s.id FROM snapshots s JOIN snapshot_disks d ON d.snapshot_id = s.id
      WHERE s.host_id = ? AND s.vm_uuid = ? AND (d.file = ? OR d.overlay = ?)`).pluck().all(hostId, vmUuid, path, path) as string[];
    return ids.map((id) => this.require(id));
  }

  /** After `from` was merged into `to` (whose format is `format`): the VM's rows name `to` instead. */
  moveDiskFile(hostId: string, vmUuid: string, from: string, to: string, format: string | null): void {
    this.transaction(() => {
      const ids = this.stmt(`SELECT DISTINCT d.snapshot_id FROM snapshot_disks d JOIN snapshots s ON s.id = d.snapshot_id
        WHERE s.host_id = ? AND s.vm_uuid = ? AND (d.file = ? OR d.overlay = ?)`).pluck().all(hostId, vmUuid, from, from) as string[];
      for (const id of ids) {
        this.stmt('UPDATE snapshot_disks SET file = ?, format = ? WHERE snapshot_id = ? AND file = ?').run(to, format, id, from);
        this.stmt('UPDATE snapshot_disks SET overlay = ? WHERE snapshot_id = ? AND overlay = ?').run(to, id, from);
        this.stamp(id);
      }
    });
  }

  /** Removes a snapshot with its dependents; its children move up to its parent. */
  remove(id: string): void {
    this.transaction(() => {
      const parent = this.stmt('SELECT parent_id FROM snapshots WHERE id = ?').raw(true).get(id) as [string | null] | undefined;
      if (!parent) return;
      this.stmt('UPDATE snapshots SET parent_id = ?, updated_at = ?, rev = ? WHERE parent_id = ?').run(parent[0], nowIso(), this.nextRev(), id);
      this.stmt('DELETE FROM snapshots WHERE dependent_of = ?').run(id);
      this.stmt('DELETE FROM snapshots WHERE id = ?').run(id);
    });
  }

  /** The next revision, for a row about to be written (the counter moves on even if nothing matches). */
  private nextRev(): number {
    return this.stmt('UPDATE snapshot_revision SET n = n + 1 RETURNING n').pluck().get() as number;
  }

  /** Stamps a row whose disks or thumbnail changed. */
  private stamp(id: string): void {
    this.stmt('UPDATE snapshots SET rev = ? WHERE id = ?').run(this.nextRev(), id);
  }

  /** The store's revision: it moves on with every change to any snapshot, its disks or thumbnail. */
  revision(): number {
    return this.stmt('SELECT n FROM snapshot_revision').pluck().get() as number;
  }

  /** A host's snapshots changed or removed after `revision` (by anyone writing this file). */
  changesSince(hostId: string, revision: number): SnapshotChanges {
    return this.transaction(() => ({
      revision: this.revision(),
      changed: this.select('WHERE host_id = ? AND rev > ?', [hostId, revision], ORDER),
      removedIds: this.stmt('SELECT snapshot_id FROM snapshot_tombstones WHERE host_id = ? AND rev > ? ORDER BY rev').pluck().all(hostId, revision) as string[],
    }));
  }

  /** Forgets tombstones older than `before` (an ISO time): listeners have long been told. */
  pruneTombstones(before: string): void {
    this.stmt('DELETE FROM snapshot_tombstones WHERE removed_at < ?').run(before);
  }

  /**
   * The rows matching `where`, in `order`: their ids and revisions first, then only the rows not
   * kept at that revision are read and built. One read transaction (or the caller's), so both
   * reads see the same data. Inside a caller's transaction nothing is kept: it may still roll back.
   */
  private select(where: string, values: unknown[], order: string): Snapshot[] {
    const keep = !this.db.inTransaction;
    return this.atomically(() => {
      if (keep) this.dropRemoved();
      // Nothing kept yet (a process's first list, the CLI's only one): every row is to be built,
      // so the rows come in order at once, without a first query for their keys.
      if (this.kept.size === 0) {
        const matching = `FROM snapshots ${where} ${order}`;
        return this.build(this.rows(matching, values),
          this.disks(`WHERE snapshot_id IN (SELECT id ${matching})`, values), keep);
      }
      const keys = this.stmt(`SELECT id, rev FROM snapshots ${where} ${order}`).raw(true).all(...values) as Key[];
      const missing: string[] = [];
      for (const [id, rev] of keys) if (this.kept.get(id)?.rev !== rev) missing.push(id);
      const built = new Map<string, Snapshot>();
      const add = (list: Snapshot[]): void => {
        for (const s of list) built.set(s.id, s);
      };
      if (missing.length > BULK) {
        add(this.build(this.rows(`FROM snapshots ${where}`, values),
          this.disks(`WHERE snapshot_id IN (SELECT id FROM snapshots ${where})`, values), keep));
      } else {
        for (let i = 0; i < missing.length; i += CHUNK) {
          const ids = missing.slice(i, i + CHUNK);
          const m = marks(ids.length);
          add(this.build(this.rows(`FROM snapshots WHERE id IN (${m})`, ids),
            this.disks(`WHERE snapshot_id IN (${m})`, ids), keep));
        }
      }
      return keys.map(([id]) => built.get(id) ?? this.kept.get(id)!.snapshot);
    });
  }

  private rows(from: string, values: unknown[]): Row[] {
    return parseRows(this.stmt(`SELECT json_array(${COLUMNS}) ${from}`).pluck().all(...values) as string[]) as Row[];
  }

  /** The disks of the rows `where` picks, ordered by snapshot and target. */
  private disks(where: string, values: unknown[]): DiskRow[] {
    return parseRows(this.stmt(`SELECT json_array(${DISK_COLUMNS}) FROM snapshot_disks ${where} ORDER BY snapshot_id, target`).pluck().all(...values) as string[]) as DiskRow[];
  }

  /** Snapshots of `rows`, in their order, each kept at its revision when `keep`. */
  private build(rows: Row[], disks: DiskRow[], keep: boolean): Snapshot[] {
    const byId = new Map<string, SnapshotDisk[]>();
    for (const d of disks) {
      const list = byId.get(d[0]);
      if (list) list.push(toDisk(d));
      else byId.set(d[0], [toDisk(d)]);
    }
    return rows.map((r) => {
      const s = toSnapshot(r, byId.get(r[0]) ?? []);
      if (keep) this.kept.set(s.id, { rev: r[24], snapshot: s });
      return s;
    });
  }

  /** Lets go of kept rows that have since been removed (by this process or another). */
  private dropRemoved(): void {
    const gone = this.stmt('SELECT rev, snapshot_id FROM snapshot_tombstones WHERE rev > ? ORDER BY rev').raw(true).all(this.tombstonesSeen) as [number, string][];
    for (const [rev, id] of gone) {
      this.kept.delete(id);
      this.tombstonesSeen = rev;
    }
  }
}
