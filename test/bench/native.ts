// `npm run bench -- native`: read every snapshot's XML of every domain, as reconcile reads what
// the store does not know, through this layer (several calls in flight on one connection) vs
// python3-libvirt's serial loop vs virsh, on (1) a test-driver fixture of 100 domains x 100
// snapshots and (2) qemu:///system with shut-off svtest-bench- domains whose snapshots are created as
// metadata (REDEFINE), cleaned up afterwards. This layer one call at a time is shown as well.
// SV_BENCH_SYSTEM=DxS sets the qemu:///system size (default 100x100); SV_BENCH_ONLY=test|system.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CALLS_IN_FLIGHT, CALLS_PER_DOMAIN, Connection, VIR_DOMAIN_SNAPSHOT_CREATE, VIR_DOMAIN_UNDEFINE, callSlots, domainSlots, el, mapInFlight, renderXml,
  type Domain,
} from '../../native';
import { fixtureDomain, fixtureSnapshot, fixtureVmName, writeTestDriverNode, type NodeSize } from '../fixtures/test-driver-node';
import { BenchReport, bestOf } from './report';
import { GUEST_PREFIX } from '../guest/kit';

const PYTHON = '/usr/bin/python3';
/** Reading on qemu:///system, against python's serial loop in the same run. */
const TARGET_VS_PYTHON = 0.5;

type Pick = (dom: Domain) => boolean;

/** This layer as reconcile uses it: every domain at once, the calls through one set of slots, a few a domain. */
async function readInFlight(conn: Connection, pick: Pick): Promise<{ snapshots: number; bytes: number }> {
  const doms = conn.listAllDomains().filter((d) => pick(d) || (d.close(), false));
  const slots = callSlots();
  let snapshots = 0;
  let bytes = 0;
  try {
    await mapInFlight(doms, async (dom) => {
      const snaps = await slots(() => dom.listAllSnapshotsAsync());
      try {
        for (const xml of await mapInFlight(snaps, (s) => s.xmlAsync(), domainSlots(slots))) bytes += xml.length;
        snapshots += snaps.length;
      } finally {
        for (const s of snaps) s.close();
      }
    }, callSlots(doms.length || 1));
  } finally {
    for (const d of doms) d.close();
  }
  return { snapshots, bytes };
}

/** This layer one call at a time (sync, on the JS thread). */
function readSerial(conn: Connection, pick: Pick): number {
  let snapshots = 0;
  for (const dom of conn.listAllDomains()) {
    if (pick(dom)) {
      for (const snap of dom.listAllSnapshots()) {
        snap.xml();
        snap.close();
        snapshots++;
      }
    }
    dom.close();
  }
  return snapshots;
}

const PY_LIST = `
import libvirt, sys, time
libvirt.registerErrorHandler(lambda *a: None, None)
c = libvirt.open(sys.argv[1])
best = None
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter(); n = 0; b = 0
    for d in c.listAllDomains():
        for s in d.listAllSnapshots():
            b += len(s.getXMLDesc()); n += 1
    t = time.perf_counter() - t0
    best = t if best is None or t < best else best
print(best * 1000, n, b)
`;

