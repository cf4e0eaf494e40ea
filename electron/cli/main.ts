// The `snapvisor` command's entry, built to dist-electron/cli.cjs. It runs under Node
// (bin/snapvisor.cjs) or under the installed app's Electron binary in Node mode (the packages'
// launcher, the AppImage's `cli` argument): argv is [runtime, this file, ...arguments] in each.
import { runCli } from './run';

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});
