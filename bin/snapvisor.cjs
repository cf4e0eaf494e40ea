#!/usr/bin/env node
// The `snapvisor` command from a checkout (`npx snapvisor`, `bin/snapvisor.cjs`): runs the built
// CLI, dist-electron/cli.cjs: plain JavaScript, no transpiler at run time. `npm ci` builds it
// (the `prepare` script), `npm run build` rebuilds it. The installed packages run the same file
// from their app.asar (build/linux/snapvisor). CommonJS, like the bundle: an ESM shim in front
// of it measured ~10 ms more per call.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'dist-electron', 'cli.cjs');
if (!existsSync(cli)) {
  const ko = /^ko/.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '');
  process.stderr.write(ko
    ? 'snapvisor: 명령줄 도구가 아직 빌드되지 않았습니다. 먼저 `npm run build`를 실행하세요.\n'
    : 'snapvisor: the command line is not built yet; run `npm run build` first.\n');
  process.exit(1);
}
require(cli);
