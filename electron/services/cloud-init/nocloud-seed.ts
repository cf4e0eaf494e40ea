// The NoCloud seed of a VM restored as new (cloud-init 22.4's NoCloud datasource; cloudbase-init
// reads the same): a `cidata` volume with `meta-data` — a new instance-id, so the clone's first
// boot is a first boot (new SSH host keys, hostname, keys, scripts), its host name and keys — and
// `user-data`. cloud-init does not reset machine-id, so the seed's own #cloud-config does, once per
// instance, before networking takes a DHCP lease with the source's. The user's script rides along
// as a part of a MIME multipart archive (cloud-init's documented way to give several documents):
// a shell script as text/x-shellscript (run once, at the first boot), a #cloud-config document as
// text/cloud-config merged into ours (its lists appended, our keys kept).
import { randomHex } from '../../store/ids';
import { isoImage } from './iso9660';

export interface SeedSpec {
  /** New for every VM: what makes cloud-init treat the boot as a first boot. */
  instanceId: string;
  hostname: string;
  /** OpenSSH public key lines. */
  sshKeys: readonly string[];
  /** A shell script (#!…) or a #cloud-config document, checked by initScriptProblem. */
  initScript?: string;
}

/** YAML scalars as JSON strings: YAML reads them as they are, whatever they hold. */
const q = (s: string): string => JSON.stringify(s);

/** A new /etc/machine-id, once per instance (systemd-machine-id-setup where there is systemd). */
const MACHINE_ID = 'rm -f /etc/machine-id && (systemd-machine-id-setup || tr -d - < /proc/sys/kernel/random/uuid > /etc/machine-id)';

export function metaData(s: SeedSpec): string {
  return [
    `instance-id: ${q(s.instanceId)}`,
    `local-hostname: ${q(s.hostname)}`,
    ...(s.sshKeys.length ? ['public-keys:', ...s.sshKeys.map((k) => `  - ${q(k)}`)] : []),
    '',
  ].join('\n');
}

function ownConfig(s: SeedSpec): string {
  return [
    '#cloud-config',
    `hostname: ${q(s.hostname.split('.')[0]!)}`,
    ...(s.hostname.includes('.') ? [`fqdn: ${q(s.hostname)}`] : []),
    'preserve_hostname: false',
    ...(s.sshKeys.length ? ['ssh_authorized_keys:', ...s.sshKeys.map((k) => `  - ${q(k)}`)] : []),
    'bootcmd:',
    `  - [cloud-init-per, instance, snapvisor-machine-id, sh, -c, ${q(MACHINE_ID)}]`,
    '',
  ].join('\n');
}

function part(type: string, filename: string, body: string, extra: string[] = []): string {
  return [
    `Content-Type: ${type}; charset="utf-8"`,
    'MIME-Version: 1.0',
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${filename}"`,
    ...extra,
    '',
    Buffer.from(body, 'utf8').toString('base64').replace(/.{76}/g, '$&\n'),
  ].join('\n');
}

export function userData(s: SeedSpec): string {
  const own = ownConfig(s);
  if (s.initScript === undefined) return own;
  // Parts are base64: no boundary can occur in them.
  const boundary = `==snapvisor-${randomHex(12)}==`;
  const user = s.initScript.startsWith('#!')
    ? part('text/x-shellscript', 'init-script', s.initScript)
    : part('text/cloud-config', 'init-config.cfg', s.initScript, ['Merge-Type: list(append)+dict(no_replace,recurse_list)+str()']);
  return [
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    'MIME-Version: 1.0',
    '',
    `--${boundary}`,
    part('text/cloud-config', 'snapvisor.cfg', own),
    `--${boundary}`,
    user,
    `--${boundary}--`,
    '',
  ].join('\n');
}

/** The seed image: an ISO 9660 volume labelled `cidata` with Joliet names. */
export function seedImage(s: SeedSpec, date: Date): Buffer[] {
  return isoImage({
    volumeId: 'cidata',
    date,
    files: [
      { name: 'meta-data', data: Buffer.from(metaData(s), 'utf8') },
      { name: 'user-data', data: Buffer.from(userData(s), 'utf8') },
    ],
  });
}
