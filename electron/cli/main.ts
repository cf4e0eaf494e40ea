// The `snapvisor` command's entry, built to dist-electron/cli.cjs. It runs under Node
// (bin/snapvisor.cjs) or under the installed app's Electron binary in Node mode (the packages'
// launcher, the AppImage's `cli` argument): argv is [runtime, this file, ...arguments] in each.
// Only the code cache is in this file; the rest comes in chunks (chunks/cli-*.cjs), which the
// cache then serves compiled.
import { join } from 'node:path';
import { enableCodeCache } from './code-cache';
import { directStdout } from './stdout';

enableCodeCache(join(__dirname, 'chunks'), process.env);
void import('./run')
  .then(({ runCli }) => runCli(process.argv.slice(2), {
    stdout: directStdout(),
    // Built on first use (the progress bar, an error): see ./stdout.ts.
    get stderr() { return process.stderr; },
    env: process.env,
  }))
  .then((code) => {
    process.exitCode = code;
  });
