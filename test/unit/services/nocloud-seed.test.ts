// The NoCloud seed, judged by the real tools: the ISO 9660 image read by blkid, isoinfo
// (genisoimage) and xorriso — label, Joliet level, names, sizes and every byte of every file,
// beside an image genisoimage makes of the same files — and its documents read the way
// cloud-init reads them (PyYAML for meta-data and #cloud-config, Python's email package for the
// multipart user-data).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isoImage, primaryName } from '../../../electron/services/cloud-init/iso9660';
import { metaData, seedImage, userData, type SeedSpec } from '../../../electron/services/cloud-init/nocloud-seed';

const dir = mkdtempSync(join(tmpdir(), 'sv-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (cmd: string, ...args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const runBytes = (cmd: string, ...args: string[]): Buffer => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
let n = 0;
const write = (chunks: Buffer[]): string => {
  const file = join(dir, `img-${n++}.iso`);
  writeFileSync(file, Buffer.concat(chunks));
  return file;
};
/** isoinfo's listing as [name, size] pairs, without "." and "..". */
const listing = (img: string, joliet: boolean): [string, number][] => run('isoinfo', ...(joliet ? ['-J'] : []), '-l', '-i', img)
  .split('\n').map((l) => /^-\S+\s+\d+\s+\d+\s+\d+\s+(\d+)\s.*\]\s+(.+?)\s*$/.exec(l)).filter((m) => m !== null)
  .map((m) => [m[2]!, Number(m[1])] as [string, number]).sort();

const DATE = new Date('2026-12-04T12:34:56Z');
const FILES = [
  { name: 'meta-data', data: Buffer.from('instance-id: a\n') },
  { name: 'user-data', data: Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff)) },
  { name: 'exactly-one-sector', data: Buffer.alloc(2048, 0x41) },
  { name: 'empty', data: Buffer.alloc(0) },
  { name: 'network-config.yaml', data: Buffer.from('version: 2\n') },
];

describe('isoImage, read by the real tools', () => {
  const img = write(isoImage({ volumeId: 'cidata', date: DATE, files: FILES }));

  it('is an iso9660 volume labelled cidata with Joliet, as blkid and isoinfo say', () => {
    const probe = run('blkid', '-p', '-o', 'export', img);
    expect(probe).toMatch(/^LABEL=cidata$/m);
    expect(probe).toMatch(/^TYPE=iso9660$/m);
    expect(probe).toMatch(/^VERSION=Joliet\\ Extension$/m);
    const d = run('isoinfo', '-d', '-i', img);
    expect(d).toMatch(/^Volume id: cidata$/m);
    expect(d).toContain('Joliet with UCS level 3 found');
    expect(d).toMatch(/^Logical block size is: 2048$/m);
    expect(Number(/^Volume size is: (\d+)$/m.exec(d)![1])).toBe(readFileSync(img).length / 2048);
  });

  it('holds every file under its Joliet name with its size and every byte (isoinfo -J, xorriso)', () => {
    expect(listing(img, true)).toEqual(FILES.map((f) => [f.name, f.data.length]).sort());
    for (const f of FILES) expect(runBytes('isoinfo', '-J', '-i', img, '-x', `/${f.name}`).equals(f.data), f.name).toBe(true);
    const found = run('xorriso', '-abort_on', 'NEVER', '-indev', img, '-find', '/', '-type', 'f').split('\n').filter((l) => l.startsWith("'")).sort();
    expect(found).toEqual(FILES.map((f) => `'/${f.name}'`).sort());
    const out = join(dir, 'extracted');
    mkdirSync(out);
    run('xorriso', '-abort_on', 'NEVER', '-osirrox', 'on', '-indev', img, '-extract', '/', out);
    for (const f of FILES) expect(readFileSync(join(out, f.name)).equals(f.data), f.name).toBe(true);
    // xorriso's own media check reads every block the volume claims.
    expect(run('xorriso', '-abort_on', 'NEVER', '-indev', img, '-check_media', '--')).toMatch(/Media region :\s+0 ,\s+\d+ , \+ good/);
  });

  it('has the 8.3 names genisoimage gives the same files, with the same bytes', () => {
    const src = join(dir, 'src');
    mkdirSync(src);
    for (const f of FILES) writeFileSync(join(src, f.name), f.data);
    const ref = join(dir, 'ref.iso');
    run('genisoimage', '-quiet', '-J', '-V', 'cidata', '-o', ref, src);
    expect(listing(img, false)).toEqual(listing(ref, false));
    expect(listing(img, true)).toEqual(listing(ref, true));
    for (const [name] of listing(img, false)) {
      expect(runBytes('isoinfo', '-i', img, '-x', `/${name}`).equals(runBytes('isoinfo', '-i', ref, '-x', `/${name}`)), name).toBe(true);
    }
    const probe = (f: string): string => run('blkid', '-p', '-o', 'export', f).split('\n').filter((l) => /^(LABEL|TYPE|VERSION|USAGE)=/.test(l)).join('\n');
    expect(probe(img)).toBe(probe(ref));
  });

  it('refuses what it cannot write', () => {
    expect(() => isoImage({ volumeId: 'ci data', date: DATE, files: [] })).toThrow(/volume id/);
    expect(() => isoImage({ volumeId: 'cidata', date: DATE, files: [{ name: 'a/b', data: Buffer.alloc(1) }] })).toThrow(/Joliet/);
    const taken = new Set<string>();
    expect([primaryName('user-data', taken), primaryName('user-data2', taken), primaryName('.hidden', taken)]).toEqual(['USER_DAT.', 'USER_DA1.', '_HIDDEN.']);
  });
});

