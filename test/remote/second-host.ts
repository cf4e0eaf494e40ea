// The second libvirt host of the copies tests: a libvirtd and virtlogd of their own in a private
// mount namespace, reached only through an sshd of its own (scripts/second-host.sh starts and
// stops it; scripts/setup-host.sh prepares it and writes its facts to $STATE_DIR/host2/host2.json).
// Several test files may hold it at once: it starts for the first and stops after the last.
// Kit guests defined there keep their disks under the kit's state dir, which both daemons see;
// files the second daemon makes in its pools live under $STATE_DIR/host2/lib (its /var/lib/libvirt).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HostNotReady, STATE_DIR } from '../guest/kit';
import { onHostAt, remoteUri } from './remote-host';

const SCRIPT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../scripts/second-host.sh');
const SETUP_STEP = 'run `sudo scripts/setup-host.sh` (it prepares the second libvirt host)';
const run = promisify(execFile);

/** What setup-host.sh wrote about the second host. */
interface Facts {
  port: number;
  dir: string;
  knownHosts: string;
  pidFiles: { libvirtd: string; virtlogd: string; sshd: string };
}

function facts(): Facts {
  const file = `${STATE_DIR}/host2/host2.json`;
  if (!existsSync(file)) throw new HostNotReady(`no second host at ${file}; ${SETUP_STEP}`);
  return JSON.parse(readFileSync(file, 'utf8')) as Facts;
}

export interface SecondHost {
  /** qemu+ssh://root@127.0.0.1:PORT/system?keyfile=…&no_verify=1 */
  uri: string;
  /** Its sshd's port on 127.0.0.1 (the link a test cuts), and a known_hosts file holding that sshd's host key. */
  port: number;
  knownHosts: string;
  /** Where its /var/lib/libvirt lives on this machine. */
  libDir: string;
  /** The pids of its daemons now (libvirtd, virtlogd, sshd), for the tests that prove it stopped. */
  pids(): number[];
  /** Runs a command on the second host (over its sshd, in its namespace) and returns stdout. */
  run(command: string, ...args: string[]): string;
  /** Lets go of it: it stops when no other test process holds it ('kept' otherwise). */
  release(): Promise<'stopped' | 'kept'>;
}

/** Starts the second host (or joins the run that started it) for this process. */
export async function secondHost(): Promise<SecondHost> {
  const f = facts();
  const { stdout } = await run('bash', [SCRIPT, 'start', String(process.pid)], { timeout: 60_000 }).catch((e: Error & { stderr?: string }) => {
    throw new HostNotReady(`the second libvirt host did not start (${(e.stderr ?? e.message).trim()})`);
  });
  if (!/^(started|running)$/m.test(stdout)) throw new Error(`second-host.sh start said: ${stdout}`);
  let released = false;
  return {
    uri: remoteUri({ port: f.port }),
    port: f.port,
    knownHosts: f.knownHosts,
    libDir: `${f.dir}/lib`,
    pids: () => Object.values(f.pidFiles).flatMap((p) => (existsSync(p) ? [Number(readFileSync(p, 'utf8').trim())] : [])),
    run: (command, ...args) => onHostAt({ port: f.port, knownHosts: f.knownHosts }, command, ...args),
    release: async () => {
      if (released) return 'kept';
      released = true;
      const out = (await run('bash', [SCRIPT, 'stop', String(process.pid)], { timeout: 60_000 })).stdout.trim();
      if (out !== 'stopped' && out !== 'kept') throw new Error(`second-host.sh stop said: ${out}`);
      return out;
    },
  };
}
