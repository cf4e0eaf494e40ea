// `npm run bench -- copies`: a VM's copy on a second libvirt host (issue 16), over the loopback SSH
// link of the second host of the remote tests (test/remote/second-host.ts; started here, stopped
// after). A shut-off kit guest with 800 MiB of random data in its raw disk and a 16 MiB layer
// over it (two cold snapshots through the services) is copied in full to the second host:
//  - by Snapvisor (`copies refresh`, each round a new copy): relayed between the two libvirt
//    connections through storage streams;
//  - by `ssh HOST 'cat > FILE' < FILE` of the same files (same sshd, key and cipher);
//  - by `virsh vol-download` to a local file, then `virsh -c HOST vol-create-as` + `vol-upload`
//    (one virsh session a step; the second alone is libvirt's upload path over the link, the
//    relay's far leg);
// in rounds, each side once a round in rotating order (the machine is shared: each meets the same
// noise), each after a `sync` (no side throttled for another's writes); the best of each counts. The client's RSS is sampled during Snapvisor's copies. Then
// 64 MiB of new random data, a third cold snapshot and an incremental refresh: the bytes it put on
// the target's streams over the new layer's allocation. Last, a refresh with nothing new on
// libvirt's test driver (no transfer: the service's own cost). SV_BENCH_ROUNDS sets the rounds (5).
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestServices, type EngineServices, type TestServices } from '../../electron/services';
import { readCopySource } from '../../electron/services/copies/copy-files';
import { planCopy } from '../../electron/services/copies/copy-plan';
import { poolName } from '../../electron/services/files/pool';
import type { Connection, StoragePool } from '../../native';
import { GUEST_PREFIX, STATE_DIR, SYSTEM_URI, cleanupGuests, openSystem } from '../guest/kit';
import { remoteUri, sshArgs } from '../remote/remote-host';
import { secondHost, type SecondHost } from '../remote/second-host';
import { benchVm, randomFile, writeInto } from './bench-vm';
import { BenchReport, rssDuring, settleWrites, spread, timed } from './report';

const MiB = 1024 * 1024;
const BASE_MIB = 800;
const LAYER_MIB = 16;
const NEW_MIB = 64;
const ROUNDS = Number(process.env.SV_BENCH_ROUNDS ?? 5);
const TARGETS = { vsSshCat: 0.8, incrementalOverNew: 1.05, rssGrowthMiB: 64, nothingNewMs: 1000 };
const REPO = join(import.meta.dirname, '..', '..');
const exec = promisify(execFile);

/** What one refresh put on the target. */
interface Refreshed {
  /** Bytes written to the target's streams (holes not counted). */
  bytesSent: number;
  files: number;
}

/** A VM's copy on the target host. */
interface CopyOnTarget {
  /** Everything the first time; after that, only what the target lacks. */
  refresh(onProgress?: () => void): Promise<Refreshed>;
  /** Every file of the copy gone from the target. */
  remove(): Promise<void>;
}

/** The bench's one use of the copies service: `copies refresh` and `copies remove` of the VM to the target. */
function copyOf(sv: EngineServices, source: { hostId: string; vmUuid: string }, targetUri: string): CopyOnTarget {
  return {
    async refresh(onProgress) {
      const off = sv.on('job.changed', () => onProgress?.());
      try {
        const r = await sv.copies.refresh({ ...source, to: targetUri });
        return { bytesSent: r.bytesSent, files: r.sent.length };
      } finally {
        off();
      }
    },
    async remove() {
      await sv.copies.remove({ ...source, to: targetUri });
    },
  };
}

