import type { Db } from './db';
import type { Note } from '../../shared/model';
import { nowIso } from './ids';

interface NoteRow {
  id: number;
  snapshot_id: string;
  at: string;
  text: string;
}

export class NotesRepo {
  constructor(private readonly db: Db) {}

  add(snapshotId: string, text: string): Note {
    const at = nowIso();
    const info = this.db.prepare('INSERT INTO notes (snapshot_id, at, text) VALUES (?, ?, ?)').run(snapshotId, at, text);
    return { id: Number(info.lastInsertRowid), snapshotId, at, text };
  }

  list(snapshotId: string): Note[] {
    const rows = this.db.prepare('SELECT * FROM notes WHERE snapshot_id = ? ORDER BY id').all(snapshotId) as NoteRow[];
    return rows.map((r) => ({ id: r.id, snapshotId: r.snapshot_id, at: r.at, text: r.text }));
  }
}
