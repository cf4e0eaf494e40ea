// The user-facing text of every ErrorCode, in English and Korean. Shared by the CLI and the
// renderer: plain data and functions over the shared vocabulary.
//
// Template syntax: {param} is replaced by the parameter ("?" when it is missing);
// [ ... {param} ... ] is an optional part, shown only when every {param} inside it was given — the
// services attach different context to the same code depending on where it arose. Token
// parameters (state, kind, reason, field …) are said in words; a token the vocabulary does not
// know counts as missing, so no raw code ever reaches the user.
import type { ErrorCode, ErrorParams } from './errors';
import {
  ACTION_WORDS, FIELD_WORDS, KIND_WORDS, LANGUAGES, LOCATION_WORDS, OPERATION_WORDS, REASON_WORDS, SNAPSHOT_STATE_WORDS,
  VM_STATE_WORDS, isLang, langFromLocale, wordOf, type Lang, type Words,
} from './vocabulary';

export { LANGUAGES, isLang, langFromLocale, type Lang };

type Messages = Words;

/** Typed as a full Record so that a new ErrorCode without text does not compile. */
export const ERROR_MESSAGES: Record<ErrorCode, Messages> = {
  invalid_input: {
    en: 'Invalid input[ for {field}][ “{name}”][: {reason}][ (at least {min})][ (at most {max})][: “{key}”][: {detail}].',
    ko: '입력이 올바르지 않습니다[({field})][ “{name}”][: {reason}][ (최소 {min})][ (최대 {max})][: “{key}”][: {detail}].',
  },
  name_required: {
    en: 'A name is required.',
    ko: '이름을 입력하세요.',
  },
  name_too_long: {
    en: 'The name is too long[: at most {max} characters].',
    ko: '이름이 너무 깁니다[. 최대 {max}자까지 쓸 수 있습니다].',
  },
  name_invalid: {
    en: 'This name cannot be used[: {reason}].',
    ko: '이 이름은 쓸 수 없습니다[: {reason}].',
  },
  name_taken: {
    en: 'The name[ “{name}”] is already taken[ on {vm}]; choose another one.',
    ko: '[“{name}” ]이름이 이미 쓰이고 있습니다[({vm})]. 다른 이름을 고르세요.',
  },
  host_not_found: {
    en: 'This host is not known to Snapvisor[: {uri}][ ({hostId})].',
    ko: 'Snapvisor에 등록되지 않은 호스트입니다[: {uri}][ ({hostId})].',
  },
  host_unreachable: {
    en: 'Cannot connect to the libvirt host[ {uri}][: {detail}].',
    ko: 'libvirt 호스트[ {uri}]에 연결할 수 없습니다[: {detail}].',
  },
  host_permission_denied: {
    en: 'You do not have permission to use[ {uri}] libvirt. Add your user to the “libvirt” group and log in again (or allow it through polkit), or use qemu:///session.',
    ko: '[{uri} ]libvirt를 사용할 권한이 없습니다. 사용자를 “libvirt” 그룹에 추가한 뒤 다시 로그인하거나(또는 polkit으로 허용하거나) qemu:///session을 사용하세요.',
  },
  ssh_client_missing: {
    en: 'The SSH client cannot be run on this computer; libvirt needs it for qemu+ssh:// URIs. Install OpenSSH (for example “sudo apt install openssh-client”), or correct the command= part of the URI.',
    ko: '이 컴퓨터에서 SSH 클라이언트를 실행할 수 없습니다. libvirt는 qemu+ssh:// URI에 SSH 클라이언트가 필요합니다. OpenSSH를 설치하거나(예: “sudo apt install openssh-client”) URI의 command= 부분을 고치세요.',
  },
  ssh_host_key_unknown: {
    en: 'This computer does not know the SSH host key of {host}[ (port {port})] yet, and Snapvisor never accepts an unknown key by itself. Connect once in a terminal (ssh -p {port} {user}@{host}), check the key’s fingerprint with the host’s administrator and accept it, then try again.',
    ko: '이 컴퓨터는 아직 {host}[(포트 {port})]의 SSH 호스트 키를 모르며, Snapvisor는 모르는 키를 스스로 받아들이지 않습니다. 터미널에서 한 번 접속해(ssh -p {port} {user}@{host}) 호스트 관리자와 키 지문(fingerprint)을 확인하고 받아들인 뒤 다시 시도하세요.',
  },
  ssh_host_key_changed: {
    en: 'Warning: the SSH host key of {host}[ (port {port})] has changed since this computer last connected. Someone may be intercepting the connection, or the host was reinstalled. Ask its administrator for the new fingerprint; only if it matches, remove the old key (ssh-keygen -R "{hostKeyName}") and connect once in a terminal.',
    ko: '경고: 이 컴퓨터가 마지막으로 접속한 뒤 {host}[(포트 {port})]의 SSH 호스트 키가 바뀌었습니다. 누군가 연결을 가로채고 있거나 호스트가 다시 설치되었을 수 있습니다. 호스트 관리자에게 새 지문을 확인하고, 일치할 때만 이전 키를 지운 뒤(ssh-keygen -R "{hostKeyName}") 터미널에서 한 번 접속하세요.',
  },
  ssh_name_unknown: {
    en: 'The host name “{host}” cannot be resolved to an address. Check its spelling in the URI, or use the host’s IP address.',
    ko: '호스트 이름 “{host}”의 주소를 찾을 수 없습니다. URI의 철자를 확인하거나 호스트의 IP 주소를 쓰세요.',
  },
  ssh_connection_refused: {
    en: '{host} refuses connections on port {port}: no SSH server listens there. Start sshd on that host (sudo systemctl start ssh), or put the port it listens on in the URI (qemu+ssh://{user}@{host}:PORT/system).',
    ko: '{host}가 포트 {port}의 연결을 거부합니다. 그 포트에서 기다리는 SSH 서버가 없습니다. 그 호스트에서 sshd를 시작하거나(sudo systemctl start ssh) SSH 서버의 포트를 URI에 적으세요(qemu+ssh://{user}@{host}:PORT/system).',
  },
  ssh_host_unreachable: {
    en: '{host} cannot be reached over the network[ (port {port})]. Check that it is running, its address, and any firewall between this computer and it.',
    ko: '네트워크로 {host}[(포트 {port})]에 닿을 수 없습니다. 호스트가 켜져 있는지, 주소가 맞는지, 사이의 방화벽을 확인하세요.',
  },
  ssh_key_unusable: {
    en: 'The SSH key[ {keyfile}] cannot be used[: {reason}], and {host} accepted no other key. Correct the keyfile= path in the URI, or make the key readable by you alone (chmod 600).',
    ko: '[{keyfile} ]SSH 키를 쓸 수 없고[({reason})] {host}가 다른 키도 받아들이지 않았습니다. URI의 keyfile= 경로를 고치거나, 키를 본인만 읽을 수 있게 하세요(chmod 600).',
  },
  ssh_auth_refused: {
    en: '{host} refused the SSH login as “{user}”: none of your keys was accepted (Snapvisor never asks for passwords). Put your public key in that user’s ~/.ssh/authorized_keys (ssh-copy-id -p {port} {user}@{host}), or name the right private key with ?keyfile=… in the URI. A key with a passphrase must be loaded into ssh-agent first.',
    ko: '{host}가 “{user}” 사용자의 SSH 로그인을 거부했습니다. 받아들여진 키가 없습니다(Snapvisor는 비밀번호를 묻지 않습니다). 공개 키를 그 사용자의 ~/.ssh/authorized_keys에 넣거나(ssh-copy-id -p {port} {user}@{host}) URI에 ?keyfile=…로 맞는 개인 키를 지정하세요. 암호가 걸린 키는 먼저 ssh-agent에 올려야 합니다.',
  },
  remote_permission_denied: {
    en: 'SSH to {host} works, but the user “{user}” may not use libvirt there. On {host}, add the user to the “libvirt” group (sudo usermod -aG libvirt {user}), or connect as a user who may manage VMs.',
    ko: '{host}에 SSH로 접속은 되지만 “{user}” 사용자는 그곳의 libvirt를 쓸 권한이 없습니다. {host}에서 사용자를 “libvirt” 그룹에 추가하거나(sudo usermod -aG libvirt {user}) VM을 관리할 수 있는 사용자로 접속하세요.',
  },
  remote_libvirt_missing: {
    en: 'SSH to {host} works, but libvirt does not answer there. Install and start libvirt on {host} (sudo apt install libvirt-daemon-system; sudo systemctl start libvirtd), and check the socket= part of the URI if it has one.',
    ko: '{host}에 SSH로 접속은 되지만 그곳의 libvirt가 응답하지 않습니다. {host}에 libvirt를 설치해 시작하고(sudo apt install libvirt-daemon-system; sudo systemctl start libvirtd), URI에 socket= 부분이 있으면 확인하세요.',
  },
  vm_not_found: {
    en: 'No such VM on this host[: “{vm}”][ (UUID {vmUuid})].',
    ko: '이 호스트에 해당 VM이 없습니다[: “{vm}”][ (UUID {vmUuid})].',
  },
  vm_gone: {
    en: 'The VM[ “{vm}”] disappeared during the operation.',
    ko: '작업 중에 VM[ “{vm}”]이(가) 사라졌습니다.',
  },
  vm_wrong_state: {
    en: 'The VM[ “{vm}”] is not in the right state for this[: it is {state}][, a {kind} snapshot needs it {needs}][ ({detail})].',
    ko: 'VM[ “{vm}”]이(가) 이 작업을 할 수 있는 상태가 아닙니다[. 현재 상태: {state}][. {kind} 스냅샷에는 {needs} 상태가 필요합니다][ ({detail})].',
  },
  snapshot_not_found: {
    en: 'No such snapshot[: {id}][: “{name}”][ on {vm}].',
    ko: '해당 스냅샷이 없습니다[: {id}][: “{name}”][ ({vm})].',
  },
  kind_unsupported: {
    en: 'This host cannot take[ {kind}] snapshots[ of this kind ({location})][: {reason}].',
    ko: '이 호스트에서는[ {kind}] 스냅샷을 만들 수 없습니다[ ({location})][: {reason}].',
  },
  raw_disk_internal: {
    en: 'The disk[ {disk}] is a raw image, which cannot hold internal snapshots. Take a hot (external) snapshot, or convert the disk to qcow2.',
    ko: '[{disk} ]디스크가 raw 이미지라 내부 스냅샷을 담을 수 없습니다. 실행 중 스냅샷(외부)을 만들거나 디스크를 qcow2로 변환하세요.',
  },
  uefi_running_internal: {
    en: 'This libvirt cannot take internal snapshots of a running UEFI VM[ (“{vm}”)]. Shut the VM off, or take a hot (disk-only) snapshot.',
    ko: '이 libvirt는 실행 중인 UEFI VM[(“{vm}”)]의 내부 스냅샷을 만들 수 없습니다. VM을 중지하거나 실행 중 스냅샷(디스크만)을 만드세요.',
  },
  mixed_chain: {
    en: 'A {kind} snapshot cannot be taken of the VM[ “{vm}”]: it has internal snapshots made outside Snapvisor (or by an older version), and libvirt cannot keep internal and external snapshots on one VM.[ A {nearest} snapshot can be taken instead.] Once its internal snapshots are deleted, every kind is available.',
    ko: 'VM[ “{vm}”]의 {kind} 스냅샷을 만들 수 없습니다. Snapvisor 밖에서(또는 이전 버전이) 만든 내부 스냅샷이 있는데, libvirt는 한 VM에 내부 스냅샷과 외부 스냅샷을 함께 둘 수 없습니다.[ 대신 {nearest} 스냅샷을 만들 수 있습니다.] 내부 스냅샷을 모두 삭제하면 모든 유형을 쓸 수 있습니다.',
  },
  quiesce_unavailable: {
    en: 'The file systems cannot be frozen (quiesce)[ in “{vm}”][: {reason}]: the guest agent must answer. Take the snapshot without quiesce, or start the guest agent.',
    ko: '[“{vm}”의 ]파일 시스템을 정지(quiesce)할 수 없습니다[: {reason}]. 게스트 에이전트가 응답해야 합니다. quiesce 없이 만들거나 게스트 에이전트를 실행하세요.',
  },
  vm_not_removable: {
    en: 'Snapvisor did not make the VM[ “{vm}”] (it removes only VMs it made: restored as new, copied or imported), so it leaves it alone. Remove it with virsh or virt-manager if you mean to.',
    ko: 'VM[ “{vm}”]은(는) Snapvisor가 만든 VM이 아니므로 삭제하지 않습니다(새 VM으로 복원·복사·가져오기로 만든 VM만 삭제합니다). 정말 지우려면 virsh나 virt-manager를 쓰세요.',
  },
  vm_protected_needs_name: {
    en: 'The VM[ “{vm}”] is protected: type its name to remove it.',
    ko: '[“{vm}” ]VM은 보호되어 있습니다. 삭제하려면 이름을 정확히 입력하세요.',
  },
  vm_in_use: {
    en: 'The VM[ “{vm}”] cannot be removed: [“{holder}”, ]a VM restored from one of its snapshots, still reads its files.',
    ko: 'VM[ “{vm}”]을(를) 삭제할 수 없습니다. 이 VM의 스냅샷에서 복원한 VM[ “{holder}”]이(가) 아직 이 VM의 파일을 읽고 있습니다.',
  },
  protected_needs_name: {
    en: 'The snapshot[ “{name}”] is protected: type its name to delete it.',
    ko: '[“{name}” ]스냅샷은 보호되어 있습니다. 삭제하려면 이름을 정확히 입력하세요.',
  },
  dependent_not_deletable: {
    en: 'This volume snapshot belongs to a VM snapshot[ (“{parent}”)] and is deleted only together with it.',
    ko: '이 볼륨 스냅샷은 VM 스냅샷[(“{parent}”)]에 딸려 있어 그 스냅샷과 함께만 삭제됩니다.',
  },
  snapshot_in_use: {
    en: 'The snapshot is in use and cannot be deleted[: {reason}][ (“{holder}”)][ ({detail})].',
    ko: '스냅샷이 사용 중이라 삭제할 수 없습니다[: {reason}][ (“{holder}”)][ ({detail})].',
  },
  snapshot_busy: {
    en: 'Another operation is running on this VM or snapshot[ ({operation})]; try again when it has finished.',
    ko: '이 VM 또는 스냅샷에서 다른 작업[({operation})]이 진행 중입니다. 끝난 뒤 다시 시도하세요.',
  },
  snapshot_not_ready: {
    en: 'The snapshot is not ready[ (it is {state})] and cannot be used for this.',
    ko: '스냅샷이 준비되지 않아[(상태: {state})] 이 작업에 쓸 수 없습니다.',
  },
  no_space: {
    en: 'Not enough disk space[ in {path}]; nothing of the unfinished operation was kept[ ({detail})].',
    ko: '[{path}에 ]디스크 공간이 부족합니다. 끝나지 않은 작업의 흔적은 남기지 않았습니다[ ({detail})].',
  },
  disk_not_found: {
    en: 'Disk not found[: {disk}][ on “{vm}”][ ({reason})].',
    ko: '디스크를 찾을 수 없습니다[: {disk}][ (“{vm}”)][ ({reason})].',
  },
  target_exists: {
    en: 'It already exists[: {name}][: {path}][: {uri}]; choose another name.',
    ko: '이미 있습니다[: {name}][: {path}][: {uri}]. 다른 이름을 고르세요.',
  },
  merge_failed: {
    en: 'Merging the layer a deleted snapshot left[ ({image})] did not finish[: {detail}]. The snapshot is deleted; the merge stays pending and is retried after the next operation on the VM.',
    ko: '삭제된 스냅샷이 남긴 레이어[({image})]의 병합이 끝나지 않았습니다[: {detail}]. 스냅샷은 삭제되었고, 병합은 대기 상태로 남아 VM의 다음 작업 뒤에 다시 시도합니다.',
  },
  job_cancelled: {
    en: 'The operation was cancelled; nothing was changed.',
    ko: '작업이 취소되었습니다. 아무것도 변경되지 않았습니다.',
  },
  job_not_cancellable: {
    en: 'This operation[ ({operation})] cannot be cancelled now.',
    ko: '이 작업[({operation})]은 지금 취소할 수 없습니다.',
  },
  libvirt_error: {
    en: 'libvirt reported an error[: {detail}][: {message}].',
    ko: 'libvirt가 오류를 보고했습니다[: {detail}][: {message}].',
  },
  daemon_restarted: {
    en: 'The libvirt daemon restarted during the operation; reconcile the snapshot list before trying again.',
    ko: '작업 중에 libvirt 데몬이 다시 시작되었습니다. 다시 시도하기 전에 스냅샷 점검(reconcile)을 실행하세요.',
  },
  host_connection_lost: {
    en: 'The connection to[ {host}] was lost during the operation (the SSH link or the network went down). It is not known here whether the host finished it: once the host answers again, reconcile its snapshots, then check the result before trying again.',
    ko: '작업 중에[ {host}]와의 연결이 끊어졌습니다(SSH 연결이나 네트워크가 끊김). 호스트가 작업을 마쳤는지는 여기서 알 수 없습니다. 호스트가 다시 응답하면 스냅샷 점검(reconcile)을 실행하고 결과를 확인한 뒤 다시 시도하세요.',
  },
  file_missing: {
    en: 'A file the operation needs is missing on the host[: {path}]. Something outside Snapvisor removed or moved it; reconcile the snapshot list to see which snapshots are affected.',
    ko: '작업에 필요한 파일이 호스트에 없습니다[: {path}]. Snapvisor 밖에서 지워지거나 옮겨졌습니다. 스냅샷 점검(reconcile)을 실행해 어떤 스냅샷이 영향을 받는지 확인하세요.',
  },
  storage_unavailable: {
    en: 'Snapvisor cannot use its storage pool on this host[ ({pool})][: {reason}][: {detail}]. Hot, memory and cold snapshots keep their files in a libvirt directory pool the host\'s daemon creates; on qemu:///session define a “default” directory pool first.',
    ko: '이 호스트에서 Snapvisor 저장소 풀을 쓸 수 없습니다[ ({pool})][: {reason}][: {detail}]. 실행 중·메모리·정지 스냅샷은 호스트의 libvirt 데몬이 만드는 디렉터리 풀에 파일을 둡니다. qemu:///session에서는 먼저 “default” 디렉터리 풀을 정의하세요.',
  },
  volume_streams_unavailable: {
    en: 'This host’s libvirt cannot send or receive a volume’s data[ ({uri})]: copies, exports and imports need volume download and upload (libvirt’s storage streams), which its storage driver does not offer.',
    ko: '이 호스트의 libvirt는 볼륨의 데이터를 보내거나 받을 수 없습니다[({uri})]: 사본, 내보내기, 가져오기에는 볼륨 다운로드와 업로드(libvirt 스토리지 스트림)가 필요한데, 이 호스트의 스토리지 드라이버가 제공하지 않습니다.',
  },
  transfer_mismatch: {
    en: 'A file did not arrive as it was sent[: {path}][ ({detail})]; nothing of it was kept. Try again.',
    ko: '파일이 보낸 그대로 도착하지 않았습니다[: {path}][({detail})]. 그 파일은 남기지 않았습니다. 다시 시도하세요.',
  },
  copy_not_found: {
    en: 'There is no copy of “{vm}” on {target}; make one with “copies refresh”.',
    ko: '{target}에 “{vm}”의 사본이 없습니다. “copies refresh”로 만드세요.',
  },
  copy_same_host: {
    en: 'A copy must go to another host: {uri} is the host the VM runs on.',
    ko: '사본은 다른 호스트에 만들어야 합니다: {uri}는 VM이 있는 호스트입니다.',
  },
  copy_vm_gone: {
    en: 'The copy VM “{copyVm}” is no longer defined on {target} (removed outside Snapvisor), so its copies cannot be refreshed. Run “copies remove” to clear what is left of it, then refresh to make a new copy.',
    ko: '사본 VM “{copyVm}”이(가) {target}에 더 이상 정의되어 있지 않아(Snapvisor 밖에서 삭제됨) 사본을 갱신할 수 없습니다. “copies remove”로 남은 것을 정리한 뒤 갱신하면 새 사본을 만듭니다.',
  },
  export_not_an_export: {
    en: 'This is not a Snapvisor export file[: {path}]: an export is a tar archive whose first entry is manifest.json.',
    ko: 'Snapvisor 내보내기 파일이 아닙니다[: {path}]. 내보내기 파일은 첫 항목이 manifest.json인 tar 아카이브입니다.',
  },
  export_version_unknown: {
    en: 'The export file has format version {version}, which this Snapvisor does not know; import it with a newer Snapvisor.',
    ko: '내보내기 파일의 형식 버전 {version}을(를) 이 Snapvisor는 알지 못합니다. 더 새로운 Snapvisor로 가져오세요.',
  },
  export_manifest_invalid: {
    en: 'The export file’s manifest.json is not valid[: {detail}]; the file is damaged or was not written by Snapvisor.',
    ko: '내보내기 파일의 manifest.json이 올바르지 않습니다[: {detail}]. 파일이 손상되었거나 Snapvisor가 만든 파일이 아닙니다.',
  },
  export_path_escapes: {
    en: 'The export file holds a path that would land outside its folder[: “{path}”]; nothing of it was used.',
    ko: '내보내기 파일에 폴더 밖을 가리키는 경로가 있습니다[: “{path}”]. 그 파일의 내용은 쓰지 않았습니다.',
  },
  export_entry_unlisted: {
    en: 'The export file holds an entry its manifest does not list[: “{path}”]; the file was changed after it was written.',
    ko: '내보내기 파일에 manifest.json에 없는 항목이 있습니다[: “{path}”]. 파일이 만들어진 뒤에 바뀌었습니다.',
  },
  export_file_missing: {
    en: 'The export file lacks a file its manifest lists[: {path}]; it is incomplete (cut short, or an entry was removed).',
    ko: '내보내기 파일에 manifest.json이 나열한 파일이 없습니다[: {path}]. 파일이 불완전합니다(중간에 잘렸거나 항목이 지워짐).',
  },
  export_truncated: {
    en: 'The export file ends in the middle of an entry[: {path}]; it was cut short (an interrupted copy or download). Copy it again.',
    ko: '내보내기 파일이 항목 중간에서 끝납니다[: {path}]. 파일이 잘렸습니다(복사나 내려받기가 중단됨). 다시 복사하세요.',
  },
  export_damaged: {
    en: 'The export file is damaged[ after {path}]: an archive header does not read as tar. Copy it again.',
    ko: '내보내기 파일이 손상되었습니다[({path} 다음)]. 아카이브 헤더를 tar로 읽을 수 없습니다. 다시 복사하세요.',
  },
  export_size_mismatch: {
    en: 'A file in the export has another size than its manifest says[: {path}][ ({expected} bytes listed, {actual} in the archive)]; the file is damaged or was changed.',
    ko: '내보내기 파일 안의 파일 크기가 manifest.json과 다릅니다[: {path}][({expected}바이트로 기록, 아카이브에는 {actual}바이트)]. 파일이 손상되었거나 바뀌었습니다.',
  },
  export_checksum_mismatch: {
    en: 'A file in the export does not match its SHA-256 checksum[: {path}]; its bytes were damaged or changed. Nothing of it was kept.',
    ko: '내보내기 파일 안의 파일이 SHA-256 체크섬과 맞지 않습니다[: {path}]. 내용이 손상되었거나 바뀌었습니다. 그 파일은 남기지 않았습니다.',
  },
  export_unreadable: {
    en: 'The export file cannot be read[: {path}][ ({detail})].',
    ko: '내보내기 파일을 읽을 수 없습니다[: {path}][({detail})].',
  },
  export_write_failed: {
    en: 'The export file could not be written[: {path}][ ({detail})]; nothing of it was left behind.',
    ko: '내보내기 파일을 쓸 수 없습니다[: {path}][({detail})]. 쓰던 파일은 남기지 않았습니다.',
  },
  export_snapshot_unsupported: {
    en: 'This snapshot cannot be exported[: “{name}”]: an export carries ready snapshots of a whole VM whose disks are external layers with their whole chain found (not internal snapshots, volume snapshots, or ones still being made).',
    ko: '이 스냅샷은 내보낼 수 없습니다[: “{name}”]. 내보내기에는 준비된 VM 전체 스냅샷 중 디스크가 외부 계층이고 그 체인 전체를 찾을 수 있는 것만 담깁니다(내부 스냅샷, 볼륨 스냅샷, 만드는 중인 스냅샷은 제외).',
  },
  export_vm_empty: {
    en: 'Nothing to export[ from “{name}”]: the VM has no snapshot an export can carry (ready snapshots of the whole VM whose disks are external layers; internal snapshots, volume snapshots and ones still being made are not exported). Take a snapshot of the VM first.',
    ko: '내보낼 것이 없습니다[: “{name}”]. 이 VM에는 내보내기에 담을 수 있는 스냅샷이 없습니다(디스크가 외부 계층인 준비된 VM 전체 스냅샷만 담기며, 내부 스냅샷, 볼륨 스냅샷, 만드는 중인 스냅샷은 제외). 먼저 VM의 스냅샷을 만드세요.',
  },
  file_dialog_unavailable: {
    en: 'No file dialog is available here: choosing a file needs the Snapvisor window. On the command line, use “snapvisor export … --output FILE” and “snapvisor import FILE”.',
    ko: '여기서는 파일 선택 대화 상자를 쓸 수 없습니다. 파일을 고르려면 Snapvisor 창이 필요합니다. 명령줄에서는 “snapvisor export … --output FILE”과 “snapvisor import FILE”을 쓰세요.',
  },
  host_feature_unavailable: {
    en: 'Not possible on this host: copying or applying an internal snapshot needs qemu-img on the computer that holds the disk, and libvirt offers no way to do it remotely. Run Snapvisor on that host, or use a snapshot Snapvisor made (external).',
    ko: '이 호스트에서는 할 수 없습니다: 내부 스냅샷을 복사하거나 적용하려면 디스크가 있는 컴퓨터의 qemu-img가 필요하고, libvirt는 원격으로 하는 방법을 제공하지 않습니다. 그 호스트에서 Snapvisor를 실행하거나 Snapvisor가 만든(외부) 스냅샷을 쓰세요.',
  },
  schedule_invalid: {
    en: 'The schedule is not valid[ ({field})][: {reason}][ (at least {min})][ (at most {max})][: {placeholder}][: “{cron}”].',
    ko: '스케줄이 올바르지 않습니다[({field})][: {reason}][ (최소 {min})][ (최대 {max})][: {placeholder}][: “{cron}”].',
  },
  schedule_not_found: {
    en: 'No such schedule[: {schedule}].',
    ko: '해당 스케줄이 없습니다[: {schedule}].',
  },
  timer_unavailable: {
    en: 'Schedules cannot be set to run while Snapvisor is closed here[: {reason}].',
    ko: '이 시스템에서는 Snapvisor가 닫혀 있을 때 스케줄이 실행되도록 설정할 수 없습니다[: {reason}].',
  },
  timer_failed: {
    en: '`systemctl --user {step}` failed[: {detail}].',
    ko: '`systemctl --user {step}` 실행에 실패했습니다[: {detail}].',
  },
  internal: {
    en: 'Something went wrong inside Snapvisor[: {detail}][: {message}].',
    ko: 'Snapvisor 내부 오류가 발생했습니다[: {detail}][: {message}].',
  },
  network_not_found: {
    en: 'This host has no network[ “{network}”]; choose one it has, or none.',
    ko: '이 호스트에[ “{network}”] 네트워크가 없습니다. 있는 네트워크를 고르거나 네트워크 없이 만드세요.',
  },
};

