// The command line's own words (usage, table headers, confirmations), in English and Korean.
// Error texts are in shared/error-messages.ts.
import { interpolate, type Lang } from '../../shared/error-messages';

export const MESSAGES = {
  'usage.title': { en: 'Usage: snapvisor [global options] <command> [options]', ko: '사용법: snapvisor [전역 옵션] <명령> [옵션]' },
  'usage.globals': {
    en: 'Global options:\n  --connect URI   libvirt connection (default qemu:///system, env SNAPVISOR_URI)\n  --db PATH       metadata database (env SNAPVISOR_DB)\n  --json          machine-readable output on stdout\n  --lang en|ko    language of messages (default from LANG)\n  -h, --help      this help',
    ko: '전역 옵션:\n  --connect URI   libvirt 연결 (기본값 qemu:///system, 환경 변수 SNAPVISOR_URI)\n  --db PATH       메타데이터 데이터베이스 (환경 변수 SNAPVISOR_DB)\n  --json          stdout에 기계가 읽을 수 있는 출력\n  --lang en|ko    메시지 언어 (기본값은 LANG에서)\n  -h, --help      이 도움말',
  },
  'usage.commands': { en: 'Commands:', ko: '명령:' },
  'usage.more': { en: 'Run `snapvisor <command> --help` for one command.', ko: '명령 하나의 도움말: `snapvisor <명령> --help`' },
  'usage.unknownCommand': { en: 'unknown command: {command}', ko: '알 수 없는 명령: {command}' },
  'usage.noCommand': { en: 'no command given', ko: '명령이 없습니다' },
  'usage.missingOption': { en: 'missing option --{option}', ko: '--{option} 옵션이 필요합니다' },
  'usage.missingArgument': { en: 'missing argument {argument}', ko: '{argument} 인자가 필요합니다' },
  'usage.extraArgument': { en: 'unexpected argument: {argument}', ko: '예상하지 못한 인자: {argument}' },
  'usage.badValue': {
    en: 'invalid value for {option}: “{value}”: {reason}[ (at least {min})][ (at most {max})][ (one of {choices})]',
    ko: '{option} 값이 올바르지 않습니다: “{value}”: {reason}[ (최소 {min})][ (최대 {max})][ ({choices} 중 하나)]',
  },
  'usage.conflict': { en: '--{a} and --{b} cannot be used together', ko: '--{a}와(과) --{b}는 함께 쓸 수 없습니다' },
  'usage.oneOf': { en: 'give one of --{a} or --{b}', ko: '--{a} 또는 --{b} 중 하나를 주세요' },
  'usage.unknownOption': { en: 'unknown option: {option}', ko: '알 수 없는 옵션: {option}' },
  'usage.badOptionValue': { en: 'option {option} needs a value (or takes none)', ko: '{option} 옵션에 값이 필요합니다(또는 값을 받지 않습니다)' },
  'usage.nothingToChange': { en: 'nothing to change: give --name, --description, --protect or --unprotect', ko: '바꿀 내용이 없습니다: --name, --description, --protect, --unprotect 중 하나를 주세요' },
  'usage.parse': { en: '{detail}', ko: '{detail}' },

  'cmd.vms': { en: 'List the VMs of the host', ko: '호스트의 VM 목록' },
  'cmd.list': { en: 'List snapshots', ko: '스냅샷 목록' },
  'cmd.show': { en: 'Show one snapshot in detail', ko: '스냅샷 하나의 자세한 정보' },
  'cmd.create': { en: 'Take a VM snapshot', ko: 'VM 스냅샷 만들기' },
  'cmd.edit': { en: 'Rename, describe, protect or unprotect a snapshot', ko: '스냅샷 이름·설명 변경, 보호 설정/해제' },
  'cmd.delete': { en: 'Delete a snapshot (protected ones need --confirm-name)', ko: '스냅샷 삭제 (보호된 스냅샷은 --confirm-name 필요)' },
  'cmd.restore': { en: 'Restore a VM to a snapshot', ko: 'VM을 스냅샷 시점으로 복원' },
  'cmd.restore-as-new': { en: 'Create a new VM from a snapshot', ko: '스냅샷으로 새 VM 만들기' },
  'cmd.remove-vm': { en: 'Remove a VM Snapvisor made, with all its files and snapshots (protected ones need --confirm-name)', ko: 'Snapvisor가 만든 VM을 파일·스냅샷과 함께 삭제 (보호된 VM은 --confirm-name 필요)' },
  'cmd.volume-snapshot': { en: 'Take a snapshot of one disk', ko: '디스크 하나의 스냅샷 만들기' },
  'cmd.volume-restore': { en: 'Restore a volume snapshot, in place or as a new volume', ko: '볼륨 스냅샷을 제자리 또는 새 볼륨으로 복원' },
  'cmd.extract-volume': { en: 'Keep one disk of a VM snapshot as a volume snapshot', ko: 'VM 스냅샷의 디스크 하나를 볼륨 스냅샷으로 보관' },
  'cmd.reconcile': { en: 'Compare the metadata with libvirt', ko: '메타데이터를 libvirt와 대조(스냅샷 점검)' },
  'cmd.adopt': { en: 'Take an unmanaged snapshot under management', ko: '관리되지 않는 스냅샷을 관리 대상으로 가져오기' },
  'cmd.forget': { en: 'Remove a missing snapshot from the metadata', ko: '사라진 스냅샷을 메타데이터에서 지우기' },
  'cmd.events': { en: 'Show the audit log (of one snapshot, or all)', ko: '감사 기록 보기 (스냅샷 하나 또는 전체)' },
  'cmd.note': { en: 'Add a note to a snapshot', ko: '스냅샷에 코멘트 추가' },
  'cmd.schedules list': { en: 'List snapshot schedules', ko: '스냅샷 스케줄 목록' },
  'cmd.schedules add': { en: 'Add a snapshot schedule for a VM', ko: 'VM의 스냅샷 스케줄 추가' },
  'cmd.schedules remove': { en: 'Remove a schedule', ko: '스케줄 삭제' },
  'cmd.schedules run': { en: 'Run the due schedules now (for a systemd timer)', ko: '때가 된 스케줄 실행 (systemd 타이머용)' },
  'cmd.schedules status': {
    en: 'Each schedule\'s last run, result and next run, and whether they run while the app is closed; exit 1 when a last run failed',
    ko: '스케줄마다 마지막 실행·결과·다음 실행, 앱이 닫혀 있을 때도 실행되는지 표시. 마지막 실행이 실패한 스케줄이 있으면 종료 코드 1',
  },
  'cmd.schedules install-timer': { en: 'Write systemd units that run the schedules every 5 minutes', ko: '5분마다 스케줄을 실행하는 systemd 유닛 파일 쓰기' },

  'col.id': { en: 'ID', ko: 'ID' },
  'col.name': { en: 'NAME', ko: '이름' },
  'col.state': { en: 'STATE', ko: '상태' },
  'col.kind': { en: 'KIND', ko: '유형' },
  'col.vm': { en: 'VM', ko: 'VM' },
  'col.current': { en: 'CURRENT', ko: '현재' },
  'col.created': { en: 'CREATED', ko: '생성 시각' },
  'col.size': { en: 'SIZE', ko: '크기' },
  'col.protected': { en: 'PROTECTED', ko: '보호' },
  'col.uuid': { en: 'UUID', ko: 'UUID' },
  'col.vcpus': { en: 'VCPUS', ko: 'vCPU' },
  'col.memory': { en: 'MEMORY', ko: '메모리' },
  'col.snapshots': { en: 'SNAPSHOTS', ko: '스냅샷' },
  'col.snapvisorFiles': { en: 'SNAPVISOR FILES', ko: 'SNAPVISOR 파일' },
  'col.disk': { en: 'DISK', ko: '디스크' },
  'col.location': { en: 'LOCATION', ko: '위치' },
  'col.file': { en: 'FILE', ko: '파일' },
  'col.at': { en: 'AT', ko: '시각' },
  'col.action': { en: 'ACTION', ko: '작업' },
  'col.outcome': { en: 'OUTCOME', ko: '결과' },
  'col.snapshot': { en: 'SNAPSHOT', ko: '스냅샷' },
  'col.detail': { en: 'DETAIL', ko: '내용' },
  'col.when': { en: 'WHEN', ko: '주기' },
  'col.keep': { en: 'KEEP', ko: '보관 개수' },
  'col.maxAge': { en: 'MAX AGE', ko: '최대 보관 기간' },
  'col.pattern': { en: 'PATTERN', ko: '이름 패턴' },
  'col.next': { en: 'NEXT RUN', ko: '다음 실행' },
  'col.last': { en: 'LAST RUN', ko: '마지막 실행' },
  'col.error': { en: 'LAST ERROR', ko: '마지막 오류' },
  'col.result': { en: 'RESULT', ko: '결과' },

  'result.succeeded': { en: 'ok', ko: '성공' },
  'result.failed': { en: 'FAILED', ko: '실패' },
  'result.never': { en: 'not run yet', ko: '아직 실행 안 됨' },
  'timer.on': {
    en: 'While Snapvisor is closed: runs (systemd user timer; next {next}, last {last}{result}).',
    ko: 'Snapvisor가 닫혀 있을 때: 실행됨 (systemd 사용자 타이머. 다음 {next}, 마지막 {last}{result}).',
  },
  'timer.lastFailed': { en: ', the last `schedules run` failed: see journalctl --user -u snapvisor-schedules', ko: ', 마지막 `schedules run` 실패: journalctl --user -u snapvisor-schedules 참고' },
  'timer.off': {
    en: 'While Snapvisor is closed: not run. Turn it on in the app (Schedules), or: snapvisor schedules install-timer',
    ko: 'Snapvisor가 닫혀 있을 때: 실행 안 됨. 앱의 스케줄 화면에서 켜거나 다음을 실행하세요: snapvisor schedules install-timer',
  },
  'timer.stale': {
    en: 'While Snapvisor is closed: a timer is installed, but for another Snapvisor or database ({directory}). Turn it on again in the app to replace it.',
    ko: 'Snapvisor가 닫혀 있을 때: 타이머가 설치되어 있지만 다른 Snapvisor나 데이터베이스용입니다({directory}). 앱에서 다시 켜면 바뀝니다.',
  },
  'timer.unavailable': {
    en: 'While Snapvisor is closed: cannot be set up here ({reason}). Instead, add this line to your crontab (crontab -e):\n  {cron}',
    ko: 'Snapvisor가 닫혀 있을 때: 여기서는 설정할 수 없습니다({reason}). 대신 crontab에 다음 줄을 추가하세요(crontab -e):\n  {cron}',
  },
  'timer.error': { en: 'While Snapvisor is closed: unknown ({error})', ko: 'Snapvisor가 닫혀 있을 때: 알 수 없음 ({error})' },
  'done.statusFailed': { en: '{count} schedule(s) failed on their last run.', ko: '마지막 실행이 실패한 스케줄: {count}개.' },

  'field.description': { en: 'Description', ko: '설명' },
  'field.parent': { en: 'Parent', ko: '상위' },
  'field.dependentOf': { en: 'Taken with', ko: '함께 만든 스냅샷' },
  'field.children': { en: 'Children', ko: '하위 스냅샷' },
  'field.dependents': { en: 'Dependent volume snapshots', ko: '함께 생성된 볼륨 스냅샷' },
  'field.notes': { en: 'Comments', ko: '코멘트' },
  'field.error': { en: 'Error', ko: '오류' },

  yes: { en: 'yes', ko: '예' },
  no: { en: 'no', ko: '아니요' },
  none: { en: '(none)', ko: '(없음)' },
  every: { en: 'every {duration}', ko: '{duration}마다' },

  'done.exported': {
    en: 'Exported VM “{vm}” with {snapshots} snapshot(s) to {file} ({size}).',
    ko: 'VM “{vm}”을(를) 스냅샷 {snapshots}개와 함께 {file}(으)로 내보냈습니다 ({size}).',
  },
  'done.exportSkipped': {
    en: '{count} snapshot(s) not in the file: internal, volume or unfinished snapshots cannot be exported.',
    ko: '파일에 담기지 않은 스냅샷 {count}개: 내부 스냅샷, 볼륨 스냅샷, 만드는 중인 스냅샷은 내보낼 수 없습니다.',
  },
  'done.exportChecked': {
    en: 'The export file is sound: VM “{vm}”, {snapshots} snapshot(s), {files} file(s), {size}; every file matches its SHA-256.',
    ko: '내보내기 파일에 이상이 없습니다: VM “{vm}”, 스냅샷 {snapshots}개, 파일 {files}개, {size}. 모든 파일이 SHA-256과 일치합니다.',
  },
  'done.created': { en: 'Created snapshot “{name}” ({id}).', ko: '스냅샷 “{name}”을(를) 만들었습니다 ({id}).' },
  'done.createdNearest': {
    en: 'Created a {kind} snapshot “{name}” ({id}): a {asked} snapshot cannot be taken of this VM while it has internal snapshots made outside Snapvisor.',
    ko: '{kind} 스냅샷 “{name}”을(를) 만들었습니다 ({id}). 이 VM에는 Snapvisor 밖에서 만든 내부 스냅샷이 있어 {asked} 스냅샷을 만들 수 없습니다.',
  },
  'hint.orNearest': { en: 'Run the same command with --or-nearest to take a {nearest} snapshot instead.', ko: '대신 {nearest} 스냅샷을 만들려면 같은 명령에 --or-nearest를 붙여 실행하세요.' },
  'done.edited': { en: 'Updated snapshot “{name}”.', ko: '스냅샷 “{name}”을(를) 수정했습니다.' },
  'done.deleted': { en: 'Deleted snapshot “{name}”.', ko: '스냅샷 “{name}”을(를) 삭제했습니다.' },
  'done.deletedDependents': { en: 'Deleted with it: {names}.', ko: '함께 삭제됨: {names}.' },
  'done.restored': { en: 'Restored “{vm}” to “{name}”; the VM is {state}.', ko: '“{vm}”을(를) “{name}” 시점으로 복원했습니다. VM 상태: {state}.' },
  'done.safety': { en: 'Safety snapshot (undo): “{name}” ({id}).', ko: '되돌리기용 안전 스냅샷: “{name}” ({id}).' },
  'done.removedVm': { en: 'Removed VM “{name}” with {files} files and {snapshots} snapshots:', ko: 'VM “{name}”을(를) 파일 {files}개, 스냅샷 {snapshots}개와 함께 삭제했습니다:' },
  'done.restoredAsNew': { en: 'Created VM “{name}” ({uuid}) from the snapshot.', ko: '스냅샷으로 VM “{name}”({uuid})을(를) 만들었습니다.' },
  'done.volumeRestored': { en: 'Restored the volume into {path}.', ko: '볼륨을 {path}(으)로 복원했습니다.' },
  'done.reconciled': {
    en: 'Reconciled: {resolved} resolved, {missing} missing, {adoptable} unmanaged (adoptable), {unchanged} unchanged[; {merged} pending merges done][; {removedFiles} unneeded files removed].',
    ko: '점검 완료: 해결 {resolved}, 사라짐 {missing}, 비관리(가져오기 가능) {adoptable}, 변화 없음 {unchanged}[, 대기 중이던 병합 {merged}건 완료][, 필요 없는 파일 {removedFiles}개 삭제].',
  },
  'done.adopted': { en: 'Adopted “{name}” ({id}).', ko: '“{name}”을(를) 가져왔습니다 ({id}).' },
  'done.forgotten': { en: 'Forgot “{name}”.', ko: '“{name}”을(를) 메타데이터에서 지웠습니다.' },
  'done.noted': { en: 'Note added.', ko: '코멘트를 추가했습니다.' },
  'done.scheduleAdded': { en: 'Added schedule {id}; next run {next}.', ko: '스케줄 {id}을(를) 추가했습니다. 다음 실행: {next}.' },
  'done.scheduleRemoved': { en: 'Removed schedule {id}.', ko: '스케줄 {id}을(를) 삭제했습니다.' },
  'done.scheduleRan': { en: 'Schedule {id}: took “{snapshot}”.', ko: '스케줄 {id}: “{snapshot}”을(를) 만들었습니다.' },
  'done.scheduleFailed': { en: 'Schedule {id} failed: {error}', ko: '스케줄 {id} 실패: {error}' },
  'done.nothingDue': { en: 'No schedule was due.', ko: '때가 된 스케줄이 없습니다.' },
  'done.expired': { en: 'Removed {count} expired snapshot(s).', ko: '보관 기간이 지난 스냅샷 {count}개를 지웠습니다.' },
  'done.timerWritten': { en: 'Wrote {files}.\nEnable the timer with: {command}', ko: '{files} 파일을 썼습니다.\n타이머 켜기: {command}' },
  'progress.queued': { en: 'waiting for another job on {vm}', ko: '{vm}의 다른 작업을 기다리는 중' },
  'progress.queuedBehind': { en: 'waiting for “{operation}” on {vm}', ko: '{vm}의 “{operation}” 작업을 기다리는 중' },

} as const satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof MESSAGES;

export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return interpolate(MESSAGES[key][lang], params, lang);
}

export function hasMessage(key: string): key is MessageKey {
  return key in MESSAGES;
}