/** A document as cloud-init's Python reads it: YAML by PyYAML, user-data parts by the email package. */
function python(script: string, input: string): unknown {
  return JSON.parse(execFileSync('python3', ['-c', script], { input, encoding: 'utf8' })) as unknown;
}
const YAML = 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))';
const MIME = `import sys, json, email
m = email.message_from_string(sys.stdin.read())
print(json.dumps({"type": m.get_content_type(), "parts": [
  {"type": p.get_content_type(), "merge": p.get("Merge-Type"), "body": p.get_payload(decode=True).decode("utf-8")}
  for p in m.walk() if not p.is_multipart()]}))`;

describe('the seed documents, read as cloud-init reads them', () => {
  const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk4cX2a9xJ1m0cZ8oV6fUq8Xh8pVJjYjL1sQeP3nC2e "quoted" #not-a-comment';
  const spec: SeedSpec = { instanceId: 'snapvisor-0d9c', hostname: 'web-1.lab', sshKeys: [key, 'ssh-rsa AAAAB3NzaC1yc2E= b'] };

  it('meta-data: the new instance-id, the host name and the keys exactly', () => {
    expect(python(YAML, metaData(spec))).toEqual({ 'instance-id': 'snapvisor-0d9c', 'local-hostname': 'web-1.lab', 'public-keys': [key, 'ssh-rsa AAAAB3NzaC1yc2E= b'] });
    expect(python(YAML, metaData({ ...spec, sshKeys: [] }))).toEqual({ 'instance-id': 'snapvisor-0d9c', 'local-hostname': 'web-1.lab' });
  });

  it('user-data without a script: one #cloud-config with host name, keys and a machine-id made once per instance', () => {
    const doc = userData(spec);
    expect(doc.startsWith('#cloud-config\n')).toBe(true);
    const cfg = python(YAML, doc) as Record<string, unknown>;
    expect(cfg).toMatchObject({ hostname: 'web-1', fqdn: 'web-1.lab', preserve_hostname: false, ssh_authorized_keys: spec.sshKeys });
    expect(cfg.bootcmd).toEqual([['cloud-init-per', 'instance', 'snapvisor-machine-id', 'sh', '-c', expect.stringContaining('/etc/machine-id')]]);
  });

  it('user-data with a shell script or a #cloud-config: a multipart archive whose parts decode to ours and theirs', () => {
    const script = '#!/bin/sh\necho "marker ✓ $(hostname)" > /dev/ttyS0\n';
    const shell = python(MIME, userData({ ...spec, initScript: script })) as { type: string; parts: { type: string; merge: string | null; body: string }[] };
    expect(shell.type).toBe('multipart/mixed');
    expect(shell.parts.map((p) => p.type)).toEqual(['text/cloud-config', 'text/x-shellscript']);
    expect(shell.parts[0]!.body).toBe(userData(spec));
    expect(shell.parts[1]!.body).toBe(script);
    const config = '#cloud-config\nruncmd:\n  - [touch, /run/theirs]\n';
    const merged = python(MIME, userData({ ...spec, initScript: config })) as typeof shell;
    expect(merged.parts.map((p) => [p.type, p.merge])).toEqual([['text/cloud-config', null], ['text/cloud-config', 'list(append)+dict(no_replace,recurse_list)+str()']]);
    expect(merged.parts[1]!.body).toBe(config);
  });

  it('seedImage: a cidata volume holding exactly these two documents', () => {
    const img = write(seedImage({ ...spec, initScript: '#!/bin/sh\ntrue\n' }, DATE));
    expect(run('blkid', '-p', '-o', 'export', img)).toMatch(/^LABEL=cidata$/m);
    expect(listing(img, true).map(([name]) => name)).toEqual(['meta-data', 'user-data']);
    expect(run('isoinfo', '-J', '-i', img, '-x', '/meta-data')).toBe(metaData(spec));
    const parts = python(MIME, run('isoinfo', '-J', '-i', img, '-x', '/user-data')) as { parts: { body: string }[] };
    expect(parts.parts[1]!.body).toBe('#!/bin/sh\ntrue\n');
  });
});
