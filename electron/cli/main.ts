// The `snapvisor` command's entry (bin/snapvisor.js loads it through tsx).
import { runCli } from './run';

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exitCode = code;