/** A refresh with nothing new, on libvirt's test driver (no transfer at all): its time, best of 5. */
async function nothingNewMs(): Promise<number> {
  const target = `test://${join(REPO, 'test', 'unit', 'cli', 'fixtures', 'legacy-node.xml')}`;
  const t = await createTestServices({ defaultUri: 'test:///default' }, join(STATE_DIR, 'bench'));
  try {
    const source = { hostId: 'test-default', vmUuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' };
    await t.services.copies.refresh({ ...source, to: target });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push(await timed(() => t.services.copies.refresh({ ...source, to: target })));
    return Math.min(...times);
  } finally {
    await t.dispose();
  }
}

interface Peers {
  local: Connection;
  host: SecondHost;
  targetUri: string;
  /** The target's pool (name and directory, as the second host sees it). */
  pool: { name: string; dir: string };
  /** The files of the full copy on this host, with a name for their copies. */
  files: { path: string; name: string }[];
  /** Where the two-step peer keeps its downloads. */
  scratch: string;
}

/** `ssh HOST 'cat > FILE' < FILE`, file after file, over the second host's sshd. */
async function sshCat(p: Peers): Promise<number> {
  const dests = p.files.map((f) => `${p.pool.dir}/bench-sshcat-${f.name}`);
  try {
    return await timed(async () => {
      for (const [i, f] of p.files.entries()) {
        const fd = openSync(f.path, 'r');
        try {
          execFileSync('ssh', sshArgs({ port: p.host.port, knownHosts: p.host.knownHosts }, 'sh', ['-c', 'cat > "$1"', 'sh', dests[i]!]), { stdio: [fd, 'ignore', 'pipe'] });
        } finally {
          closeSync(fd);
        }
      }
    });
  } finally {
    p.host.run('rm', '-f', ...dests);
  }
}

/**
 * `virsh vol-download` of each file here, then `vol-create-as` + `vol-upload` of each there; the
 * two steps timed apart (the second is libvirt's upload path alone: the relay's far leg).
 */
async function virshTwoSteps(p: Peers, dirs: string[]): Promise<{ downloadMs: number; uploadMs: number }> {
  const virsh = (uri: string, ...args: string[]): Promise<unknown> => exec('virsh', ['-q', '-c', uri, ...args]);
  const names = p.files.map((f) => `bench-virsh-${f.name}`);
  // The base sits in the kit guest's directory, in no pool: vol-download needs one around it.
  const pools: StoragePool[] = [];
  try {
    for (const dir of dirs) pools.push(await p.local.createDirStoragePool(`${GUEST_PREFIX}bench-copies-${randomBytes(4).toString('hex')}`, dir));
    // One virsh session a step (its commands joined by ';'): one connection, as a script would.
    const downloadMs = await timed(() => virsh(SYSTEM_URI, p.files.map((f, i) => `vol-download ${f.path} ${join(p.scratch, names[i]!)}`).join(' ; ')));
    const uploadMs = await timed(() => virsh(p.targetUri, names.map((n) => `vol-create-as ${p.pool.name} ${n} 0 --format raw ; vol-upload --pool ${p.pool.name} ${n} ${join(p.scratch, n)}`).join(' ; ')));
    // virsh goes on past a failed command: the files must be there, whole.
    const sizes = p.host.run('stat', '-c', '%s', ...names.map((n) => `${p.pool.dir}/${n}`)).trim().split('\n').map(Number);
    if (sizes.some((n, i) => n !== statSync(p.files[i]!.path).size)) throw new Error(`virsh uploaded ${sizes.join(', ')} bytes`);
    return { downloadMs, uploadMs };
  } finally {
    for (const name of names) {
      rmSync(join(p.scratch, name), { force: true });
      await virsh(p.targetUri, 'vol-delete', '--pool', p.pool.name, name).catch(() => undefined);
    }
    for (const pool of pools) {
      await pool.destroy().catch(() => undefined);
      pool.close();
    }
  }
}

export async function run(): Promise<void> {
  const report = new BenchReport('copies');
  const local = await openSystem();
  let host: SecondHost | null = null;
  let t: TestServices | null = null;
  try {
    host = await secondHost();
    t = await createTestServices({ defaultUri: SYSTEM_URI, reconcileOnStart: false, connectHosts: 'lazy' }, join(STATE_DIR, 'bench'));
    const sv = t.services;
    const hostId = sv.hosts.list()[0]!.id;
    const scratch = join(t.dir, 'scratch');
    mkdirSync(scratch, { mode: 0o700 });
    // libvirt's ssh, told the second host's key (no_verify=1 would write root's ~/.ssh/known_hosts).
    const ssh = join(t.dir, 'ssh');
    writeFileSync(ssh, `#!/bin/sh\nexec ssh -o StrictHostKeyChecking=yes -o 'UserKnownHostsFile=${host.knownHosts}' "$@"\n`);
    chmodSync(ssh, 0o755);
    const targetUri = remoteUri({ port: host.port, noVerify: false, params: { command: ssh } });
    const target = await sv.hosts.add(targetUri, 'bench second host');
    if (target.state !== 'connected') throw new Error(`the second host did not connect: ${JSON.stringify(target.failure)}`);
    const to = await sv.files.host(target.id);

    // The VM: 800 MiB of random data in its raw disk, frozen by a cold snapshot; 16 MiB in the
    // layer over it, frozen by a second one. A full copy sends both files.
    const t0 = performance.now();
    const { guest: g, vm, top, snap } = await benchVm(local, sv, hostId, { label: 'bench-copies', baseMiB: BASE_MIB, layerMiB: LAYER_MIB, scratch });
    const from = await sv.files.host(hostId);
    const plan = planCopy({ copyVmUuid: randomUUID(), ...(await readCopySource(from, sv.snapshots.list(vm))), copies: [], keep: null });
    const files = plan.send.map((f) => ({ path: f.source, name: f.name }));
    const fullBytes = files.reduce((n, f) => n + statSync(f.path).size, 0);
    if (files.length !== 2) throw new Error(`the full copy sends ${files.length} files, not the base and the layer`);
    // Every side reads the files from the page cache.
    for (const f of files) execFileSync('cat', [f.path], { stdio: ['ignore', 'ignore', 'pipe'] });
    console.log(`a shut-off VM with ${(fullBytes / MiB).toFixed(0)} MiB in ${files.length} files (random data), made in ${((performance.now() - t0) / 1000).toFixed(1)} s;`
      + ` ${ROUNDS} rounds to ${targetUri.replace(/\?.*/, '')} (loopback SSH, second libvirtd)`);

    const peers: Peers = { local, host, targetUri, pool: { name: poolName(sv.files.installId), dir: to.poolDir }, files, scratch };
    const times = { copy: [] as number[], sshCat: [] as number[], virsh: [] as number[], virshUpload: [] as number[] };
    const rss: number[] = [];
    // The first full copy stays: the incremental refresh goes on top of it.
    const kept: { copy: CopyOnTarget | null } = { copy: null };
    let sentFull = 0;
    const sides: [keyof typeof times, () => Promise<number>][] = [
      ['copy', async () => {
        // A full copy each round: the last round's copy goes first (the one kept is the last one made).
        const copy = copyOf(sv, vm, targetUri);
        if (kept.copy) await kept.copy.remove();
        const t1 = performance.now();
        const { result, growthMiB } = await rssDuring((sample) => copy.refresh(sample));
        const ms = performance.now() - t1;
        if (result.files !== files.length) throw new Error(`the full copy sent ${result.files} files`);
        rss.push(growthMiB);
        sentFull = result.bytesSent;
        kept.copy = copy;
        return ms;
      }],
      ['sshCat', () => sshCat(peers)],
      ['virsh', async () => {
        const { downloadMs, uploadMs } = await virshTwoSteps(peers, [g.dir]);
        times.virshUpload.push(uploadMs);
        return downloadMs + uploadMs;
      }],
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < sides.length; i++) {
        const [key, side] = sides[(round + i) % sides.length]!;
        await settleWrites();
        times[key].push(await side());
      }
      console.log(`  round ${round + 1}: ${Object.entries(times).map(([k, v]) => `${k} ${(v.at(-1)! / 1000).toFixed(2)} s`).join(', ')}`);
    }

    // Something new: 64 MiB of random data in the layer on top, frozen by a third snapshot.
    const newLayer = top();
    writeInto(newLayer, randomFile(join(scratch, 'new'), NEW_MIB), 100);
    await snap('bench new');
    const newAllocation = (await from.image(newLayer))!.allocation;
    const incremental = await kept.copy!.refresh();
    if (incremental.files !== 1) throw new Error(`the incremental refresh sent ${incremental.files} files, not the one new layer`);

    const best = (k: keyof typeof times): number => spread(times[k]).min;
    const rate = (ms: number): number => fullBytes / MiB / (ms / 1000);
    const show = (k: keyof typeof times): string => `${times[k].map((ms) => (ms / 1000).toFixed(2)).join(' / ')} s`;
    report.note(`full copy, ${(fullBytes / MiB).toFixed(0)} MiB (${(sentFull / MiB).toFixed(0)} MiB on the target's streams); best of ${ROUNDS}, each round:`);
    report.note(`  copy ${show('copy')}; ssh cat ${show('sshCat')}; virsh ${show('virsh')} (of which vol-upload ${show('virshUpload')})`);
    report.figure('full copy, Snapvisor relay (storage streams, pipelined)', 'copyFullMs', best('copy'));
    report.figure('full copy, ssh HOST \'cat > FILE\' < FILE', 'sshCatFullMs', best('sshCat'));
    report.figure('full copy, virsh vol-download then vol-upload', 'virshFullMs', best('virsh'));
    report.figure('Snapvisor throughput (MiB/s)', 'copyMiBps', rate(best('copy')));
    report.figure('ssh cat throughput (MiB/s)', 'sshCatMiBps', rate(best('sshCat')));
    report.figure('virsh two steps throughput (MiB/s)', 'virshMiBps', rate(best('virsh')));
    report.figure('throughput ratio Snapvisor / ssh cat (higher is better)', 'copyVsSshCatRatio', best('sshCat') / best('copy'), { atLeast: TARGETS.vsSshCat });
    report.figure('throughput ratio Snapvisor / virsh two steps (higher is better)', 'copyVsVirshRatio', best('virsh') / best('copy'));
    // libvirt's upload path alone on this link (virsh vol-upload of files in the page cache): the relay's far leg.
    report.figure('virsh vol-upload alone (the relay\'s far leg)', 'virshUploadFullMs', best('virshUpload'));
    report.figure('ratio Snapvisor / vol-upload alone (higher is better)', 'copyVsUploadLegRatio', best('virshUpload') / best('copy'));
    report.figure(`client RSS growth during a full copy (MiB, worst of ${ROUNDS})`, 'copyRssGrowthMiB', Math.max(...rss), { below: TARGETS.rssGrowthMiB });
    report.note(`incremental refresh: ${NEW_MIB} MiB of new data; the new layer takes ${(newAllocation / MiB).toFixed(2)} MiB; ${(incremental.bytesSent / MiB).toFixed(2)} MiB sent`);
    report.figure('incremental refresh: bytes sent / new layer\'s allocation', 'incrementalBytesOverNewRatio', incremental.bytesSent / newAllocation, { below: TARGETS.incrementalOverNew });
    report.figure('a refresh with nothing new, on the test driver (ms)', 'refreshNothingNewMs', await nothingNewMs(), { below: TARGETS.nothingNewMs });
    report.note('the machine is shared (CI, other sessions on the same 2 cores and disk): figures are noisy');
  } finally {
    // The guest (its snapshots' metadata and directory), then both hosts' pools, then the second host.
    await cleanupGuests().catch((e: unknown) => console.log(`kit guest not removed: ${(e as Error).message}`));
    await t?.dispose().catch((e: unknown) => console.log(`bench services not disposed: ${(e as Error).message}`));
    await host?.release().catch((e: unknown) => console.log(`second host not released: ${(e as Error).message}`));
    local.close();
  }
  report.end();
}
