// Names of the volumes Snapvisor keeps in its storage pool. A dir pool is flat, so the name
// carries what a directory tree would: the VM the file belongs to (for its space and the leak
// sweep), what it is and whose it is. Only ids, UUIDs and disk targets appear in names; display
// names live in SQLite alone.
import { SnapvisorError } from '../../../shared/errors';
import type { FieldName } from '../../../shared/vocabulary';

/**
 * snap: the overlay a snapshot put on a disk; mem: a snapshot's memory image; top: a fresh top
 * layer after a revert or volume restore; new: a disk of a VM restored as new (its own UUID);
 * ext: an extracted volume snapshot; tmp: a short-lived helper (removed by the operation).
 */
export type VolumeRole = 'snap' | 'mem' | 'top' | 'new' | 'ext' | 'tmp';

export interface VolumeKey {
  vmUuid: string;
  role: VolumeRole;
  id: string;
  /** The disk target, for disk images; absent for memory images. */
  target?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ID = /^[a-z0-9]{1,40}$/;
const TARGET = /^[a-z][a-z0-9]{0,15}$/;
const ROLES: readonly VolumeRole[] = ['snap', 'mem', 'top', 'new', 'ext', 'tmp'];
const EXTENSIONS = ['qcow2', 'raw', 'save', 'log', 'iso'] as const;
export type VolumeExtension = (typeof EXTENSIONS)[number];

function checked(value: string, re: RegExp, field: FieldName): string {
  if (!re.test(value)) throw new SnapvisorError('invalid_input', { field });
  return value;
}

export function volumeName(k: VolumeKey, ext: VolumeExtension): string {
  const uuid = checked(k.vmUuid.toLowerCase(), UUID, 'vmUuid');
  const id = checked(k.id, ID, 'id');
  const target = k.target === undefined ? '' : `.${checked(k.target, TARGET, 'disk')}`;
  return `${uuid}.${k.role}-${id}${target}.${ext}`;
}

/** The console log of a VM restored as new, written by the host's virtlogd into the pool. */
export function consoleName(vmUuid: string): string {
  return volumeName({ vmUuid, role: 'new', id: 'console' }, 'log');
}

/**
 * The NVRAM a VM made on another host was given: its source's, carried with the first copy; the
 * VM's own NVRAM file is filled from it (libvirt keeps that one beside its other NVRAM files).
 */
export function nvramName(vmUuid: string, format: 'raw' | 'qcow2'): string {
  return volumeName({ vmUuid, role: 'new', id: 'nvram' }, format);
}

/** The cloud-init seed of a VM restored as new. */
export function seedName(vmUuid: string): string {
  return volumeName({ vmUuid, role: 'new', id: 'seed' }, 'iso');
}

/** The VM a pool volume belongs to (every name starts with its UUID), or null for a foreign file. */
export function vmOfVolume(name: string): string | null {
  const uuid = name.slice(0, 36);
  return UUID.test(uuid) && name[36] === '.' ? uuid : null;
}

/** The key of one of our names, or null when the name is not one Snapvisor makes. */
export function parseVolumeName(name: string): (VolumeKey & { ext: VolumeExtension }) | null {
  const vmUuid = vmOfVolume(name);
  if (!vmUuid) return null;
  const parts = name.slice(37).split('.');
  const ext = parts.pop() as VolumeExtension;
  if (!EXTENSIONS.includes(ext)) return null;
  const [head, target, ...rest] = parts;
  if (!head || rest.length) return null;
  const dash = head.indexOf('-');
  const role = head.slice(0, dash) as VolumeRole;
  const id = head.slice(dash + 1);
  if (dash < 0 || !ROLES.includes(role) || !ID.test(id) || (target !== undefined && !TARGET.test(target))) return null;
  return target === undefined ? { vmUuid, role, id, ext } : { vmUuid, role, id, target, ext };
}
