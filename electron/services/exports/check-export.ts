// The check of an export file from the app (exports.check): the file read through and every entry
// checked (export-reader.ts) without writing anything, as a job once its manifest is read, so the
// job dock shows its bytes and rate and offers Cancel: a 100 GiB archive takes a minute to read.
// The job is on no VM of the host (a new UUID): a check never waits for the jobs of the VM the
// file was exported from, nor holds them up. The command line's `import FILE --check` reads the
// file without any host (checkExport).
import type { CheckExportRequest } from '../api';
import type { EngineContext } from '../core/context';
import { checkExport } from './export-reader';
import { exportSummary, type ExportSummary } from './format';
import { withManifestJob } from './manifest-job';

export async function checkExportFile(ctx: EngineContext, req: CheckExportRequest): Promise<ExportSummary> {
  ctx.hosts.host(req.hostId); // a known host (host_not_found), which need not answer: nothing goes to it
  return withManifestJob(ctx, req.signal, async (job) => exportSummary(await checkExport(req.file, {
    signal: job.signal,
    onManifest: (manifest) => job.begin({ hostId: req.hostId, vmUuid: crypto.randomUUID(), vmName: manifest.vm.name, operation: 'export-check' }),
    onProgress: (done, total) => job.progress(done, total),
  })));
}
