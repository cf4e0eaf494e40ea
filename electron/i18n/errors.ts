// The user-facing text of every ErrorCode, in English and Korean, with {param} placeholders.
// Shared by the CLI and the renderer: plain data and one function, no dependencies.
import type { ErrorCode, ErrorParams } from '../services/errors';

export const LANGUAGES = ['en', 'ko'] as const;
export type Lang = (typeof LANGUAGES)[number];

type Messages = Record<Lang, string>;

/** Typed as a full Record so that a new ErrorCode without text does not compile. */
export const ERROR_MESSAGES: Record<ErrorCode, Messages> = {
  invalid_input: {
    en: 'Invalid input: {detail}.',
    ko: '입력이 올바르지 않습니다: {detail}.',
  },
  name_required: {
    en: 'A name is required.',
    ko: '이름을 입력하세요.',
  },
  name_too_long: {
    en: 'The name is too long: at most {max} characters.',
    ko: '이름이 너무 깁니다. 최대 {max}자까지 쓸 수 있습니다.',
  },
  name_invalid: {
    en: 'The name contains characters that cannot be used (control characters, or nothing but spaces).',
    ko: '이름에 쓸 수 없는 문자(제어 문자 등)가 있거나 공백뿐입니다.',
  },
  name_taken: {
    en: 'A snapshot named “{name}” already exists for this VM.',
    ko: '이 VM에 “{name}” 이름의 스냅샷이 이미 있습니다.',
  },
  host_not_found: {
    en: 'The host {host} is not known to Snapvisor.',
    ko: 'Snapvisor에 등록되지 않은 호스트입니다: {host}',
  },
  host_unreachable: {
    en: 'Cannot connect to {uri}: {detail}',
    ko: '{uri}에 연결할 수 없습니다: {detail}',
  },
  host_permission_denied: {
    en: 'You do not have permission to use {uri}. Add your user to the “libvirt” group and log in again (or allow it through polkit), or use qemu:///session.',
    ko: '{uri}를 사용할 권한이 없습니다. 사용자를 “libvirt” 그룹에 추가한 뒤 다시 로그인하거나(또는 polkit으로 허용하거나) qemu:///session을 사용하세요.',
  },
  vm_not_found: {
    en: 'No VM “{vm}” on this host.',
    ko: '이 호스트에 “{vm}” VM이 없습니다.',
  },
  vm_gone: {
    en: 'The VM “{vm}” disappeared while the operation was running; nothing was changed.',
    ko: '작업 중에 “{vm}” VM이 사라졌습니다. 아무것도 변경되지 않았습니다.',
  },
  vm_wrong_state: {
    en: 'The VM “{vm}” is {state}; this needs it {required}.',
    ko: '“{vm}” VM의 상태가 {state}입니다. 이 작업에는 {required} 상태가 필요합니다.',
  },
  snapshot_not_found: {
    en: 'No snapshot “{snapshot}”.',
    ko: '“{snapshot}” 스냅샷이 없습니다.',
  },
  kind_unsupported: {
    en: '{kind} snapshots are not possible here: {reason}',
    ko: '여기서는 {kind} 스냅샷을 만들 수 없습니다: {reason}',
  },
  raw_disk_internal: {
    en: 'The disk {disk} is a raw image, which cannot hold internal snapshots. Use a hot (external) snapshot, or convert the disk to qcow2.',
    ko: '{disk} 디스크는 raw 이미지라 내부 스냅샷을 담을 수 없습니다. 핫(외부) 스냅샷을 쓰거나 디스크를 qcow2로 변환하세요.',
  },
  uefi_running_internal: {
    en: 'This libvirt cannot take internal snapshots of a running UEFI VM. Shut the VM off, or take a hot (disk-only) snapshot.',
    ko: '이 libvirt는 실행 중인 UEFI VM의 내부 스냅샷을 만들 수 없습니다. VM을 끄거나 핫(디스크 전용) 스냅샷을 만드세요.',
  },
  mixed_chain: {
    en: 'The VM mixes internal and external snapshots; this operation cannot work on such a chain.',
    ko: '이 VM에는 내부 스냅샷과 외부 스냅샷이 섞여 있어 이 작업을 할 수 없습니다.',
  },
  quiesce_unavailable: {
    en: 'The guest agent does not answer, so the file systems cannot be frozen (quiesce). Take the snapshot without quiesce, or start the guest agent.',
    ko: '게스트 에이전트가 응답하지 않아 파일 시스템을 정지(quiesce)할 수 없습니다. quiesce 없이 만들거나 게스트 에이전트를 실행하세요.',
  },
  protected_needs_name: {
    en: '“{name}” is protected: type its name to delete it.',
    ko: '“{name}” 스냅샷은 삭제 방지되어 있습니다. 삭제하려면 이름을 입력하세요.',
  },
  dependent_not_deletable: {
    en: 'This volume snapshot belongs to the VM snapshot “{parent}” and is deleted only with it.',
    ko: '이 볼륨 스냅샷은 VM 스냅샷 “{parent}”에 딸려 있어 그 스냅샷과 함께만 삭제됩니다.',
  },
  snapshot_in_use: {
    en: 'The snapshot is in use and cannot be deleted: {holder}.',
    ko: '스냅샷이 사용 중이라 삭제할 수 없습니다: {holder}.',
  },
  snapshot_busy: {
    en: 'Another operation is running on this VM or snapshot ({operation}); try again when it has finished.',
    ko: '이 VM 또는 스냅샷에서 다른 작업({operation})이 진행 중입니다. 끝난 뒤 다시 시도하세요.',
  },
  snapshot_not_ready: {
    en: 'The snapshot is {state}, not ready; it cannot be used for this.',
    ko: '스냅샷이 준비되지 않았습니다(상태: {state}). 이 작업에 사용할 수 없습니다.',
  },
  no_space: {
    en: 'Not enough disk space in {path}; nothing was kept of the partial snapshot.',
    ko: '{path}에 디스크 공간이 부족합니다. 만들다 만 스냅샷은 남기지 않았습니다.',
  },
  disk_not_found: {
    en: 'The VM has no disk {disk}.',
    ko: 'VM에 {disk} 디스크가 없습니다.',
  },
  target_exists: {
    en: '{target} already exists; choose another name.',
    ko: '{target}이(가) 이미 있습니다. 다른 이름을 고르세요.',
  },
  job_cancelled: {
    en: 'The operation was cancelled; nothing was changed.',
    ko: '작업이 취소되었습니다. 아무것도 변경되지 않았습니다.',
  },
  job_not_cancellable: {
    en: 'This operation can no longer be cancelled.',
    ko: '이 작업은 이제 취소할 수 없습니다.',
  },
  libvirt_error: {
    en: 'libvirt reported an error: {message}',
    ko: 'libvirt 오류: {message}',
  },
  daemon_restarted: {
    en: 'The libvirt daemon restarted during the operation; check the snapshot list (reconcile) before trying again.',
    ko: '작업 중에 libvirt 데몬이 다시 시작되었습니다. 다시 시도하기 전에 스냅샷 목록을 확인(조정)하세요.',
  },
  schedule_invalid: {
    en: 'The schedule is not valid: {reason}',
    ko: '일정이 올바르지 않습니다: {reason}',
  },
  schedule_not_found: {
    en: 'No schedule “{schedule}”.',
    ko: '“{schedule}” 일정이 없습니다.',
  },
  internal: {
    en: 'Something went wrong inside Snapvisor: {message}',
    ko: 'Snapvisor 내부 오류가 발생했습니다: {message}',
  },
};

/** Shown in place of a parameter the caller did not pass, so a message never shows "{x}". */
const MISSING = '?';

export function interpolate(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    return value === undefined ? MISSING : String(value);
  });
}

export function formatError(code: ErrorCode, params: ErrorParams, lang: Lang): string {
  const messages = ERROR_MESSAGES[code] ?? ERROR_MESSAGES.internal;
  return interpolate(messages[lang], params);
}

/** 'ko' for Korean locale strings (ko, ko_KR.UTF-8, ko-KR), else 'en'. */
export function langFromLocale(locale: string | undefined | null): Lang {
  return locale && /^ko([_\-.@]|$)/i.test(locale) ? 'ko' : 'en';
}

export function isLang(value: string): value is Lang {
  return (LANGUAGES as readonly string[]).includes(value);
}
