// Capabilities native/ is growing (job stats, abort, screenshots, guest-agent ping). Used when
// the Domain offers them, so the engine works before and after they land.
import type { Domain } from '../../native';

export interface JobProgress {
  processed: number | null;
  total: number | null;
}

interface DomainExtras {
  jobStats(): Promise<Record<string, number | bigint | string>> | Record<string, number | bigint | string>;
  abortJob(): Promise<void> | void;
  screenshot(screen?: number): Promise<Buffer | Uint8Array | { data: Buffer | Uint8Array }>;
  agentPing(timeoutSeconds?: number): Promise<boolean> | boolean;
  pingGuestAgent(timeoutSeconds?: number): Promise<boolean> | boolean;
}

function extras(dom: Domain): Partial<DomainExtras> {
  return dom as unknown as Partial<DomainExtras>;
}

export function canPollJob(dom: Domain): boolean {
  return typeof extras(dom).jobStats === 'function';
}

export async function jobProgress(dom: Domain): Promise<JobProgress | null> {
  const f = extras(dom).jobStats;
  if (typeof f !== 'function') return null;
  try {
    const s = await f.call(dom);
    const num = (k: string): number | null => (s[k] === undefined ? null : Number(s[k]));
    const processed = num('memory_processed') ?? num('memoryProcessed') ?? num('data_processed') ?? num('dataProcessed');
    const total = num('memory_total') ?? num('memoryTotal') ?? num('data_total') ?? num('dataTotal');
    return { processed, total };
  } catch {
    return null;
  }
}

export function canAbort(dom: Domain): boolean {
  return typeof extras(dom).abortJob === 'function';
}

export async function abortJob(dom: Domain): Promise<void> {
  const f = extras(dom).abortJob;
  if (typeof f === 'function') await f.call(dom);
}

export async function screenshotPng(dom: Domain): Promise<Buffer | null> {
  const f = extras(dom).screenshot;
  if (typeof f !== 'function') return null;
  try {
    const r = await f.call(dom, 0);
    const bytes = r instanceof Uint8Array ? r : r.data;
    const buf = Buffer.from(bytes);
    // Keep PNGs only; other formats (PPM from QEMU) are not what the UI can show.
    return buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? buf : null;
  } catch {
    return null;
  }
}

/** True when a guest agent answers; false when none does or native cannot ask. */
export async function agentAnswers(dom: Domain): Promise<boolean> {
  const x = extras(dom);
  const f = x.agentPing ?? x.pingGuestAgent;
  if (typeof f !== 'function') return false;
  try {
    return Boolean(await f.call(dom, 2));
  } catch {
    return false;
  }
}
