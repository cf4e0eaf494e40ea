// Domain jobs (snapshot, save, restore, migration...): progress and abort. Queries run off the
// JS thread: for internal snapshots libvirt answers only when the snapshot has finished.
import { callAsync, fn, koffi, type Ptr } from './lib';
import { checkAsync } from './errors';
import { VIR_DOMAIN_JOB, VIR_DOMAIN_JOB_OPERATION } from './constants';
import { takeTypedParams, type TypedValue } from './typed-params';

koffi.struct('virDomainJobInfo', {
  type: 'int',
  timeElapsed: 'unsigned long long',
  timeRemaining: 'unsigned long long',
  dataTotal: 'unsigned long long',
  dataProcessed: 'unsigned long long',
  dataRemaining: 'unsigned long long',
  memTotal: 'unsigned long long',
  memProcessed: 'unsigned long long',
  memRemaining: 'unsigned long long',
  fileTotal: 'unsigned long long',
  fileProcessed: 'unsigned long long',
  fileRemaining: 'unsigned long long',
});

const virDomainGetJobInfo = fn('int virDomainGetJobInfo(virDomain *dom, _Out_ virDomainJobInfo *info)');
const virDomainGetJobStats = fn('int virDomainGetJobStats(virDomain *dom, _Out_ int *type, _Out_ void **params, _Out_ int *nparams, unsigned int flags)');
const virDomainAbortJob = fn('int virDomainAbortJob(virDomain *dom)');

export type JobType = 'none' | 'bounded' | 'unbounded' | 'completed' | 'failed' | 'cancelled';
export type JobOperation =
  | 'unknown' | 'start' | 'save' | 'restore' | 'migration-in' | 'migration-out' | 'snapshot' | 'snapshot-revert'
  | 'dump' | 'backup' | 'snapshot-delete';

function names<T extends string>(values: Record<string, number>): Map<number, T> {
  return new Map(Object.entries(values).map(([k, v]): [number, T] => [v, k.toLowerCase().replace(/_/g, '-') as T]));
}
const jobTypes = names<JobType>(VIR_DOMAIN_JOB);
const jobOperations = names<JobOperation>(VIR_DOMAIN_JOB_OPERATION);

export function jobTypeName(code: number): JobType {
  return jobTypes.get(code) ?? 'none';
}

export function jobOperationName(code: number): JobOperation {
  return jobOperations.get(code) ?? 'unknown';
}

/** virDomainJobInfo: the legacy fixed set; byte counts and milliseconds. */
export interface JobInfo {
  type: JobType;
  typeCode: number;
  timeElapsedMs: number;
  timeRemainingMs: number;
  dataTotal: number;
  dataProcessed: number;
  dataRemaining: number;
  memoryTotal: number;
  memoryProcessed: number;
  memoryRemaining: number;
  fileTotal: number;
  fileProcessed: number;
  fileRemaining: number;
}

/** virDomainGetJobStats, typed; fields a job does not report are undefined. */
export interface JobStats {
  type: JobType;
  typeCode: number;
  operation: JobOperation;
  operationCode: number;
  timeElapsedMs?: number;
  timeRemainingMs?: number;
  memoryTotal?: number;
  memoryProcessed?: number;
  memoryRemaining?: number;
  dataTotal?: number;
  dataProcessed?: number;
  dataRemaining?: number;
  diskTotal?: number;
  diskProcessed?: number;
  diskRemaining?: number;
  /** For completed jobs (VIR_DOMAIN_JOB_STATS_COMPLETED): whether it succeeded. */
  success?: boolean;
  errorMessage?: string;
  /** Every field libvirt returned, under its libvirt name ("memory_bps", "downtime", ...). */
  fields: Record<string, TypedValue>;
}

export async function getJobInfo(dom: Ptr, conn: Ptr): Promise<JobInfo> {
  const out: Record<string, number | bigint> = {};
  checkAsync('virDomainGetJobInfo', conn, await callAsync<number>(virDomainGetJobInfo, dom, out));
  const n = (k: string): number => Number(out[k] ?? 0);
  return {
    type: jobTypeName(n('type')),
    typeCode: n('type'),
    timeElapsedMs: n('timeElapsed'),
    timeRemainingMs: n('timeRemaining'),
    dataTotal: n('dataTotal'),
    dataProcessed: n('dataProcessed'),
    dataRemaining: n('dataRemaining'),
    memoryTotal: n('memTotal'),
    memoryProcessed: n('memProcessed'),
    memoryRemaining: n('memRemaining'),
    fileTotal: n('fileTotal'),
    fileProcessed: n('fileProcessed'),
    fileRemaining: n('fileRemaining'),
  };
}

export async function getJobStats(dom: Ptr, conn: Ptr, flags = 0): Promise<JobStats> {
  const type = [0];
  const params: unknown[] = [null];
  const count = [0];
  checkAsync('virDomainGetJobStats', conn, await callAsync<number>(virDomainGetJobStats, dom, type, params, count, flags));
  const map = takeTypedParams(params[0], count[0] ?? 0);
  const num = (k: string): number | undefined => {
    const v = map.get(k);
    return typeof v === 'number' ? v : undefined;
  };
  const typeCode = type[0] ?? 0;
  const operationCode = num('operation') ?? VIR_DOMAIN_JOB_OPERATION.UNKNOWN;
  const success = map.get('success');
  const errmsg = map.get('errmsg');
  return {
    type: jobTypeName(typeCode),
    typeCode,
    operation: jobOperationName(operationCode),
    operationCode,
    timeElapsedMs: num('time_elapsed'),
    timeRemainingMs: num('time_remaining'),
    memoryTotal: num('memory_total'),
    memoryProcessed: num('memory_processed'),
    memoryRemaining: num('memory_remaining'),
    dataTotal: num('data_total'),
    dataProcessed: num('data_processed'),
    dataRemaining: num('data_remaining'),
    diskTotal: num('disk_total'),
    diskProcessed: num('disk_processed'),
    diskRemaining: num('disk_remaining'),
    success: typeof success === 'boolean' ? success : undefined,
    errorMessage: typeof errmsg === 'string' ? errmsg : undefined,
    fields: Object.fromEntries(map),
  };
}

export async function abortJob(dom: Ptr, conn: Ptr): Promise<void> {
  checkAsync('virDomainAbortJob', conn, await callAsync<number>(virDomainAbortJob, dom));
}
