// Exporting a VM (its whole snapshot tree) or one snapshot of it to a file: what the planner
// needs is read here (the rows, their notes, the chains under their frozen images as libvirt
// reports them, libvirt's XML of the VM and of each snapshot, the host's name), the plan made
// and written. Everything on the host goes through libvirt, so a remote host exports the same
// way. The VM's XML is the inactive definition without secrets (no graphics passwords leave in
// a file), which is also what a snapshot's own XML holds.
import { VIR_DOMAIN_XML } from '../../../native';
import { version as snapvisorVersion } from '../../../package.json';
import type { EngineContext } from '../core/context';
import { toSnapvisorError } from '../hosts/libvirt-errors';
import { readCopySource, readNvram } from '../copies/copy-files';
import type { ExportVmRequest, ExportVmResult } from '../api';
import { planExport } from './export-plan';
import { writeExport } from './export-writer';
import { assertNoFileAt } from './output-file';

/**
 * A job on the VM (the job dock shows its bytes; its merges wait, so no file moves from under the
 * download), cancellable from there as by the request's signal.
 */
export async function exportVm(ctx: EngineContext, req: ExportVmRequest): Promise<ExportVmResult> {
  const vmName = ctx.hosts.vmNameNow(req.hostId, req.vmUuid) ?? req.vmUuid;
  return ctx.jobs.run({ hostId: req.hostId, vmUuid: req.vmUuid, vmName, operation: 'export', snapshotId: req.snapshotId ?? null }, async (job) => {
    const stop = new AbortController();
    if (req.signal?.aborted) stop.abort();
    req.signal?.addEventListener('abort', () => stop.abort(), { once: true });
    job.onCancel(async () => stop.abort());
    try {
      return await writeVm(ctx, { ...req, signal: stop.signal, onProgress: (p) => { job.progress(p.done, p.total); req.onProgress?.(p); } });
    } finally {
      job.onCancel(null);
    }
  });
}

async function writeVm(ctx: EngineContext, req: ExportVmRequest): Promise<ExportVmResult> {
  // A name that is taken is said before anything else is read (the writer refuses it again, for a file made meanwhile).
  await assertNoFileAt(req.output);
  const conn = await ctx.hosts.connection(req.hostId);
  const files = await ctx.files.host(req.hostId);
  using dom = await ctx.hosts.domain(req.hostId, req.vmUuid);
  const rows = ctx.snapshots.list({ hostId: req.hostId, vmUuid: req.vmUuid, includeDependents: true });
  const snapshotXml = new Map<string, string>();
  try {
    for (const r of rows) {
      if (r.location !== 'external' || r.state !== 'ready' || r.dependentOf !== null || !r.libvirtName) continue;
      using snap = dom.lookupSnapshot(r.libvirtName);
      snapshotXml.set(r.id, await snap.xmlAsync());
    }
  } catch (e) {
    throw toSnapvisorError(e, { vmUuid: req.vmUuid });
  }
  const { plan, skipped } = planExport({
    header: {
      snapvisorVersion,
      createdAt: new Date().toISOString(),
      source: { uri: conn.uri(), hostname: conn.hostname() },
      vm: { name: dom.name(), uuid: req.vmUuid, xml: dom.xml(VIR_DOMAIN_XML.INACTIVE) },
    },
    rows,
    chains: await readCopySource(files, rows),
    notes: new Map(rows.map((r) => [r.id, ctx.notes.list(r.id)])),
    snapshotXml,
    only: req.snapshotId,
    nvram: await readNvram(files, dom),
  });
  const manifest = await writeExport(req.output, plan, files, { signal: req.signal, onProgress: req.onProgress });
  return { manifest, skipped };
}
