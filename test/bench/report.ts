// What every benchmark group prints: each figure next to its target (or its peer), and one
// closing line `BENCH {json}` with every figure by a name that carries its unit (list10kMs).
/** The figure should stay below `below`, or reach at least `atLeast` (a throughput ratio). */
export type Target = { below: number } | { atLeast: number };

const fmt = (v: number, unit: string): string => (unit === 'x' ? `${v.toFixed(2)}x` : `${v >= 10_000 ? (v / 1000).toFixed(1) : v.toFixed(v < 100 ? 1 : 0)} ${unit === 'ms' && v >= 10_000 ? 's' : unit}`);

export class BenchReport {
  private readonly figures: Record<string, number> = {};

  constructor(private readonly group: string) {}

  /** Prints and records a figure; `key` ends with its unit (Ms, Ratio, MiB …). */
  figure(label: string, key: string, value: number, target?: Target): number {
    const unit = key.endsWith('Ms') ? 'ms' : key.endsWith('Ratio') ? 'x' : '';
    const against = !target ? ''
      : 'below' in target ? `   target < ${fmt(target.below, unit)}   ${value < target.below ? 'met' : 'MISSED'}`
        : `   target >= ${fmt(target.atLeast, unit)}   ${value >= target.atLeast ? 'met' : 'MISSED'}`;
    console.log(`  ${label.padEnd(58)} ${fmt(value, unit).padStart(10)}${against}`);
    this.figures[key] = Math.round(value * 100) / 100;
    return value;
  }

  /** A line of context (how it was measured), not a figure. */
  note(text: string): void {
    console.log(`  ${text}`);
  }

  /** The group's closing line. */
  end(): void {
    console.log(`BENCH ${JSON.stringify({ group: this.group, ...this.figures })}`);
  }
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)! };
}

/** The best of `runs` timings of `f` (sync or async). */
export async function bestOf(runs: number, f: () => unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

/** How long `f` takes, in ms. */
export async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** The client's RSS while `work` runs, sampled every 20 ms and whenever `work` reports progress. */
export async function rssDuring<T>(work: (sample: () => void) => Promise<T>): Promise<{ result: T; growthMiB: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sample = (): void => { peak = Math.max(peak, process.memoryUsage().rss); };
  const timer = setInterval(sample, 20);
  try {
    const result = await work(sample);
    sample();
    return { result, growthMiB: (peak - before) / (1024 * 1024) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Waits until the disk holds what earlier work left in the page cache (`sync`). Run before each
 * timed side of a transfer benchmark: without it a side that writes after another was throttled
 * for the other's writes (the kernel makes a writer wait once dirty pages pile up), and the
 * same side took 0.9 s in one round and 2 s in the next.
 */
export async function settleWrites(): Promise<void> {
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) => execFile('sync', (e) => (e ? reject(e) : resolve())));
}
