// Why a libvirt connection could not be opened, as one of Snapvisor's error codes: the one place
// that reads the words of a failed open. Over qemu+ssh, libvirt runs `ssh` and, when the link
// dies, relays what ssh (and nc or virt-ssh-helper on the far side) wrote to stderr inside its own
// message ("Cannot recv data: <ssh's words>: Connection reset by peer"); qemu+libssh(2) report
// the same steps in libvirt's words. Those words are stable across versions; matching them lets
// the host manager and the CLI say which step failed (the key, the host key, the network, libvirt
// on the far side) and what to do about it.
import { accessSync, constants } from 'node:fs';
import { userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { Connection, LibvirtError, VIR_ERR, parseLibvirtUri, sshTransportOf } from '../../../native';
import { SnapvisorError, type ErrorCode, type ErrorParams } from '../../../shared/errors';
import { toSnapvisorError } from './libvirt-errors';
import type { Reason } from '../../../shared/vocabulary';

/** What the far side is, as the URI says it (ssh's defaults where the URI says nothing). */
export interface SshTarget {
  user: string;
  host: string;
  port: number;
  /** The name ssh files the host key under in known_hosts: "host", or "[host]:port" off port 22. */
  hostKeyName: string;
  keyfile: string | null;
}

const SSH_PORT = 22;

/** The SSH side of a URI, or null when it does not go over SSH. `localUser` is ssh's default login. */
export function sshTargetOf(uri: string, localUser: string): SshTarget | null {
  if (!sshTransportOf(uri)) return null;
  const u = parseLibvirtUri(uri);
  if (!u?.host) return null;
  const port = u.port ?? SSH_PORT;
  return {
    user: u.user ?? localUser,
    host: u.host,
    port,
    hostKeyName: port === SSH_PORT ? u.host : `[${u.host}]:${port}`,
    keyfile: u.params.get('keyfile') ?? null,
  };
}

interface SshRule {
  code: ErrorCode;
  test: RegExp;
  /** A token for the message's {reason} (shared/vocabulary.ts), when the code has several causes. */
  reason?: Reason;
  /** The rule holds only when ssh also gave up authenticating (a bad key is harmless if another works). */
  withAuthFailure?: boolean;
}

const AUTH_FAILED = /Permission denied \((?:publickey|password|keyboard-interactive|gssapi|hostbased)[^)]*\)|Too many authentication failures/i;

