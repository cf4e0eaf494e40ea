// A streaming SHA-256 (the files copies, exports and imports move), with node:crypto loaded on
// first use: most calls of the command line never hash, and it loads no module it does not need.
import type { Hash } from 'node:crypto';

export function sha256(): Hash {
  return process.getBuiltinModule('node:crypto').createHash('sha256');
}