/** virsh: one session fed every command on stdin (list per domain, then dumpxml per snapshot). */
function listVirshSession(uri: string, names: Map<string, string[]>): number {
  const cmds: string[] = [];
  for (const [dom, snaps] of names) {
    cmds.push(`snapshot-list ${dom} --parent`);
    for (const s of snaps) cmds.push(`snapshot-dumpxml ${dom} ${s}`);
  }
  const t0 = performance.now();
  const r = spawnSync('virsh', ['-q', '-c', uri], { input: `${cmds.join('\n')}\nquit\n`, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`virsh failed: ${r.stderr}`);
  return performance.now() - t0;
}

/** virsh as a shell loop runs it: one process per command; measured on `sample` snapshots. */
function listVirshLoop(uri: string, names: Map<string, string[]>, sample: number): { ms: number; measured: number; total: number } {
  const total = [...names.values()].reduce((a, s) => a + s.length, 0);
  let measured = 0;
  const t0 = performance.now();
  outer: for (const [dom, snaps] of names) {
    execFileSync('virsh', ['-q', '-c', uri, 'snapshot-list', dom, '--parent'], { stdio: 'pipe' });
    for (const s of snaps) {
      execFileSync('virsh', ['-q', '-c', uri, 'snapshot-dumpxml', dom, s], { stdio: 'pipe' });
      if (++measured >= sample) break outer;
    }
  }
  return { ms: ((performance.now() - t0) / measured) * total, measured, total };
}

function listPython(uri: string, runs: number, prefix = ''): { ms: number; snapshots: number } {
  const script = prefix ? PY_LIST.replace('for d in c.listAllDomains():', `for d in [x for x in c.listAllDomains() if x.name().startswith('${prefix}')]:`) : PY_LIST;
  const out = execFileSync(PYTHON, ['-c', script, uri, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split(' ');
  return { ms: Number(out[0]), snapshots: Number(out[1]) };
}

interface Measured {
  inFlight: number;
  serial: number;
  python: number;
  virshSession: number;
  virshLoop: { ms: number; measured: number; total: number };
}

function reportPeers(report: BenchReport, prefix: string, size: NodeSize, m: Measured, target?: number): void {
  const n = size.domains * size.snapshots;
  report.figure(`this layer, ${CALLS_IN_FLIGHT} calls in flight (${CALLS_PER_DOMAIN} a domain) (${(m.inFlight / n * 1000).toFixed(1)} us/snapshot)`, `${prefix}Read10kMs`, m.inFlight);
  report.figure('this layer, one call at a time', `${prefix}ReadSerial10kMs`, m.serial);
  report.figure(`python3-libvirt, serial loop (${(m.python / n * 1000).toFixed(1)} us/snapshot)`, `${prefix}Python10kMs`, m.python);
  report.figure('virsh, one session', `${prefix}VirshSession10kMs`, m.virshSession);
  report.figure(`virsh, one process per command (from ${m.virshLoop.measured} of ${m.virshLoop.total})`, `${prefix}VirshLoop10kMs`, m.virshLoop.ms);
  report.figure('ratio this layer / python3-libvirt', `${prefix}VsPythonRatio`, m.inFlight / m.python, target === undefined ? undefined : { below: target });
}

async function benchTestDriver(report: BenchReport): Promise<void> {
  const size = { domains: 100, snapshots: 100 };
  const dir = mkdtempSync(join(tmpdir(), 'svbench-'));
  try {
    const uri = writeTestDriverNode(dir, size);
    const conn = await Connection.open(uri);
    try {
      const all: Pick = () => true;
      const check = await readInFlight(conn, all);
      if (check.snapshots !== size.domains * size.snapshots) throw new Error(`fixture has ${check.snapshots} snapshots`);
      const py = listPython(uri, 5);
      if (py.snapshots !== check.snapshots) throw new Error(`python saw ${py.snapshots} snapshots`);
      const names = new Map(Array.from({ length: size.domains }, (_, d): [string, string[]] => [fixtureVmName(d), Array.from({ length: size.snapshots }, (_, i) => `s${i}`)]));
      console.log(`test driver fixture (test:///…/node.xml, in-process): ${size.domains} domains x ${size.snapshots} snapshots, ${(check.bytes / 1e6).toFixed(1)} MB of XML`);
      // In-process there are no round trips to hide: the reads run inline (Connection.inProcess),
      // so this is this layer's own cost next to python's. No target: the one set is for RPC.
      // Each virsh process parses the whole fixture again: its loop is measured on 5 commands.
      reportPeers(report, 'testDriver', size, {
        inFlight: await bestOf(5, () => readInFlight(conn, all)),
        serial: await bestOf(5, () => readSerial(conn, all)),
        python: py.ms,
        virshSession: listVirshSession(uri, names),
        virshLoop: listVirshLoop(uri, names, 5),
      });
    } finally {
      conn.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchSystem(report: BenchReport): Promise<void> {
  const [d, s] = (process.env.SV_BENCH_SYSTEM ?? '100x100').split('x').map(Number);
  const size = { domains: d ?? 100, snapshots: s ?? 100 };
  let conn: Connection;
  try {
    conn = await Connection.open('qemu:///system');
  } catch (e) {
    report.note(`qemu:///system: not measured (${(e as Error).message}); run scripts/setup-host.sh`);
    return;
  }
  // A prefix of the test kit's, so the bench run's leftover check (run.ts) sees them.
  const prefix = `${GUEST_PREFIX}bench-${process.pid}-`;
  const names = new Map<string, string[]>();
  try {
    const t0 = performance.now();
    for (let i = 0; i < size.domains; i++) {
      const name = `${prefix}${i}`;
      const dom = conn.defineDomain(renderXml(fixtureDomain(name, 'qemu')));
      const live = dom.xml();
      const snaps: string[] = [];
      for (let k = 0; k < size.snapshots; k++) {
        const xml = renderXml(fixtureSnapshot(el('domain', {}), k)).replace('<domain/>', live);
        dom.createSnapshotSync(xml, VIR_DOMAIN_SNAPSHOT_CREATE.REDEFINE).close();
        snaps.push(`s${k}`);
      }
      names.set(name, snaps);
      dom.close();
    }
    const setupMs = performance.now() - t0;
    // Only the benchmark's domains, picked by name inside every timed loop.
    const mine: Pick = (dom) => dom.name().startsWith(prefix);
    const check = await readInFlight(conn, mine);
    if (check.snapshots !== size.domains * size.snapshots) throw new Error(`read ${check.snapshots} snapshots`);
    // Interleaved, best of each: the machine is shared, so each side meets the same noise.
    const inFlight: number[] = [];
    const python: number[] = [];
    for (let round = 0; round < 3; round++) {
      inFlight.push(await bestOf(1, () => readInFlight(conn, mine)));
      const py = listPython('qemu:///system', 1, prefix);
      if (py.snapshots !== check.snapshots) throw new Error(`python saw ${py.snapshots} snapshots`);
      python.push(py.ms);
    }
    console.log(`qemu:///system (libvirtd RPC, shut-off domains): ${size.domains} domains x ${size.snapshots} snapshots, ${(check.bytes / 1e6).toFixed(1)} MB of XML`
      + ` (set up by ${size.domains * size.snapshots} redefinitions in ${(setupMs / 1000).toFixed(1)} s)`);
    reportPeers(report, 'system', size, {
      inFlight: Math.min(...inFlight),
      serial: await bestOf(3, () => readSerial(conn, mine)),
      python: Math.min(...python),
      virshSession: listVirshSession('qemu:///system', names),
      virshLoop: listVirshLoop('qemu:///system', names, 100),
    }, TARGET_VS_PYTHON);
  } finally {
    await removeBenchDomains(conn, prefix);
  }
}

/** Undefines every domain named `prefix*`, reconnecting if the daemon restarted meanwhile. */
async function removeBenchDomains(conn: Connection, prefix: string): Promise<void> {
  let c = conn;
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      if (!c.isAlive()) {
        c.close();
        c = await Connection.open('qemu:///system');
      }
      for (const dom of c.listAllDomains()) {
        if (dom.name().startsWith(prefix)) dom.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA);
        dom.close();
      }
      c.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  console.log(`could not remove ${prefix}* domains: undefine them with virsh`);
}

export async function run(): Promise<void> {
  const report = new BenchReport('native');
  const only = process.env.SV_BENCH_ONLY;
  if (only !== 'system') await benchTestDriver(report);
  if (only !== 'test') await benchSystem(report);
  report.end();
}
