// The product's words: every state, kind and other token Snapvisor shows, in each language it
// speaks, in one table that the renderer, the CLI and the error texts all read. A token is a
// code (what the services send); a word is what a person reads. One token, one word per
// language, everywhere (the Korean words follow the seeds' vocabulary: 중지됨, 일시 중지, 활성,
// 에러, 삭제 에러, 정지/실행 중 스냅샷).
//
// Pure data and functions: no imports from electron/ or renderer/.

export const LANGUAGES = ['en', 'ko'] as const;
export type Lang = (typeof LANGUAGES)[number];

export function isLang(value: string): value is Lang {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** 'ko' for Korean locale strings (ko, ko_KR.UTF-8, ko-KR), else 'en'. */
export function langFromLocale(locale: string | undefined | null): Lang {
  return locale && /^ko([_\-.@]|$)/i.test(locale) ? 'ko' : 'en';
}

/** A token said in each language. English words are lower case, as inside a sentence. */
export type Words = Readonly<Record<Lang, string>>;

// --- the model's tokens -------------------------------------------------------------------------

export const SNAPSHOT_KINDS = ['cold', 'hot', 'memory', 'volume'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];
/** The kinds a VM snapshot can be (a volume snapshot holds one disk). */
export const VM_SNAPSHOT_KINDS = ['cold', 'hot', 'memory'] as const satisfies readonly SnapshotKind[];

export const SNAPSHOT_STATES = [
  'creating', 'ready', 'error', 'deleting', 'error_deleting', 'restoring', 'unmanaged', 'missing',
] as const;
export type SnapshotState = (typeof SNAPSHOT_STATES)[number];

export const VM_STATES = ['running', 'paused', 'shutoff', 'crashed', 'pmsuspended', 'other'] as const;
export type VmState = (typeof VM_STATES)[number];

export const DISK_LOCATIONS = ['internal', 'external', 'none'] as const;
export type DiskLocation = (typeof DISK_LOCATIONS)[number];

export const JOB_OPERATIONS = [
  'create', 'delete', 'revert', 'restore-as-new', 'volume-restore', 'extract-volume', 'reconcile', 'schedule', 'merge', 'remove-vm', 'copy-refresh', 'copy-remove', 'export', 'import', 'export-check',
] as const;
export type JobOperation = (typeof JOB_OPERATIONS)[number];

export const EVENT_OUTCOMES = ['started', 'succeeded', 'failed', 'info'] as const;
export type EventOutcome = (typeof EVENT_OUTCOMES)[number];

export const KIND_WORDS: Record<SnapshotKind, Words> = {
  cold: { en: 'cold', ko: '정지' },
  hot: { en: 'hot', ko: '실행 중' },
  memory: { en: 'memory', ko: '메모리' },
  volume: { en: 'volume', ko: '볼륨' },
};

export const SNAPSHOT_STATE_WORDS: Record<SnapshotState, Words> = {
  creating: { en: 'creating', ko: '생성 중' },
  ready: { en: 'ready', ko: '활성' },
  error: { en: 'error', ko: '에러' },
  deleting: { en: 'deleting', ko: '삭제 중' },
  error_deleting: { en: 'delete failed', ko: '삭제 에러' },
  restoring: { en: 'restoring', ko: '복원 중' },
  // The seeds' 비정상 means "needs an administrator"; ours means "made outside Snapvisor".
  unmanaged: { en: 'unmanaged', ko: '비관리' },
  missing: { en: 'missing', ko: '사라짐' },
};

export const VM_STATE_WORDS: Record<VmState, Words> = {
  running: { en: 'running', ko: '실행 중' },
  paused: { en: 'paused', ko: '일시 중지' },
  shutoff: { en: 'shut off', ko: '중지됨' },
  crashed: { en: 'crashed', ko: '비정상 종료' },
  pmsuspended: { en: 'suspended', ko: '절전' },
  other: { en: 'unknown state', ko: '알 수 없는 상태' },
};

export const LOCATION_WORDS: Record<DiskLocation, Words> = {
  internal: { en: 'internal', ko: '내부' },
  external: { en: 'external', ko: '외부' },
  none: { en: 'not captured', ko: '저장 안 함' },
};

export const OPERATION_WORDS: Record<JobOperation, Words> = {
  create: { en: 'taking snapshot', ko: '스냅샷 생성' },
  delete: { en: 'deleting snapshot', ko: '스냅샷 삭제' },
  revert: { en: 'restoring', ko: '복원' },
  'restore-as-new': { en: 'creating VM from snapshot', ko: '스냅샷에서 VM 생성' },
  'volume-restore': { en: 'restoring volume', ko: '볼륨 복원' },
  'extract-volume': { en: 'extracting volume', ko: '볼륨 추출' },
  reconcile: { en: 'checking snapshots', ko: '스냅샷 점검' },
  schedule: { en: 'scheduled snapshot', ko: '스케줄 스냅샷' },
  merge: { en: 'merging deleted snapshots\' layers', ko: '삭제된 스냅샷 레이어 병합' },
  'remove-vm': { en: 'removing VM', ko: 'VM 삭제' },
  'copy-refresh': { en: 'refreshing copy on another host', ko: '다른 호스트의 사본 갱신' },
  'copy-remove': { en: 'removing copy on another host', ko: '다른 호스트의 사본 삭제' },
  export: { en: 'exporting to a file', ko: '파일로 내보내기' },
  import: { en: 'importing VM from a file', ko: '파일에서 VM 가져오기' },
  'export-check': { en: 'checking an export file', ko: '내보낸 파일 검사' },
};

export const OUTCOME_WORDS: Record<EventOutcome, Words> = {
  started: { en: 'started', ko: '시작' },
  succeeded: { en: 'succeeded', ko: '성공' },
  failed: { en: 'failed', ko: '실패' },
  info: { en: 'info', ko: '정보' },
};

/** What the audit log records (event actions): the job operations and the quick edits. */
export const EVENT_ACTIONS = [...JOB_OPERATIONS, 'edit', 'note', 'adopt', 'forget', 'schedule.run', 'schedule.copy'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

export const ACTION_WORDS: Record<EventAction, Words> = {
  ...OPERATION_WORDS,
  edit: { en: 'edit', ko: '수정' },
  note: { en: 'comment', ko: '코멘트' },
  adopt: { en: 'adopt', ko: '가져오기' },
  forget: { en: 'remove from list', ko: '목록에서 제거' },
  'schedule.run': { en: 'scheduled run', ko: '스케줄 실행' },
  'schedule.copy': { en: 'scheduled copy refresh', ko: '스케줄 사본 갱신' },
};

// --- why something was refused: the reasons and fields errors carry ------------------------------

export const REASONS = [
  // text and number rules (shared/rules.ts)
  'empty', 'too_long', 'too_short', 'too_large', 'too_small', 'too_many', 'not_whole_number',
  'control_characters', 'resource_characters', 'not_a_uri', 'not_an_id', 'not_a_uuid', 'not_a_disk_target',
  'not_a_network_name', 'not_a_file_path', 'not_a_date', 'wrong_type', 'unknown_field', 'not_allowed', 'unknown_channel',
  // snapshots and disks
  'not_a_public_key', 'private_key', 'nul_bytes', 'file_too_large', 'not_a_script', 'not_a_hostname', 'file_not_found', 'file_unreadable',
  'no_snapshotable_disk', 'volume_needs_one_disk', 'internal_memory_needs_all_disks', 'no_source_file',
  'quiesce_hot_only', 'restore_volume_instead', 'not_a_volume_snapshot', 'extract_from_vm_snapshot',
  'dependent_follows_parent', 'only_unmanaged_adopted', 'only_missing_forgotten', 'restored_vm',
  // where snapshots go (strategy.ts), and merges
  'external_default', 'existing_internal', 'internal_only_driver', 'still_in_chain',
  // schedules
  'interval_or_cron', 'cron_invalid', 'cron_never_matches', 'cron_too_frequent',
  'host_and_vm_required', 'kind_not_schedulable', 'unknown_placeholder', 'copy_keep_without_target',
  // hosts, storage and the timer
  'key_missing', 'key_permissions', 'key_format', 'no_qemu_img', 'remote_host', 'no_default_pool', 'no_target',
  'no_systemctl', 'no_user_manager', 'no_command',
  // the command line
  'needs_root_or_dir', 'ambiguous_name', 'not_a_duration',
] as const;
export type Reason = (typeof REASONS)[number];

export function isReason(value: string): value is Reason {
  return (REASONS as readonly string[]).includes(value);
}

export const REASON_WORDS: Record<Reason, Words> = {
  empty: { en: 'it is empty', ko: '비어 있습니다' },
  too_long: { en: 'it is too long', ko: '너무 깁니다' },
  too_short: { en: 'it is too short', ko: '너무 짧습니다' },
  too_large: { en: 'the number is too large', ko: '숫자가 너무 큽니다' },
  not_a_public_key: { en: 'it is not an SSH public key (a line such as “ssh-ed25519 AAAA… comment”, as in a .pub file)', ko: 'SSH 공개 키가 아닙니다(공개 키 파일의 줄이어야 합니다)' },
  private_key: { en: 'it is a private key, which must never leave your computer: give the public key (the .pub file)', ko: '개인 키입니다. 개인 키는 컴퓨터 밖으로 보내면 안 됩니다. 공개 키 파일을 주세요' },
  nul_bytes: { en: 'it contains NUL bytes (is it a binary file?)', ko: 'NUL 바이트가 들어 있습니다(바이너리 파일인가요?)' },
  file_too_large: { en: 'it is too large', ko: '너무 큽니다' },
  not_a_script: { en: 'it is neither a shell script (first line #!…) nor a #cloud-config document', ko: '셸 스크립트(첫 줄이 #!…)도 #cloud-config 문서도 아닙니다' },
  not_a_hostname: { en: 'no host name can be made of it (letters, digits and hyphens)', ko: '호스트 이름으로 만들 수 없습니다(영문자, 숫자, 하이픈)' },
  file_not_found: { en: 'the file does not exist', ko: '파일이 없습니다' },
  file_unreadable: { en: 'the file cannot be read', ko: '파일을 읽을 수 없습니다' },
  too_small: { en: 'the number is too small', ko: '숫자가 너무 작습니다' },
  too_many: { en: 'there are too many', ko: '개수가 너무 많습니다' },
  not_whole_number: { en: 'a whole number is needed', ko: '정수여야 합니다' },
  control_characters: { en: 'it contains control characters', ko: '제어 문자가 들어 있습니다' },
  resource_characters: {
    en: 'use only letters, digits, “.”, “_” and “-”, not starting with “.” or “-”',
    ko: '영문자, 숫자, “.”, “_”, “-”만 쓸 수 있고 “.”나 “-”로 시작할 수 없습니다',
  },
  not_a_uri: { en: 'it is not a connection URI such as qemu:///system', ko: 'qemu:///system 같은 연결 URI가 아닙니다' },
  not_an_id: { en: 'it is not an id (letters, digits and . _ : @ + = -)', ko: '아이디 형식이 아닙니다(영문자, 숫자와 . _ : @ + = -)' },
  not_a_uuid: { en: 'it is not a UUID', ko: 'UUID 형식이 아닙니다' },
  not_a_disk_target: { en: 'it is not a disk name such as vda', ko: 'vda 같은 디스크 이름이 아닙니다' },
  not_a_network_name: { en: 'a network name has no “/”', ko: '네트워크 이름에는 “/”를 쓸 수 없습니다' },
  not_a_file_path: { en: 'it is not the full path of a file (/…/name)', ko: '파일의 전체 경로(/…/이름)가 아닙니다' },
  not_a_date: { en: 'it is not a date (YYYY-MM-DD, or an ISO date and time)', ko: '날짜가 아닙니다(YYYY-MM-DD 또는 ISO 날짜와 시각)' },
  wrong_type: { en: 'the value has the wrong type', ko: '값의 형식이 맞지 않습니다' },
  unknown_field: { en: 'this field is not known', ko: '알 수 없는 항목입니다' },
  not_allowed: { en: 'this value is not one of those allowed', ko: '허용된 값이 아닙니다' },
  unknown_channel: { en: 'there is no such request', ko: '그런 요청은 없습니다' },
  no_snapshotable_disk: { en: 'the VM has no disk a snapshot can hold', ko: 'VM에 스냅샷을 담을 수 있는 디스크가 없습니다' },
  volume_needs_one_disk: { en: 'a volume snapshot holds exactly one disk', ko: '볼륨 스냅샷은 디스크 하나만 담습니다' },
  internal_memory_needs_all_disks: { en: 'an internal memory snapshot holds every disk', ko: '내부 메모리 스냅샷은 모든 디스크를 담습니다' },
  no_source_file: { en: 'the disk has no source file', ko: '디스크에 원본 파일이 없습니다' },
  quiesce_hot_only: { en: 'only running (disk-only) snapshots quiesce', ko: 'quiesce는 실행 중 스냅샷(디스크만)에서만 됩니다' },
  restore_volume_instead: { en: 'a volume snapshot is restored as a volume', ko: '볼륨 스냅샷은 볼륨 복원으로 복원합니다' },
  not_a_volume_snapshot: { en: 'it is not a volume snapshot', ko: '볼륨 스냅샷이 아닙니다' },
  extract_from_vm_snapshot: { en: 'disks are kept from VM snapshots only', ko: '디스크는 VM 스냅샷에서만 보관할 수 있습니다' },
  dependent_follows_parent: { en: 'a volume snapshot taken with a VM snapshot follows it', ko: 'VM 스냅샷과 함께 만든 볼륨 스냅샷은 그 스냅샷을 따릅니다' },
  only_unmanaged_adopted: { en: 'only unmanaged snapshots can be adopted', ko: '비관리 스냅샷만 가져올 수 있습니다' },
  only_missing_forgotten: { en: 'only missing or failed snapshots can be removed from the list', ko: '사라졌거나 에러 상태인 스냅샷만 목록에서 제거할 수 있습니다' },
  restored_vm: { en: 'a VM restored from it runs on its data', ko: '이 스냅샷에서 복원한 VM이 그 데이터를 쓰고 있습니다' },
  external_default: { en: 'its snapshots are external, the default', ko: '기본값인 외부 스냅샷을 씁니다' },
  existing_internal: { en: 'the VM has internal snapshots made outside Snapvisor', ko: 'VM에 Snapvisor 밖에서 만든 내부 스냅샷이 있습니다' },
  internal_only_driver: { en: 'this driver has internal snapshots only', ko: '이 드라이버는 내부 스냅샷만 지원합니다' },
  still_in_chain: { en: 'the layer is still in the disk\'s chain', ko: '레이어가 아직 디스크 체인에 있습니다' },
  interval_or_cron: { en: 'give either an interval or a cron expression', ko: '간격과 Cron 표현식 중 하나만 주세요' },
  cron_invalid: { en: 'the cron expression is not valid', ko: 'Cron 표현식이 올바르지 않습니다' },
  cron_never_matches: { en: 'the cron expression never matches', ko: 'Cron 표현식이 한 번도 맞지 않습니다' },
  cron_too_frequent: { en: 'the cron expression runs more than once a minute', ko: 'Cron 표현식이 1분에 한 번보다 자주 실행됩니다' },
  host_and_vm_required: { en: 'a host and a VM are required', ko: '호스트와 VM이 필요합니다' },
  kind_not_schedulable: { en: 'this kind cannot be scheduled', ko: '이 유형은 스케줄로 만들 수 없습니다' },
  unknown_placeholder: { en: 'the name pattern has an unknown placeholder', ko: '이름 규칙에 알 수 없는 자리 표시자가 있습니다' },
  copy_keep_without_target: { en: 'how many copies to keep is set only with a host to copy to', ko: '보관할 사본 개수는 사본을 둘 호스트와 함께만 정할 수 있습니다' },
  key_missing: { en: 'the file does not exist or cannot be read', ko: '파일이 없거나 읽을 수 없습니다' },
  key_permissions: { en: 'other users can read it, so ssh ignores it', ko: '다른 사용자도 읽을 수 있어 ssh가 무시합니다' },
  key_format: { en: 'it is not a private key ssh can read', ko: 'ssh가 읽을 수 있는 개인 키가 아닙니다' },
  no_qemu_img: { en: 'qemu-img is not installed', ko: 'qemu-img가 설치되어 있지 않습니다' },
  remote_host: { en: 'the host is remote', ko: '원격 호스트입니다' },
  no_default_pool: { en: 'there is no “default” directory pool', ko: '“default” 디렉터리 풀이 없습니다' },
  no_target: { en: 'the pool has no target directory', ko: '풀에 대상 디렉터리가 없습니다' },
  no_systemctl: { en: 'systemctl is not installed', ko: 'systemctl이 설치되어 있지 않습니다' },
  no_user_manager: { en: 'no user systemd instance answers (systemctl --user)', ko: '사용자 systemd 인스턴스가 응답하지 않습니다(systemctl --user)' },
  no_command: { en: 'this Snapvisor does not know how to start its command line', ko: '이 Snapvisor는 명령줄 도구를 실행할 방법을 모릅니다' },
  needs_root_or_dir: { en: 'system units need root (sudo) or --dir', ko: '시스템 유닛은 root 권한(sudo)이나 --dir이 필요합니다' },
  ambiguous_name: { en: 'several snapshots have this name: give --vm or the id', ko: '이 이름의 스냅샷이 여러 개입니다. --vm이나 아이디를 주세요' },
  not_a_duration: { en: 'it is not a duration such as 30m, 6h or 1d', ko: '30m, 6h, 1d 같은 기간이 아닙니다' },
};

/** Every field a request or a check can name: the contract's keys and the CLI's arguments. */
export const FIELDS = [
  'request', 'channel', 'id', 'hostId', 'vmUuid', 'jobId', 'scheduleId', 'snapshotId',
  'name', 'description', 'note', 'text', 'confirmName', 'asNewName', 'uri', 'search',
  'kind', 'state', 'since', 'until', 'includeDependents', 'limit', 'disks', 'disk', 'quiesce', 'protect', 'origin', 'orNearest', 'on',
  'safetySnapshot', 'afterState', 'vcpus', 'memoryMiB', 'network', 'start', 'hostname', 'sshKeys', 'initScript',
  'intervalSeconds', 'cron', 'namePattern', 'keepLast', 'maxAgeSeconds', 'copyTo', 'copyKeep', 'enabled',
  'to', 'keep', 'output', 'file', 'mode', 'defaultName',
  'snapshotArgument', 'systemOption', 'unit', 'onCalendar',
] as const;
export type FieldName = (typeof FIELDS)[number];

export const FIELD_WORDS: Record<FieldName, Words> = {
  request: { en: 'the request', ko: '요청' },
  channel: { en: 'the request name', ko: '요청 이름' },
  id: { en: 'id', ko: '아이디' },
  hostId: { en: 'host', ko: '호스트' },
  vmUuid: { en: 'VM', ko: 'VM' },
  jobId: { en: 'job', ko: '작업' },
  scheduleId: { en: 'schedule', ko: '스케줄' },
  snapshotId: { en: 'snapshot', ko: '스냅샷' },
  name: { en: 'name', ko: '이름' },
  description: { en: 'description', ko: '설명' },
  note: { en: 'comment', ko: '코멘트' },
  text: { en: 'comment', ko: '코멘트' },
  confirmName: { en: 'typed name', ko: '확인용 이름' },
  asNewName: { en: 'new volume name', ko: '새 볼륨 이름' },
  uri: { en: 'connection URI', ko: '연결 URI' },
  search: { en: 'search', ko: '검색어' },
  kind: { en: 'kind', ko: '유형' },
  state: { en: 'state', ko: '상태' },
  since: { en: 'created since', ko: '생성일(부터)' },
  until: { en: 'created until', ko: '생성일(까지)' },
  includeDependents: { en: 'include volume snapshots', ko: '볼륨 스냅샷 포함' },
  limit: { en: 'how many', ko: '개수' },
  disks: { en: 'disks', ko: '디스크' },
  disk: { en: 'disk', ko: '디스크' },
  quiesce: { en: 'quiesce', ko: 'quiesce' },
  protect: { en: 'protect', ko: '보호' },
  origin: { en: 'origin', ko: '생성 방식' },
  orNearest: { en: 'take the nearest kind', ko: '가장 가까운 유형으로 만들기' },
  on: { en: 'protected', ko: '보호' },
  safetySnapshot: { en: 'safety snapshot', ko: '안전 스냅샷' },
  afterState: { en: 'VM state after the restore', ko: '복원 후 VM 상태' },
  vcpus: { en: 'virtual CPUs', ko: '가상 CPU' },
  memoryMiB: { en: 'memory (MiB)', ko: '메모리(MiB)' },
  network: { en: 'network', ko: '네트워크' },
  start: { en: 'start', ko: '시작' },
  hostname: { en: 'host name', ko: '호스트 이름' },
  sshKeys: { en: 'SSH keys', ko: 'SSH 키' },
  initScript: { en: 'init script', ko: '초기화 스크립트' },
  intervalSeconds: { en: 'interval', ko: '간격' },
  cron: { en: 'cron expression', ko: 'Cron 표현식' },
  namePattern: { en: 'name pattern', ko: '이름 규칙' },
  keepLast: { en: 'keep the last', ko: '최근 보관 개수' },
  maxAgeSeconds: { en: 'maximum age', ko: '최대 보관 기간' },
  copyTo: { en: 'copy to host', ko: '사본을 둘 호스트' },
  copyKeep: { en: 'copies kept on that host', ko: '그 호스트에 보관할 사본 수' },
  to: { en: 'host to copy to', ko: '사본을 둘 호스트' },
  keep: { en: 'copies kept on that host', ko: '그 호스트에 보관할 사본 수' },
  enabled: { en: 'enabled', ko: '사용' },
  output: { en: 'file to write', ko: '쓸 파일' },
  file: { en: 'file', ko: '파일' },
  mode: { en: 'dialog', ko: '대화 상자' },
  defaultName: { en: 'suggested file name', ko: '제안 파일 이름' },
  snapshotArgument: { en: 'SNAP (a snapshot name or id)', ko: 'SNAP(스냅샷 이름 또는 아이디)' },
  systemOption: { en: '--system', ko: '--system' },
  unit: { en: 'systemd unit', ko: 'systemd 유닛' },
  onCalendar: { en: '--on-calendar', ko: '--on-calendar' },
};

export function isFieldName(value: string): value is FieldName {
  return (FIELDS as readonly string[]).includes(value);
}

// --- lookups -------------------------------------------------------------------------------------

/** The word for a token of a table, or undefined for a token the table does not have. */
export function wordOf<T extends string>(table: Readonly<Record<T, Words>>, token: string, lang: Lang): string | undefined {
  return Object.hasOwn(table, token) ? table[token as T][lang] : undefined;
}

/** "shut off" → "Shut off": English words as labels (Korean has no case). */
export function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A table's words in one language, keyed by token (for i18n resources and option lists). */
export function wordsIn<T extends string, K extends T = T>(
  table: Readonly<Record<T, Words>>, lang: Lang, capital = false, only?: readonly K[],
): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const token of only ?? (Object.keys(table) as K[])) {
    const w = table[token][lang];
    out[token] = capital ? capitalised(w) : w;
  }
  return out;
}