const STATE_WORDS = { ...VM_STATE_WORDS, ...SNAPSHOT_STATE_WORDS };
const STATE_OR_LOCATION_WORDS = { ...VM_STATE_WORDS, ...LOCATION_WORDS };

/** Parameters whose values are tokens, with the table that words them. */
const TOKEN_PARAMS: Record<string, Readonly<Record<string, Words>>> = {
  state: STATE_WORDS,
  needs: STATE_OR_LOCATION_WORDS,
  kind: KIND_WORDS,
  nearest: KIND_WORDS,
  existing: LOCATION_WORDS,
  location: LOCATION_WORDS,
  reason: REASON_WORDS,
  field: FIELD_WORDS,
  operation: OPERATION_WORDS,
  action: ACTION_WORDS,
};

function paramText(key: string, params: ErrorParams, lang: Lang): string | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  const table = TOKEN_PARAMS[key];
  return table ? wordOf(table, String(value), lang) : String(value);
}

export function interpolate(template: string, params: ErrorParams, lang: Lang = 'en'): string {
  const withOptionals = template.replace(/\[([^[\]]*)\]/g, (whole: string, inner: string) => {
    const keys = [...inner.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    if (keys.length === 0) return whole;
    return keys.every((k) => paramText(k, params, lang) !== undefined) ? inner : '';
  });
  return withOptionals.replace(/\{(\w+)\}/g, (_, key: string) => paramText(key, params, lang) ?? '?');
}

export function formatError(code: ErrorCode, params: ErrorParams, lang: Lang): string {
  const messages = ERROR_MESSAGES[code] ?? ERROR_MESSAGES.internal;
  return interpolate(messages[lang], params, lang);
}

