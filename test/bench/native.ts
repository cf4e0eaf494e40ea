// `npm run bench -- native`: list every domain and every snapshot with its XML, through this
// layer vs python3-libvirt vs virsh, on (1) a test-driver fixture of 100 domains x 100
// snapshots and (2) qemu:///system with shut-off svbench- domains whose snapshots are created
// as metadata (REDEFINE), cleaned up afterwards. Prints times and ratios (ours / python).
// SV_BENCH_SYSTEM=DxS sets the qemu:///system size (default 100x100); SV_BENCH_ONLY=test|system.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, VIR_DOMAIN_SNAPSHOT_CREATE, VIR_DOMAIN_UNDEFINE, el, renderXml, type XmlNode } from '../../native';

const PYTHON = '/usr/bin/python3';
const TEST_NS = 'http://libvirt.org/schemas/domain/test/1.0';

interface Size {
  domains: number;
  snapshots: number;
}

function domainNode(name: string, type: string, extra: XmlNode[] = [], attrs: Record<string, string> = {}): XmlNode {
  return el('domain', { type, ...attrs },
    el('name', {}, name),
    el('memory', { unit: 'MiB' }, 64),
    el('vcpu', {}, 1),
    el('os', {}, el('type', { arch: 'x86_64' }, 'hvm')),
    el('devices', {},
      el('disk', { type: 'file', device: 'disk' },
        el('driver', { name: 'qemu', type: 'qcow2' }),
        el('source', { file: `/var/lib/snapvisor-bench/${name}.qcow2` }),
        el('target', { dev: 'vda', bus: 'virtio' }))),
    ...extra);
}

/** Snapshot XML as libvirt stores it: a chain s0 <- s1 <- ..., with the domain definition. */
function snapshotNode(domain: XmlNode, i: number, element = 'domainsnapshot', current?: boolean): XmlNode {
  return el(element, {},
    el('name', {}, `s${i}`),
    el('description', {}, `benchmark snapshot ${i}`),
    el('state', {}, 'shutoff'),
    el('creationTime', {}, 1_700_000_000 + i),
    i > 0 ? el('parent', {}, el('name', {}, `s${i - 1}`)) : null,
    el('memory', { snapshot: 'no' }),
    el('disks', {}, el('disk', { name: 'vda', snapshot: 'internal' })),
    domain,
    // libvirt's own storage format (the test driver's fixture) says which one is current.
    current !== undefined ? el('active', {}, current ? 1 : 0) : null);
}

function fixtureXml(size: Size): string {
  const doms: XmlNode[] = [];
  for (let d = 0; d < size.domains; d++) {
    const name = `bench${d}`;
    const plain = domainNode(name, 'test');
    // The test driver reads <test:domainsnapshot> as the <domainsnapshot> element itself.
    const snaps = Array.from({ length: size.snapshots }, (_, i) => snapshotNode(plain, i, 'test:domainsnapshot', i === size.snapshots - 1));
    doms.push(domainNode(name, 'test', snaps, { 'xmlns:test': TEST_NS }));
  }
  return renderXml(el('node', {}, ...doms));
}

