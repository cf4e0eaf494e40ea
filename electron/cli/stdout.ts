// The command's standard output without Node's stream machinery. process.stdout builds a
// net.Socket on a pipe (a stream on a file) the first time it is touched, loading node:net and
// node:stream: ~2-3 ms of every call, as much as some commands' own work. The output is written
// whole with writeSync instead; on a terminal (where isTTY matters and the stream keeps the
// output in order with what else goes there) and after a write that cannot complete at once (a
// full non-blocking pipe, a closed one), process.stdout takes over as before.
import { fstatSync, writeSync } from 'node:fs';

export interface CliOut {
  readonly isTTY: boolean;
  write(text: string): void;
}

const STDOUT_FD = 1;

function onTerminal(): boolean {
  try {
    // A character device may be a terminal; only then is the stream asked (and built).
    return fstatSync(STDOUT_FD).isCharacterDevice() && process.stdout.isTTY === true;
  } catch {
    return false;
  }
}

export function directStdout(): CliOut {
  let tty: boolean | undefined;
  const out: CliOut = {
    get isTTY() {
      return (tty ??= onTerminal());
    },
    write(text) {
      if (out.isTTY) {
        process.stdout.write(text);
        return;
      }
      let rest = Buffer.from(text);
      try {
        while (rest.length > 0) rest = rest.subarray(writeSync(STDOUT_FD, rest));
      } catch {
        process.stdout.write(rest);
      }
    },
  };
  return out;
}