// The words of OpenSSH (qemu+ssh) first, then those of libvirt's libssh and libssh2 transports,
// which report the same steps in their own terms. In order: the first match names the step.
const SSH_RULES: readonly SshRule[] = [
  { code: 'ssh_client_missing', test: /cannot execute binary|Cannot find '[^']*' in path/i },
  { code: 'ssh_host_key_changed', test: /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for \S+ has changed|differs from stored identity/ },
  { code: 'ssh_host_key_unknown', test: /Host key verification failed|No \S+ host key is known for|Can't verify the session host key/i },
  { code: 'ssh_name_unknown', test: /Could not resolve hostname|Unable to resolve address/i },
  { code: 'ssh_connection_refused', test: /(?:connect to host \S+ port \d+|unable to connect to server at '[^']*'): Connection refused/i },
  {
    code: 'ssh_host_unreachable',
    test: /(?:connect to host \S+ port \d+|unable to connect to server at '[^']*'): (?:No route to host|Network is unreachable|Connection timed out|Operation timed out)/i,
  },
  { code: 'ssh_key_unusable', reason: 'key_missing', withAuthFailure: true, test: /Identity file \S.* not accessible/i },
  { code: 'ssh_key_unusable', reason: 'key_permissions', withAuthFailure: true, test: /UNPROTECTED PRIVATE KEY FILE|Load key "[^"]*": bad permissions/i },
  { code: 'ssh_key_unusable', reason: 'key_format', withAuthFailure: true, test: /Load key "[^"]*": (?:invalid format|error in libcrypto)/i },
  { code: 'ssh_key_unusable', test: /error while reading private key|Can't retrieve private key passphrase/i },
  { code: 'ssh_auth_refused', test: AUTH_FAILED },
  { code: 'ssh_auth_refused', test: /authentication methods with credentials were rejected|all available authentication methods failed/i },
  // Past SSH: the far side's libvirt socket refuses this user (socket mode, polkit, or no D-Bus for polkit).
  { code: 'remote_permission_denied', test: /Failed to connect socket to '[^']*': Permission denied|nc: .*: Permission denied|unix connect failed: Permission denied|Unable to get system bus connection/i },
  // Past SSH: nothing of libvirt there (no helper, no nc, no socket, the daemon is not running).
  // libssh2 keeps no stderr: which of its words come depends on whether the far command's exit
  // status arrived before its end of stream ("command"/"program" terminated, or a closed channel).
  {
    code: 'remote_libvirt_missing',
    test: /virt-ssh-helper: (?:not found|command not found)|nc: (?:not found|command not found)|Failed to connect socket to '[^']*': (?:No such file or directory|Connection refused)|nc: .*: (?:No such file or directory|Connection refused)|unix connect failed: (?:No such file or directory|Connection refused)|Remote (?:command|program) terminated with non-zero code|Tried to write socket in error state/i,
  },
];

/**
 * libvirt's own SSH clients (libssh, libssh2) report every SSH step above in words of their own
 * before the channel opens; a stream that merely ends afterwards is the far command (nc or the
 * helper) giving up: SSH worked, libvirt there did not answer.
 */
const CHANNEL_ENDED = /End of file while reading data|Cannot recv data|An error occurred, but the cause is unknown/i;

// libvirt's pipe to the ssh it spawned broke: ssh had already exited (refused, unreachable, ...),
// and whether libvirt read its words first or noticed the pipe first is a race.
const PIPE_BROKE = /Cannot write data: Broken pipe|Cannot recv data: Connection reset by peer/i;

/**
 * Opens `uri`; over OpenSSH, a failure that says only that the pipe to ssh broke is tried once
 * more, so that the error names the step ssh gave up at.
 */
export async function openNamingFailures(uri: string): Promise<Connection> {
  try {
    return await Connection.open(uri);
  } catch (e) {
    if (!(e instanceof LibvirtError && sshTransportOf(uri) === 'ssh' && PIPE_BROKE.test(e.libvirtMessage))) throw e;
    return Connection.open(uri);
  }
}

/** What toSnapvisorError makes of a failed open that means "not reachable" there. */
const OPEN_FAILURES: readonly ErrorCode[] = ['libvirt_error', 'internal', 'daemon_restarted', 'host_connection_lost', 'file_missing'];

/**
 * Whether this machine can run the ssh command libvirt spawns (a path, or a name on PATH). When it
 * cannot, libvirt sometimes says so and sometimes only that its pipe to ssh broke (a race between
 * ssh's exec failing and libvirt's first write): the command itself tells.
 */
function runnable(command: string): boolean {
  const candidates = command.includes('/') ? [command] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, command));
  return candidates.some((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const AUTH_CODES: readonly number[] = [VIR_ERR.ACCESS_DENIED, VIR_ERR.AUTH_FAILED, VIR_ERR.AUTH_UNAVAILABLE, VIR_ERR.AUTH_CANCELLED];

/**
 * The error for a failed open of `uri`: over SSH, the step that failed (with user, host, port
 * and key as params); otherwise what libvirt's code says, a plain failure being host_unreachable.
 */
export function connectError(e: unknown, uri: string, localUser = userInfo().username): SnapvisorError {
  const target = sshTargetOf(uri, localUser);
  if (target && e instanceof LibvirtError) {
    const message = e.libvirtMessage;
    const params: ErrorParams = {
      uri, user: target.user, host: target.host, port: target.port, hostKeyName: target.hostKeyName,
      ...(target.keyfile ? { keyfile: target.keyfile } : {}), detail: message,
    };
    const authFailed = AUTH_FAILED.test(message);
    const rule = SSH_RULES.find((r) => r.test.test(message) && (!r.withAuthFailure || authFailed));
    if (rule) return new SnapvisorError(rule.code, rule.reason ? { ...params, reason: rule.reason } : params);
    if (sshTransportOf(uri) !== 'ssh' && CHANNEL_ENDED.test(message)) return new SnapvisorError('remote_libvirt_missing', params);
    if (sshTransportOf(uri) === 'ssh' && !runnable(parseLibvirtUri(uri)?.params.get('command') ?? 'ssh')) return new SnapvisorError('ssh_client_missing', params);
    if (AUTH_CODES.includes(e.code)) return new SnapvisorError('remote_permission_denied', params);
  }
  const err = toSnapvisorError(e, { uri });
  // Nothing was open, so nothing was lost or restarted under an operation, and a missing file
  // is the daemon's socket: the host is not reachable.
  return OPEN_FAILURES.includes(err.code) ? new SnapvisorError('host_unreachable', err.params) : err;
}
