import type { Db } from './db';
import type { Host } from '../../shared/model';
import { nowIso } from './ids';

interface HostRow {
  id: string;
  uri: string;
  name: string;
  demo: number;
}

const toHost = (r: HostRow): Host => ({ id: r.id, uri: r.uri, name: r.name, demo: r.demo === 1 });

/** Stable, readable host ids derived from the URI: "qemu:///system" → "qemu-system". */
export function hostIdForUri(uri: string): string {
  const slug = uri.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return slug || 'host';
}

export class HostsRepo {
  constructor(private readonly db: Db) {}

  list(): Host[] {
    return (this.db.prepare('SELECT id, uri, name, demo FROM hosts ORDER BY created_at, id').all() as HostRow[]).map(toHost);
  }

  get(id: string): Host | null {
    const r = this.db.prepare('SELECT id, uri, name, demo FROM hosts WHERE id = ?').get(id) as HostRow | undefined;
    return r ? toHost(r) : null;
  }

  byUri(uri: string): Host | null {
    const r = this.db.prepare('SELECT id, uri, name, demo FROM hosts WHERE uri = ?').get(uri) as HostRow | undefined;
    return r ? toHost(r) : null;
  }

  add(uri: string, name: string, demo = false): Host {
    const base = hostIdForUri(uri);
    let id = base;
    for (let i = 2; this.get(id); i++) id = `${base}-${i}`;
    this.db.prepare('INSERT INTO hosts (id, uri, name, demo, created_at) VALUES (?, ?, ?, ?, ?)').run(id, uri, name, demo ? 1 : 0, nowIso());
    return { id, uri, name, demo };
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM hosts WHERE id = ?').run(id);
  }
}
