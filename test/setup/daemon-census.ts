// What tests and benchmarks may leave on the libvirt daemon, listed through the project's own
// native layer: the domains, networks and storage pools (with their volumes) whose names a test
// makes (kit guests, the VMs, networks and probe pools named after them: svtest-…; Snapvisor's
// pools: snapvisor-…). The suite and `npm run bench` list them before and after a run and fail
// on what is new. The daemon is shared with other runs and users: what was there before is never
// counted, nor is what no name of ours starts with.
import { Connection, ownAll, type StoragePool } from '../../native';
import { POOL_PREFIX, poolName } from '../../electron/services/files/pool';
import { GUEST_PREFIX, SYSTEM_URI } from '../guest/kit';
import { closeLedger, openLedger, watchOtherRuns, type Ledger } from './run-ledger';

export const TEST_OBJECT_PREFIXES: readonly string[] = [GUEST_PREFIX, POOL_PREFIX];

const ours = (name: string): boolean => TEST_OBJECT_PREFIXES.some((p) => name.startsWith(p));

export interface DaemonCensus {
  /** Domain name → state. */
  domains: Map<string, string>;
  /** Pool name → whether it runs and its volumes' names (none listed for an inactive pool). */
  pools: Map<string, { active: boolean; volumes: string[] }>;
  networks: Set<string>;
}

/** Volumes libvirt lists for the pool; a pool removed meanwhile (another run's) has none. */
function volumesOf(pool: StoragePool): string[] {
  try {
    if (!pool.isActive()) return [];
    using vols = ownAll(pool.listAllVolumes());
    return vols.map((v) => v.name()).sort();
  } catch {
    return [];
  }
}

/** The daemon's objects with names of ours, right now. */
export async function takeCensus(uri = SYSTEM_URI): Promise<DaemonCensus> {
  using conn = await Connection.open(uri);
  using doms = ownAll(conn.listAllDomains());
  using pools = ownAll(conn.listAllStoragePools());
  using nets = ownAll(conn.listAllNetworks());
  const state = (d: (typeof doms)[number]): string => {
    try { return d.state().state; } catch { return 'gone'; }
  };
  return {
    domains: new Map(doms.filter((d) => ours(d.name())).map((d) => [d.name(), state(d)])),
    pools: new Map(pools.filter((p) => ours(p.name())).map((p) => {
      const volumes = volumesOf(p);
      let active = false;
      try { active = p.isActive(); } catch { /* removed meanwhile */ }
      return [p.name(), { active, volumes }];
    })),
    networks: new Set(nets.map((n) => n.name()).filter(ours)),
  };
}

const listed = (names: string[]): string => (names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', '));

export interface Leftover {
  name: string;
  /** How a report names it: kind, name, state (a pool's volumes). */
  text: string;
  volumes: string[];
}

/**
 * Each object of ours that `after` holds and `before` did not. A pool of ours belongs to one
 * database or one test: what an older pool gains is another run's, so only new pools count.
 */
export function leftSince(before: DaemonCensus, after: DaemonCensus): Leftover[] {
  const left: Leftover[] = [];
  for (const [name, state] of after.domains) if (!before.domains.has(name)) left.push({ name, text: `domain ${name} (${state})`, volumes: [] });
  for (const [name, { active, volumes }] of after.pools) {
    if (before.pools.has(name)) continue;
    const text = `pool ${name} (${active ? 'active' : 'inactive'}, ${volumes.length} volumes${volumes.length ? `: ${listed(volumes)}` : ''})`;
    left.push({ name, text, volumes });
  }
  for (const name of after.networks) if (!before.networks.has(name)) left.push({ name, text: `network ${name}`, volumes: [] });
  return left;
}

/**
 * The run's for certain: the pool of one of its databases, or made for one of its kit guests
 * (named after it, or a pool holding its files, which are named by its UUID).
 */
export function ofLedger(o: Leftover, ledger: Ledger): boolean {
  return ledger.installs.some((id) => o.name === poolName(id))
    || ledger.guests.some((g) => o.name === g.name || o.name.includes(`${g.name}-`) || o.name.endsWith(`-${g.name}`)
      || o.volumes.some((v) => v.startsWith(g.uuid)));
}

export interface DaemonCheck {
  name: string;
  /** What the run left, one line per object; null when a census could not be taken. */
  left: string[] | null;
  /**
   * Something was left, or the daemon that answered before the run did not after it. With no
   * daemon before the run there is nothing to leave on it: not checked, said, not failed.
   */
  failed: boolean;
  /** New objects another run (`others`) may have made meanwhile: named, not counted. */
  unjudged: string[];
  others: string[];
  error?: string;
}

const CHECK_NAME = 'the daemon holds no object of ours it did not hold before the run';

/**
 * A run's check, begun: the census before it, its ledger open, other runs watched. finish()
 * judges what is new: all of it is the run's when no other run was seen, else what the ledger
 * says is (the rest is named as unjudged).
 */
export async function beginDaemonCheck(): Promise<{ finish(): Promise<DaemonCheck> }> {
  const ledgerFile = openLedger();
  const watch = watchOtherRuns();
  const before = await takeCensus().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  return {
    async finish() {
      const others = [...watch.stop()].map(([pid, cmd]) => `pid ${pid}: ${cmd}`);
      const ledger = closeLedger(ledgerFile);
      try {
        if (before instanceof Error) throw before;
        const fresh = leftSince(before, await takeCensus());
        const mine = others.length ? fresh.filter((o) => ofLedger(o, ledger)) : fresh;
        const left = mine.map((o) => o.text);
        return { name: CHECK_NAME, left, failed: left.length > 0, unjudged: fresh.filter((o) => !mine.includes(o)).map((o) => o.text), others };
      } catch (e) {
        const when = before instanceof Error ? 'before' : 'after';
        return {
          name: CHECK_NAME, left: null, failed: when === 'after', unjudged: [], others,
          error: `the daemon's objects could not be listed ${when} the run: ${(e as Error).message}`,
        };
      }
    },
  };
}

/** What a check says, in lines: the verdict, each object left, what was not judged and why. */
export function checkReport(v: DaemonCheck, what: string): string {
  const lines = !v.left
    ? [`${what}: not checked: ${v.error}`]
    : v.left.length
      ? [`${what} left ${v.left.length} libvirt object(s) on the daemon that were not there before:`, ...v.left.map((l) => `  ${l}`)]
      : [`${what}: passed: ${v.name}`];
  if (v.unjudged.length) {
    const others = v.others.length > 2 ? [...v.others.slice(0, 2), `${v.others.length - 2} more`] : v.others;
    lines.push(`not counted, since other test runs were on this machine meanwhile and may have made them (${others.join('; ')}):`, ...v.unjudged.map((l) => `  ${l}`));
  }
  return lines.join('\n');
}
