// `npm run bench -- exports`: a VM's export to a file and its import back (issue 17), on
// qemu:///system. A shut-off kit guest with 800 MiB of random data in its raw disk and a 16 MiB
// layer over it (two cold snapshots through the services; bench-vm.ts) is:
//  - exported (services.exports.exportVm: libvirt's download stream, SHA-256, tar, fsync, link)
//    to a file in a directory on the same disk, side by side with `cp` of the same image files
//    into that directory followed by `sync` of the copies (the export flushes its file too);
//  - imported from that file (services.exports.importVm, with a name of its own beside the
//    original: tar read, each file's SHA-256 checked, zero runs found, written into the volumes
//    libvirt made in Snapvisor's pool (volume-sink.ts), the VM defined and its tree redefined),
//    side by side with `virsh vol-create-as` + `vol-upload` of the same image files into that
//    pool (one virsh session for the step, as a script would) followed by `sync` of them;
// in rounds, each pair's two sides once a round in alternating order, each after a `sync` (no
// side throttled for another's writes), the best of each counting.
// Page cache: every side reads files the page cache holds (the images are read once before, the
// export file read by the import was just written), so no side pays for the disk reads another
// side saved it; the writes go to the disk on every side (`sync` after `cp` and after
// `vol-upload`, whose iohelper does not sync; the export and the import sync what they wrote). The client's RSS is sampled every 20 ms during
// the exports and imports. SV_BENCH_ROUNDS sets the rounds (5).
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { createTestServices, type TestServices } from '../../electron/services';
import { poolName } from '../../electron/services/files/pool';
import { STATE_DIR, SYSTEM_URI, cleanupGuests, openSystem } from '../guest/kit';
import { benchVm } from './bench-vm';
import { BenchReport, rssDuring, settleWrites, spread, timed } from './report';

const MiB = 1024 * 1024;
const BASE_MIB = 800;
const LAYER_MIB = 16;
const ROUNDS = Number(process.env.SV_BENCH_ROUNDS ?? 5);
const TARGETS = { vsPeer: 0.8, rssGrowthMiB: 64 };
const exec = promisify(execFile);

const load = (): string => loadavg().map((n) => n.toFixed(1)).join(' ');

