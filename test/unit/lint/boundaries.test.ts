// The import boundaries hold because ESLint refuses a wrong-way import (eslint.config.js, the
// `layers` blocks). This runs the project's own config through ESLint's Node API on imports written
// into real files of each layer, and proves each wrong-way import is reported and the right-way
// imports beside it are not: a rule that stopped matching would fail here, not in review.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js') });
const RULE = '@typescript-eslint/no-restricted-imports';

/** The lines of `code`, linted as if it were `file`, whose import the boundary rule reports. */
async function reported(file: string, code: string): Promise<number[]> {
  const results = await eslint.lintText(code, { filePath: path.join(root, file) });
  // An import several patterns catch is reported once by each: count lines, not messages.
  return [...new Set(results.flatMap((r) => r.messages).filter((m) => m.ruleId === RULE).map((m) => m.line))];
}

interface Case {
  layer: string;
  file: string;
  wrong: string[];
  right: string[];
}

const cases: Case[] = [
  {
    layer: 'shared/',
    file: 'shared/model.ts',
    wrong: [
      "import { createServices } from '../electron/services';",
      "import type { Db } from '../electron/store/db';",
      "import { readFileSync } from 'node:fs';",
      "import { App } from '../renderer/src/features/shell/App';",
    ],
    right: ["import { RULES } from './rules';", "import { Cron } from 'croner';"],
  },
  {
    layer: 'native/',
    file: 'native/domain.ts',
    wrong: [
      "import { SnapvisorError } from '../shared/errors';",
      "import type { Db } from '../electron/store/db';",
      "import { createServices } from '../electron/services';",
    ],
    right: ["import koffi from 'koffi';", "import { Handle } from './handle';"],
  },
  {
    layer: 'electron/store/',
    file: 'electron/store/snapshots-repo.ts',
    wrong: [
      "import { createServices } from '../services';",
      "import type { SnapshotsApi } from '../services/api';",
      "import { channels } from '../ipc/contract';",
      "import { run } from '../cli/run';",
      "import type { Connection } from '../../native';",
    ],
    right: [
      "import type { Snapshot } from '../../shared/model';",
      "import { openDb } from './db';",
      "import Database from 'better-sqlite3';",
      "import { randomUUID } from 'node:crypto';",
    ],
  },
  {
    layer: 'electron/store/migrations/',
    file: 'electron/store/migrations/001-core.ts',
    wrong: ["import { TRANSIENT_STATES } from '../../services/core/context';"],
    right: ["import type { Db } from '../db';"],
  },
  {
    layer: 'electron/services/',
    file: 'electron/services/index.ts',
    wrong: [
      "import { createHandlers } from '../ipc/handlers';",
      "import { run } from '../cli/run';",
      "import { cspHeader } from '../app/csp';",
      "import { App } from '../../renderer/src/features/shell/App';",
    ],
    right: [
      "import { openDb } from '../store/db';",
      "import { connect } from '../../native';",
      "import type { Snapshot } from '../../shared/model';",
      "import { createScheduler } from './schedules';",
    ],
  },
  {
    layer: 'electron/services/ subfolder',
    file: 'electron/services/schedules/runner.ts',
    wrong: ["import type { Channel } from '../../ipc/contract';", "import { execute } from '../../cli/execute';"],
    right: ["import { SnapvisorError } from '../../../shared/errors';"],
  },
  {
    layer: 'renderer/',
    file: 'renderer/src/api/error-text.ts',
    wrong: [
      "import { channels } from '../../../electron/ipc/contract';",
      "import type { SnapshotsApi } from '../../../electron/services/api';",
      "import { createServices } from '../../../electron/services';",
      "import { connect } from '../../../native';",
      "import { ipcRenderer } from 'electron';",
      "import { readFileSync } from 'node:fs';",
    ],
    right: [
      "import type { SnapvisorApi } from '../../../electron/ipc/contract';",
      "import { formatError } from '../../../shared/error-messages';",
      "import { currentLang } from '../i18n';",
      "import { create } from 'zustand';",
    ],
  },
  {
    layer: 'renderer/ component test',
    file: 'renderer/src/stores/sync.spec.tsx',
    wrong: ["import { createHandlers } from '../../../electron/ipc/handlers';", "import { ipcRenderer } from 'electron';"],
    right: ["import { readFileSync } from 'node:fs';", "import { fakeApi } from '../test/fake-api';"],
  },
];

describe('import boundaries (eslint.config.js)', () => {
  for (const c of cases) {
    it(`${c.layer}: every wrong-way import is reported, no right-way one`, async () => {
      // One import per line: wrong ones first, so their line numbers are 1..n.
      const code = [...c.wrong, ...c.right].join('\n') + '\n';
      const lines = await reported(c.file, code);
      expect(lines).toEqual(c.wrong.map((_, i) => i + 1));
    });
  }
});
