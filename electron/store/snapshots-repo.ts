// Snapshot rows and their disks. Every multi-row change runs in one transaction.
import type { Db } from './db';
import type {
  Snapshot, SnapshotDisk, SnapshotFilter, SnapshotKind, SnapshotOrigin, SnapshotState,
} from '../services/model';
import { TRANSIENT_STATES } from '../services/model';
import { nowIso } from './ids';

/**
 * The snapshot columns read, in order. Rows are read as arrays (better-sqlite3's raw mode) and
 * turned into Snapshots here: better-sqlite3 builds a row object property by property, which
 * made a list of 10,000 snapshots three times slower than the query itself.
 */
const ROW_COLUMNS = [
  'id', 'host_id', 'vm_uuid', 'vm_name', 'libvirt_name', 'name', 'description', 'kind', 'state', 'location', 'parent_id',
  'protected', 'dependent_of', 'origin', 'schedule_id', 'quiesced', 'vm_state', 'memory_file', 'created_at', 'expires_at',
  'size_bytes', 'error', 'has_thumbnail', 'is_current',
] as const;
type RowColumn = (typeof ROW_COLUMNS)[number];
/** Columns computed in the SELECT rather than stored. */
const COMPUTED: Partial<Record<RowColumn, string>> = { has_thumbnail: 'thumbnail IS NOT NULL' };
const COLUMNS = ROW_COLUMNS.map((c) => (COMPUTED[c] ? `${COMPUTED[c]} AS ${c}` : c)).join(', ');
const AT = Object.fromEntries(ROW_COLUMNS.map((c, i) => [c, i])) as Record<RowColumn, number>;

type RawRow = readonly unknown[];

const DISK_COLUMNS = ['snapshot_id', 'target', 'location', 'format', 'file', 'overlay', 'size_bytes'] as const;

export type NewSnapshot = Omit<Snapshot, 'createdAt' | 'hasThumbnail' | 'current' | 'error' | 'sizeBytes'> & {
  createdAt?: string;
  current?: boolean;
  error?: string | null;
  sizeBytes?: number | null;
};

export type SnapshotPatch = Partial<Pick<Snapshot,
  'name' | 'description' | 'state' | 'protected' | 'parentId' | 'error' | 'sizeBytes' | 'vmState' | 'memoryFile' |
  'quiesced' | 'libvirtName' | 'location' | 'origin' | 'vm' | 'kind' | 'expiresAt'>>;

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

function toSnapshot(r: RawRow, disks: SnapshotDisk[]): Snapshot {
  return {
    id: r[AT.id] as string,
    hostId: r[AT.host_id] as string,
    name: r[AT.name] as string,
    description: r[AT.description] as string,
    vm: { name: r[AT.vm_name] as string, uuid: r[AT.vm_uuid] as string },
    kind: r[AT.kind] as SnapshotKind,
    state: r[AT.state] as SnapshotState,
    location: r[AT.location] as 'internal' | 'external',
    libvirtName: r[AT.libvirt_name] as string | null,
    protected: r[AT.protected] === 1,
    parentId: r[AT.parent_id] as string | null,
    dependentOf: r[AT.dependent_of] as string | null,
    current: r[AT.is_current] === 1,
    origin: r[AT.origin] as SnapshotOrigin,
    scheduleId: r[AT.schedule_id] as string | null,
    quiesced: r[AT.quiesced] === 1,
    vmState: r[AT.vm_state] as string | null,
    memoryFile: r[AT.memory_file] as string | null,
    createdAt: r[AT.created_at] as string,
    expiresAt: r[AT.expires_at] as string | null,
    sizeBytes: r[AT.size_bytes] as number | null,
    disks,
    error: r[AT.error] as string | null,
    hasThumbnail: r[AT.has_thumbnail] === 1,
  };
}

/** A snapshot_disks row read raw, in DISK_COLUMNS order. */
const toDisk = (d: RawRow): SnapshotDisk => ({
  target: d[1] as string, location: d[2] as SnapshotDisk['location'], format: d[3] as string | null, file: d[4] as string | null,
  overlay: d[5] as string | null, sizeBytes: d[6] as number | null,
});