export async function run(): Promise<void> {
  const report = new BenchReport('exports');
  const local = await openSystem();
  let t: TestServices | null = null;
  const imported: string[] = [];
  try {
    t = await createTestServices({ defaultUri: SYSTEM_URI, reconcileOnStart: false, connectHosts: 'lazy' }, join(STATE_DIR, 'bench'));
    const sv = t.services;
    const hostId = sv.hosts.list()[0]!.id;
    const scratch = join(t.dir, 'scratch');
    const out = join(t.dir, 'out');
    mkdirSync(scratch, { mode: 0o700 });
    mkdirSync(out, { mode: 0o700 });
    const loadBefore = load();
    const t0 = performance.now();
    const { guest: g, vm } = await benchVm(local, sv, hostId, { label: 'bench-exports', baseMiB: BASE_MIB, layerMiB: LAYER_MIB, scratch });
    const pool = { name: poolName(sv.files.installId), dir: (await sv.files.host(hostId)).poolDir };

    // A first export, not timed: it names the files (the peers move the same ones), warms the
    // code and the connection as `cat` warms the page cache, and is the file every import reads.
    const file = join(scratch, 'vm.tar');
    const { manifest } = await sv.exports.exportVm({ ...vm, output: file });
    const images = manifest.files.map((f) => f.sourcePath);
    const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
    if (manifest.files.length !== 2) throw new Error(`the export holds ${manifest.files.length} files, not the base and the layer`);
    for (const f of images) execFileSync('cat', [f], { stdio: ['ignore', 'ignore', 'pipe'] });
    console.log(`a shut-off VM with ${(bytes / MiB).toFixed(0)} MiB in ${images.length} files (random data), made and exported once in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${ROUNDS} rounds`);

    const times = { export: [] as number[], cp: [] as number[], import: [] as number[], volUpload: [] as number[] };
    const rss = { export: [] as number[], import: [] as number[] };
    /** An import's time after its last byte was sent: the upload's finish, the VM defined, its tree redefined. */
    const afterLastByte: number[] = [];
    const exportOnce = async (round: number): Promise<number> => {
      const output = join(out, `vm-${round}.tar`);
      try {
        const t1 = performance.now();
        const { growthMiB } = await rssDuring((sample) => sv.exports.exportVm({ ...vm, output, onProgress: sample }));
        const ms = performance.now() - t1;
        rss.export.push(growthMiB);
        if (statSync(output).size < bytes) throw new Error(`the export wrote ${statSync(output).size} bytes`);
        return ms;
      } finally {
        rmSync(output, { force: true });
      }
    };
    const cpOnce = async (): Promise<number> => {
      const copies = images.map((f) => join(out, basename(f)));
      try {
        return await timed(async () => {
          await exec('cp', [...images, out]);
          await exec('sync', copies);
        });
      } finally {
        for (const c of copies) rmSync(c, { force: true });
      }
    };
    const importOnce = async (round: number): Promise<number> => {
      const t1 = performance.now();
      let lastByte = t1;
      const { result, growthMiB } = await rssDuring((sample) => sv.exports.importVm({
        hostId, file, name: `${g.name}-imp${round}`, onProgress: (p) => { sample(); if (p.done === p.total) lastByte = performance.now(); },
      }));
      const ms = performance.now() - t1;
      afterLastByte.push(performance.now() - lastByte);
      imported.push(result.vm.uuid);
      rss.import.push(growthMiB);
      await sv.vms.remove(hostId, result.vm.uuid);
      imported.pop();
      return ms;
    };
    const volUploadOnce = async (round: number): Promise<number> => {
      const names = images.map((_, i) => `bench-virsh-${round}-${i}`);
      try {
        // Then synced, as the import syncs what it wrote (libvirt's iohelper does not).
        const ms = await timed(async () => {
          await exec('virsh', ['-q', '-c', SYSTEM_URI,
            names.map((n, i) => `vol-create-as ${pool.name} ${n} 0 --format raw ; vol-upload --pool ${pool.name} ${n} ${images[i]!}`).join(' ; ')]);
          await exec('sync', names.map((n) => join(pool.dir, n)));
        });
        // virsh goes on past a failed command: the files must be there, whole.
        const sizes = names.map((n) => statSync(join(pool.dir, n)).size);
        if (sizes.some((n, i) => n !== statSync(images[i]!).size)) throw new Error(`virsh uploaded ${sizes.join(', ')} bytes`);
        return ms;
      } finally {
        for (const n of names) await exec('virsh', ['-q', '-c', SYSTEM_URI, 'vol-delete', '--pool', pool.name, n]).catch(() => undefined);
      }
    };
    const pairs: [keyof typeof times, (round: number) => Promise<number>][][] = [
      [['export', exportOnce], ['cp', cpOnce]],
      [['import', importOnce], ['volUpload', volUploadOnce]],
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (const pair of pairs) {
        for (let i = 0; i < pair.length; i++) {
          const [key, side] = pair[(round + i) % pair.length]!;
          await settleWrites();
          times[key].push(await side(round));
        }
      }
      console.log(`  round ${round + 1}: ${Object.entries(times).map(([k, v]) => `${k} ${(v.at(-1)! / 1000).toFixed(2)} s`).join(', ')}`);
    }

    const best = (k: keyof typeof times): number => spread(times[k]).min;
    const rate = (ms: number): number => bytes / MiB / (ms / 1000);
    const show = (k: keyof typeof times): string => `${times[k].map((ms) => (ms / 1000).toFixed(2)).join(' / ')} s`;
    report.note(`${(bytes / MiB).toFixed(0)} MiB in ${images.length} files; best of ${ROUNDS}, each round:`);
    report.note(`  export ${show('export')}; cp + sync ${show('cp')}; import ${show('import')}; virsh vol-create-as + vol-upload ${show('volUpload')}`);
    report.figure('export (services.exports.exportVm)', 'exportMs', best('export'));
    report.figure('cp of the same files + sync', 'cpMs', best('cp'));
    report.figure('export throughput (MiB/s)', 'exportMiBps', rate(best('export')));
    report.figure('cp throughput (MiB/s)', 'cpMiBps', rate(best('cp')));
    report.figure('throughput ratio export / cp (higher is better)', 'exportVsCpRatio', best('cp') / best('export'), { atLeast: TARGETS.vsPeer });
    report.figure('import (services.exports.importVm, --name)', 'importMs', best('import'));
    report.figure('virsh vol-create-as + vol-upload of the same files + sync', 'volUploadMs', best('volUpload'));
    report.figure('import throughput (MiB/s)', 'importMiBps', rate(best('import')));
    report.figure('vol-upload throughput (MiB/s)', 'volUploadMiBps', rate(best('volUpload')));
    report.note(`of each import, after its last byte was sent (the upload's finish, the VM defined, its tree redefined): ${afterLastByte.map((ms) => (ms / 1000).toFixed(2)).join(' / ')} s`);
    report.figure('throughput ratio import / vol-upload (higher is better)', 'importVsVolUploadRatio', best('volUpload') / best('import'), { atLeast: TARGETS.vsPeer });
    report.figure(`client RSS growth during an export (MiB, worst of ${ROUNDS})`, 'exportRssGrowthMiB', Math.max(...rss.export), { below: TARGETS.rssGrowthMiB });
    report.figure(`client RSS growth during an import (MiB, worst of ${ROUNDS})`, 'importRssGrowthMiB', Math.max(...rss.import), { below: TARGETS.rssGrowthMiB });
    report.note(`load average (1, 5, 15 min) before ${loadBefore}, after ${load()}`);
    report.note('the machine is shared (CI, other sessions on the same 2 cores and disk): figures are noisy');
  } finally {
    // An imported VM left by a failed round, the guest (its snapshots' metadata and directory), then the pool.
    for (const uuid of imported) await t?.services.vms.remove(t.services.hosts.list()[0]!.id, uuid).catch((e: unknown) => console.log(`imported VM not removed: ${(e as Error).message}`));
    await cleanupGuests().catch((e: unknown) => console.log(`kit guest not removed: ${(e as Error).message}`));
    await t?.dispose().catch((e: unknown) => console.log(`bench services not disposed: ${(e as Error).message}`));
    local.close();
  }
  report.end();
}
