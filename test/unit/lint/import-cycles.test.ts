// Dependencies point one way inside a layer too: no module of electron/, native/, shared/ or
// renderer/ imports itself back through any path (`import type` included). A cycle named here is
// broken by moving what both sides need below both (a type beside what uses it) or by handing the
// lower module a narrow interface (native/handle.ts, DomainConnectionRef), never by an exception.
// The finder itself is proved on small trees written to a temp dir.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './import-graph';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SOURCE_DIRS = ['electron', 'native', 'shared', 'renderer'];

const named = (cycles: string[][]): string[] => cycles.map((c) => c.join(' → '));

describe('import cycles', () => {
  it('electron/, native/, shared/ and renderer/ have none', () => {
    const graph = importGraph(root, SOURCE_DIRS);
    // The walk found the tree (a wrong root would pass with nothing to check).
    expect(graph.get(path.join(root, 'electron/store/db.ts'))).toContain(path.join(root, 'electron/store/migrations/index.ts'));
    expect(graph.size).toBeGreaterThan(150);
    expect(named(importCycles(graph, root))).toEqual([]);
  });

  describe('the finder', () => {
    let dir: string;
    const write = (files: Record<string, string>): void => {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
      }
    };
    const cyclesIn = (dirs = ['src']): string[] => named(importCycles(importGraph(dir, dirs), dir));
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'sv-cycles-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('names a cycle of two files, one side a type-only import', () => {
      write({
        'src/db.ts': "import type { Migration } from './migrations';\nexport function migrate(m: Migration[]): number { return m.length; }\n",
        'src/migrations.ts': "import type { migrate } from './db';\nexport interface Migration { run: typeof migrate }\n",
      });
      expect(cyclesIn()).toEqual(['src/db.ts → src/migrations.ts → src/db.ts']);
    });

    it('follows re-exports, folder indexes and .tsx, and names the shortest way round', () => {
      write({
        'src/conn/index.ts': "export * from './conn';\n",
        'src/conn/conn.ts': "import { Domain } from '../domain';\nexport class Conn { d?: Domain }\n",
        'src/domain.ts': "import { snapshot } from './snapshot';\nimport type { Conn } from './conn';\nexport class Domain { c?: Conn; s = snapshot }\n",
        'src/snapshot.ts': "import { Conn } from './conn/conn';\nexport const snapshot = Conn;\n",
        'src/view.tsx': "import { Domain } from './domain';\nexport const View = () => <div>{String(Domain)}</div>;\n",
      });
      expect(cyclesIn()).toEqual(['src/conn/conn.ts → src/domain.ts → src/snapshot.ts → src/conn/conn.ts']);
    });

    it('names a file that imports itself, and one cycle per tangle, lazy imports included', () => {
      write({
        'src/self.ts': "export * from './self';\n",
        'src/a.ts': "import './b';\n",
        'src/b.ts': "export const later = () => import('./a');\n",
        'lib/x.ts': "import './y';\n",
        'lib/y.ts': "import './x';\n",
      });
      expect(cyclesIn(['src', 'lib'])).toEqual(['lib/x.ts → lib/y.ts → lib/x.ts', 'src/a.ts → src/b.ts → src/a.ts', 'src/self.ts → src/self.ts']);
    });

    it('finds nothing in a tree whose imports point one way, packages and Node modules aside', () => {
      write({
        'src/a.ts': "import { b } from './b';\nimport { readFileSync } from 'node:fs';\nimport ts from 'typescript';\nexport const a = [b, readFileSync, ts];\n",
        'src/b.ts': "import { c } from './c';\nexport const b = c;\n",
        'src/c.ts': 'export const c = 1;\n',
      });
      expect(cyclesIn()).toEqual([]);
    });
  });
});
