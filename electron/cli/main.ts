// The `snapvisor` command's entry, built to dist-electron/cli.cjs. It runs under Node
// (bin/snapvisor.cjs) or under the installed app's Electron binary in Node mode (the packages'
// launcher, the AppImage's `cli` argument): argv is [runtime, this file, ...arguments] in each.
// Only the code cache is in this file; the rest comes in chunks (chunks/cli-*.cjs), which the
// cache then serves compiled.
import { join } from 'node:path';
import { threadPoolSize } from '../app/config';
import { enableCodeCache } from './code-cache';
import { directStdout } from './stdout';

// As the app's: a transfer keeps a read, a libvirt send and its hash on the pool at once, beside
// the event pump (read by libuv when the pool starts, at the first call that needs it).
process.env.UV_THREADPOOL_SIZE = threadPoolSize(process.env.UV_THREADPOOL_SIZE);
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