/** This layer: the hot path a snapshot list screen runs. Returns the bytes of XML read. */
function listOurs(conn: Connection): { snapshots: number; bytes: number } {
  let snapshots = 0;
  let bytes = 0;
  for (const dom of conn.listAllDomains()) {
    for (const snap of dom.listAllSnapshots()) {
      bytes += snap.xml().length;
      snapshots++;
      snap.close();
    }
    dom.close();
  }
  return { snapshots, bytes };
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

function listPython(uri: string, runs: number): { ms: number; snapshots: number } {
  const out = execFileSync(PYTHON, ['-c', PY_LIST, uri, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split(' ');
  return { ms: Number(out[0]), snapshots: Number(out[1]) };
}

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

function best(runs: number, f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

const fmt = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

function report(label: string, size: Size, ours: number, py: number, virshSession: number, loop: { ms: number; measured: number; total: number }): void {
  const n = size.domains * size.snapshots;
  console.log(`${label}: ${size.domains} domains x ${size.snapshots} snapshots = ${n} snapshot XMLs`);
  console.log(`  native (koffi)      ${fmt(ours).padStart(9)}   ${(ours / n * 1000).toFixed(1)} us/snapshot`);
  console.log(`  python3-libvirt     ${fmt(py).padStart(9)}   ${(py / n * 1000).toFixed(1)} us/snapshot`);
  console.log(`  virsh (1 session)   ${fmt(virshSession).padStart(9)}`);
  console.log(`  virsh (loop)        ${fmt(loop.ms).padStart(9)}   one process per command, extrapolated from ${loop.measured} of ${loop.total} snapshots`);
  console.log(`  ratio ours/python   ${(ours / py).toFixed(2)}x   (target <= 1.00x)`);
  console.log(`  ratio ours/virsh    ${(ours / virshSession).toFixed(3)}x (session), ${(ours / loop.ms).toFixed(4)}x (loop)`);
}

async function benchTestDriver(): Promise<void> {
  const size = { domains: 100, snapshots: 100 };
  const dir = mkdtempSync(join(tmpdir(), 'svbench-'));
  try {
    const file = join(dir, 'node.xml');
    writeFileSync(file, fixtureXml(size));
    const uri = `test://${file}`;
    const conn = await Connection.open(uri);
    try {
      const check = listOurs(conn);
      if (check.snapshots !== size.domains * size.snapshots) throw new Error(`fixture has ${check.snapshots} snapshots`);
      const ours = best(5, () => listOurs(conn));
      const py = listPython(uri, 5);
      if (py.snapshots !== check.snapshots) throw new Error(`python saw ${py.snapshots} snapshots`);
      const names = new Map(Array.from({ length: size.domains }, (_, d): [string, string[]] => [`bench${d}`, Array.from({ length: size.snapshots }, (_, i) => `s${i}`)]));
      // Each virsh process parses the whole fixture again: its loop is measured on 5 commands.
      report('test driver fixture (test:///…/node.xml, in-process)', size, ours, py.ms, listVirshSession(uri, names), listVirshLoop(uri, names, 5));
    } finally {
      conn.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchSystem(): Promise<void> {
  const [d, s] = (process.env.SV_BENCH_SYSTEM ?? '100x100').split('x').map(Number);
  const size = { domains: d ?? 100, snapshots: s ?? 100 };
  let conn: Connection;
  try {
    conn = await Connection.open('qemu:///system');
  } catch (e) {
    console.log(`qemu:///system: not measured (${(e as Error).message}); run scripts/setup-host.sh`);
    return;
  }
  const prefix = `svbench-${process.pid}-`;
  const names = new Map<string, string[]>();
  try {
    const t0 = performance.now();
    for (let i = 0; i < size.domains; i++) {
      const name = `${prefix}${i}`;
      const def = domainNode(name, 'qemu');
      const dom = conn.defineDomain(renderXml(def));
      const live = dom.xml();
      const snaps: string[] = [];
      for (let k = 0; k < size.snapshots; k++) {
        const xml = renderXml(snapshotNode(el('domain', {}), k)).replace('<domain/>', live);
        dom.createSnapshotSync(xml, VIR_DOMAIN_SNAPSHOT_CREATE.REDEFINE).close();
        snaps.push(`s${k}`);
      }
      names.set(name, snaps);
      dom.close();
    }
    const setupMs = performance.now() - t0;
    // Only the benchmark's domains: list them by name prefix inside both timed loops.
    const ours = best(3, () => {
      for (const dom of conn.listAllDomains()) {
        if (dom.name().startsWith(prefix)) {
          for (const snap of dom.listAllSnapshots()) {
            snap.xml();
            snap.close();
          }
        }
        dom.close();
      }
    });
    const py = execFileSync(PYTHON, ['-c', PY_LIST.replace('for d in c.listAllDomains():', `for d in [x for x in c.listAllDomains() if x.name().startswith('${prefix}')]:`), 'qemu:///system', '3'], { encoding: 'utf8' }).trim().split(' ');
    const pyMs = Number(py[0]);
    if (Number(py[1]) !== size.domains * size.snapshots) throw new Error(`python saw ${py[1]} snapshots`);
    console.log(`(setup: ${size.domains} domains and ${size.domains * size.snapshots} snapshot redefinitions in ${fmt(setupMs)})`);
    report('qemu:///system (libvirtd RPC, shut-off domains)', size, ours, pyMs, listVirshSession('qemu:///system', names), listVirshLoop('qemu:///system', names, 100));
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
  const only = process.env.SV_BENCH_ONLY;
  if (only !== 'system') await benchTestDriver();
  if (only !== 'test') await benchSystem();
}
