// Typed view of a snapshot's XML (virDomainSnapshotGetXMLDesc).
import { arr, attr, obj, parseXml, text } from './parse';
import { describeDomainElement, type DomainDescription } from './domain';

export type SnapshotLocation = 'internal' | 'external' | 'no' | 'manual';

export interface SnapshotDiskDescription {
  name: string;
  snapshot: SnapshotLocation;
  format?: string;
  /** The overlay file an external disk snapshot created. */
  file?: string;
}

export interface SnapshotDescription {
  name: string;
  description?: string;
  /** The domain state captured: "running", "shutoff", "disk-snapshot", ... */
  state: string;
  creationTime: number;
  parent?: string;
  memory: { snapshot: SnapshotLocation; file?: string };
  disks: SnapshotDiskDescription[];
  /** The domain definition at snapshot time. */
  domain?: DomainDescription;
}

export function parseSnapshotXml(xml: string): SnapshotDescription {
  const root = obj(parseXml(xml).domainsnapshot);
  if (!root) throw new Error('not a domainsnapshot XML document');
  const memory = obj(root.memory);
  const domain = obj(root.domain);
  return {
    name: text(root.name) ?? '',
    description: text(root.description),
    state: text(root.state) ?? '',
    creationTime: Number(text(root.creationTime) ?? 0),
    parent: text(obj(root.parent)?.name),
    memory: { snapshot: (attr(memory, 'snapshot') ?? 'no') as SnapshotLocation, file: attr(memory, 'file') },
    disks: arr(obj(root.disks)?.disk).map((d) => ({
      name: attr(d, 'name') ?? '',
      snapshot: (attr(d, 'snapshot') ?? 'no') as SnapshotLocation,
      format: attr(obj(d.driver), 'type'),
      file: attr(obj(d.source), 'file'),
    })),
    domain: domain ? describeDomainElement(domain) : undefined,
  };
}