/** LIKE pattern matching `text` literally anywhere. */
function likeAnywhere(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** "2024-05-01" as an inclusive upper bound means the whole day. */
function untilBound(until: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? `${until}T23:59:59.999Z` : new Date(until).toISOString();
}

export class SnapshotsRepo {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insert(s: NewSnapshot): Snapshot {
    const createdAt = s.createdAt ?? nowIso();
    this.transaction(() => {
      this.db.prepare(`INSERT INTO snapshots (id, host_id, vm_uuid, vm_name, libvirt_name, name, description, kind, state,
          location, parent_id, protected, dependent_of, origin, schedule_id, quiesced, vm_state, memory_file, created_at,
          expires_at, size_bytes, error, updated_at, is_current)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        s.id, s.hostId, s.vm.uuid, s.vm.name, s.libvirtName, s.name, s.description, s.kind, s.state, s.location,
        s.parentId, s.protected ? 1 : 0, s.dependentOf, s.origin, s.scheduleId, s.quiesced ? 1 : 0, s.vmState,
        s.memoryFile, createdAt, s.expiresAt, s.sizeBytes ?? null, s.error ?? null, nowIso(), s.current ? 1 : 0,
      );
      this.replaceDisks(s.id, s.disks);
    });
    return this.require(s.id);
  }

  replaceDisks(snapshotId: string, disks: SnapshotDisk[]): void {
    this.transaction(() => {
      this.db.prepare('DELETE FROM snapshot_disks WHERE snapshot_id = ?').run(snapshotId);
      const ins = this.db.prepare('INSERT INTO snapshot_disks (snapshot_id, target, location, format, file, overlay, size_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const d of disks) ins.run(snapshotId, d.target, d.location, d.format, d.file, d.overlay, d.sizeBytes);
    });
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
      sets.push('updated_at = ?');
      values.push(nowIso(), id);
      this.db.prepare(`UPDATE snapshots SET ${sets.join(', ')} WHERE id = ?`).run(...values);
    }
    return this.require(id);
  }

  setThumbnail(id: string, png: Buffer | null): void {
    this.db.prepare('UPDATE snapshots SET thumbnail = ? WHERE id = ?').run(png, id);
  }

  thumbnail(id: string): Buffer | null {
    const r = this.db.prepare('SELECT thumbnail FROM snapshots WHERE id = ?').get(id) as { thumbnail: Buffer | null } | undefined;
    return r?.thumbnail ?? null;
  }

  /** Marks libvirt's current snapshot of a VM (at most one), or none. */
  setCurrent(hostId: string, vmUuid: string, id: string | null): void {
    this.transaction(() => {
      this.db.prepare('UPDATE snapshots SET is_current = 0 WHERE host_id = ? AND vm_uuid = ? AND is_current = 1').run(hostId, vmUuid);
      if (id !== null) this.db.prepare('UPDATE snapshots SET is_current = 1 WHERE id = ?').run(id);
    });
  }

  get(id: string): Snapshot | null {
    return this.read(`SELECT ${COLUMNS} FROM snapshots WHERE id = ?`, id)[0] ?? null;
  }

  require(id: string): Snapshot {
    const s = this.get(id);
    if (!s) throw new Error(`snapshot ${id} not in the store`);
    return s;
  }

  byLibvirtName(hostId: string, vmUuid: string, libvirtName: string): Snapshot | null {
    return this.read(`SELECT ${COLUMNS} FROM snapshots WHERE host_id = ? AND vm_uuid = ? AND libvirt_name = ? AND dependent_of IS NULL`,
      hostId, vmUuid, libvirtName)[0] ?? null;
  }

  list(filter: SnapshotFilter = {}): Snapshot[] {
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
    const sql = `SELECT ${COLUMNS} FROM snapshots ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id`;
    return this.read(sql, ...values);
  }

  children(id: string): Snapshot[] {
    return this.read(`SELECT ${COLUMNS} FROM snapshots WHERE parent_id = ? AND dependent_of IS NULL ORDER BY created_at`, id);
  }

  dependents(id: string): Snapshot[] {
    return this.read(`SELECT ${COLUMNS} FROM snapshots WHERE dependent_of = ? ORDER BY name`, id);
  }

  inStates(states: readonly SnapshotState[], hostId?: string): Snapshot[] {
    const marks = states.map(() => '?').join(', ');
    return hostId === undefined
      ? this.read(`SELECT ${COLUMNS} FROM snapshots WHERE state IN (${marks})`, ...states)
      : this.read(`SELECT ${COLUMNS} FROM snapshots WHERE host_id = ? AND state IN (${marks})`, hostId, ...states);
  }

  transient(hostId?: string): Snapshot[] {
    return this.inStates(TRANSIENT_STATES, hostId);
  }

  countByVm(hostId: string): Map<string, number> {
    const rows = this.db.prepare('SELECT vm_uuid, COUNT(*) AS n FROM snapshots WHERE host_id = ? AND dependent_of IS NULL GROUP BY vm_uuid').all(hostId) as { vm_uuid: string; n: number }[];
    return new Map(rows.map((r) => [r.vm_uuid, r.n]));
  }

  namesOfVm(hostId: string, vmUuid: string): Set<string> {
    const rows = this.db.prepare('SELECT name FROM snapshots WHERE host_id = ? AND vm_uuid = ? AND dependent_of IS NULL').all(hostId, vmUuid) as { name: string }[];
    return new Set(rows.map((r) => r.name));
  }

  /** Removes a snapshot with its dependents; its children move up to its parent. */
  remove(id: string): void {
    this.transaction(() => {
      const row = this.db.prepare('SELECT parent_id FROM snapshots WHERE id = ?').get(id) as { parent_id: string | null } | undefined;
      if (!row) return;
      this.db.prepare('UPDATE snapshots SET parent_id = ?, updated_at = ? WHERE parent_id = ?').run(row.parent_id, nowIso(), id);
      this.db.prepare('DELETE FROM snapshots WHERE dependent_of = ?').run(id);
      this.db.prepare('DELETE FROM snapshots WHERE id = ?').run(id);
    });
  }

  /** Snapshots selected by `sql` (which selects COLUMNS), each with its disks. */
  private read(sql: string, ...values: (string | number)[]): Snapshot[] {
    const rows = this.db.prepare(sql).raw(true).all(...values) as RawRow[];
    if (rows.length === 0) return [];
    const byId = new Map<string, SnapshotDisk[]>();
    // One query per 500 snapshots for their disks: below SQLite's parameter limit.
    for (let i = 0; i < rows.length; i += 500) {
      const ids = rows.slice(i, i + 500).map((r) => r[AT.id] as string);
      const disks = this.db.prepare(`SELECT ${DISK_COLUMNS.join(', ')} FROM snapshot_disks WHERE snapshot_id IN (${ids.map(() => '?').join(', ')}) ORDER BY target`)
        .raw(true).all(...ids) as RawRow[];
      for (const d of disks) {
        const id = d[0] as string;
        const list = byId.get(id);
        if (list) list.push(toDisk(d));
        else byId.set(id, [toDisk(d)]);
      }
    }
    return rows.map((r) => toSnapshot(r, byId.get(r[AT.id] as string) ?? []));
  }
}
