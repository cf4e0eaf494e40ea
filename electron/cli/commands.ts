// The command table: every command's synopsis, options and positional arguments. Pure data;
// argv.ts parses against it, usage.ts prints it, handlers/ implement it.
import { SNAPSHOT_KINDS, SNAPSHOT_STATES } from '../../shared/model';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  required?: boolean;
  choices?: readonly string[];
  /** May be given more than once (the values come as a list). */
  multiple?: boolean;
}

export interface PositionalSpec {
  name: string;
  required: boolean;
}

export interface CommandSpec {
  /** One word, or "schedules <sub>". */
  name: string;
  synopsis: string;
  options: Record<string, OptionSpec>;
  positionals: PositionalSpec[];
}

export const GLOBAL_OPTIONS = {
  connect: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string', choices: ['en', 'ko'] },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, OptionSpec>;

const VM_KINDS = ['cold', 'hot', 'memory'] as const;
const str = (extra: Partial<OptionSpec> = {}): OptionSpec => ({ type: 'string', ...extra });
const bool: OptionSpec = { type: 'boolean' };
const SNAP = { name: 'SNAP', required: true };
/** Lets SNAP be a name: the VM it belongs to. */
const snapVm = { vm: str() };

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'vms', synopsis: 'vms', options: {}, positionals: [] },
  {
    name: 'list',
    synopsis: 'list [--vm VM] [--kind K] [--state S] [--search TEXT] [--since DATE] [--until DATE]',
    options: {
      vm: str(), kind: str({ choices: SNAPSHOT_KINDS }), state: str({ choices: SNAPSHOT_STATES }),
      search: str(), since: str(), until: str(),
    },
    positionals: [],
  },
  { name: 'show', synopsis: 'show SNAP [--vm VM]', options: snapVm, positionals: [SNAP] },
  {
    name: 'create',
    synopsis: 'create --vm VM --kind cold|hot|memory [--or-nearest] [--name N] [--description D] [--disks vda,vdb] [--quiesce] [--protect]',
    options: {
      vm: str({ required: true }), kind: str({ required: true, choices: VM_KINDS }), 'or-nearest': bool, name: str(), description: str(),
      disks: str(), quiesce: bool, protect: bool,
    },
    positionals: [],
  },
  {
    name: 'edit',
    synopsis: 'edit SNAP [--vm VM] [--name N] [--description D] [--protect|--unprotect]',
    options: { ...snapVm, name: str(), description: str(), protect: bool, unprotect: bool },
    positionals: [SNAP],
  },
  { name: 'delete', synopsis: 'delete SNAP [--vm VM] [--confirm-name NAME]', options: { ...snapVm, 'confirm-name': str() }, positionals: [SNAP] },
  {
    name: 'restore',
    synopsis: 'restore SNAP [--vm VM] [--safety-snapshot] [--start|--paused]',
    options: { ...snapVm, 'safety-snapshot': bool, start: bool, paused: bool },
    positionals: [SNAP],
  },
  {
    name: 'restore-as-new',
    synopsis: 'restore-as-new SNAP --name NEWVM [--vm VM] [--vcpus N] [--memory MIB] [--network NET|none] [--start] [--protect] [--hostname H] [--ssh-key FILE]... [--init-script FILE]',
    options: {
      ...snapVm, name: str({ required: true }), vcpus: str(), memory: str(), network: str(), start: bool, protect: bool,
      hostname: str(), 'ssh-key': str({ multiple: true }), 'init-script': str(),
    },
    positionals: [SNAP],
  },
  { name: 'remove-vm', synopsis: 'remove-vm VM [--confirm-name NAME]', options: { 'confirm-name': str() }, positionals: [{ name: 'VM', required: true }] },
  {
    name: 'volume-snapshot',
    synopsis: 'volume-snapshot --vm VM --disk TARGET [--name N] [--description D]',
    options: { vm: str({ required: true }), disk: str({ required: true }), name: str(), description: str() },
    positionals: [],
  },
  { name: 'volume-restore', synopsis: 'volume-restore SNAP [--vm VM] [--as-new NAME]', options: { ...snapVm, 'as-new': str() }, positionals: [SNAP] },
  {
    name: 'extract-volume',
    synopsis: 'extract-volume SNAP --disk TARGET [--vm VM] [--name N]',
    options: { ...snapVm, disk: str({ required: true }), name: str() },
    positionals: [SNAP],
  },
  {
    name: 'export',
    synopsis: 'export (SNAP [--vm VM] | --vm VM) --output FILE',
    options: { vm: str(), output: str({ required: true }) },
    positionals: [{ name: 'SNAP', required: false }],
  },
  { name: 'import', synopsis: 'import FILE [--name NAME] [--check]', options: { name: str(), check: bool }, positionals: [{ name: 'FILE', required: true }] },
  { name: 'reconcile', synopsis: 'reconcile', options: {}, positionals: [] },
  { name: 'adopt', synopsis: 'adopt (SNAP | --all) [--vm VM]', options: { ...snapVm, all: bool }, positionals: [{ name: 'SNAP', required: false }] },
  { name: 'forget', synopsis: 'forget SNAP [--vm VM]', options: snapVm, positionals: [SNAP] },
  { name: 'events', synopsis: 'events [SNAP] [--vm VM]', options: snapVm, positionals: [{ name: 'SNAP', required: false }] },
  { name: 'note', synopsis: 'note SNAP TEXT [--vm VM]', options: snapVm, positionals: [SNAP, { name: 'TEXT', required: true }] },
  {
    name: 'copies refresh',
    synopsis: 'copies refresh --vm VM --to URI [--keep N]',
    options: { vm: str({ required: true }), to: str({ required: true }), keep: str() },
    positionals: [],
  },
  { name: 'copies list', synopsis: 'copies list [--vm VM]', options: { vm: str() }, positionals: [] },
  { name: 'copies verify', synopsis: 'copies verify --vm VM --to URI', options: { vm: str({ required: true }), to: str({ required: true }) }, positionals: [] },
  { name: 'copies remove', synopsis: 'copies remove --vm VM --to URI', options: { vm: str({ required: true }), to: str({ required: true }) }, positionals: [] },
  { name: 'schedules list', synopsis: 'schedules list [--vm VM]', options: { vm: str() }, positionals: [] },
  {
    name: 'schedules add',
    synopsis: 'schedules add --vm VM --kind cold|hot|memory (--every DURATION | --cron EXPR) [--keep N] [--max-age DURATION] [--pattern P] [--copy-to URI [--copy-keep N]]',
    options: {
      vm: str({ required: true }), kind: str({ required: true, choices: VM_KINDS }), every: str(), cron: str(),
      keep: str(), 'max-age': str(), pattern: str(), 'copy-to': str(), 'copy-keep': str(),
    },
    positionals: [],
  },
  { name: 'schedules remove', synopsis: 'schedules remove ID', options: {}, positionals: [{ name: 'ID', required: true }] },
  { name: 'schedules run', synopsis: 'schedules run', options: {}, positionals: [] },
  { name: 'schedules status', synopsis: 'schedules status', options: {}, positionals: [] },
  {
    name: 'schedules install-timer',
    synopsis: 'schedules install-timer [--print] [--system] [--dir DIR] [--on-calendar SPEC]',
    options: { print: bool, system: bool, dir: str(), 'on-calendar': str() },
    positionals: [],
  },
];

/** Words that take a second word naming the command ("schedules add", "copies refresh"). */
export const COMMAND_GROUPS: ReadonlySet<string> = new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]!));

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
