// A libvirt connection URI taken apart as libvirt reads it (https://libvirt.org/uri.html):
// driver[+transport]://[user@][host][:port]/path[?param=value&...]. Pure: no libvirt call.
// Snapvisor needs the parts to explain a failed SSH connection in terms of the user, host, port
// and key the URI names, and to tell a remote transport from a local one.

/** The transports on which libvirt runs ssh (or libssh/libssh2) to reach the far side. */
export const SSH_TRANSPORTS = ['ssh', 'libssh', 'libssh2'] as const;
export type SshTransport = (typeof SSH_TRANSPORTS)[number];

export interface LibvirtUri {
  /** "qemu", "test", … */
  driver: string;
  /** "ssh", "tls", "tcp", "unix", "ext", "libssh", "libssh2"; null for a local URI without one. */
  transport: string | null;
  user: string | null;
  host: string | null;
  /** The port written in the URI; null when it names none (the transport's default). */
  port: number | null;
  /** "/system", "/session", "/default", … */
  path: string;
  /** Query parameters (keyfile, no_verify, socket, proxy, …), decoded. */
  params: ReadonlyMap<string, string>;
}

const SCHEME = /^([a-z][a-z0-9]*)(?:\+([a-z0-9]+))?:\/\//i;

/** The URI's parts, or null when it is not of libvirt's form. */
export function parseLibvirtUri(uri: string): LibvirtUri | null {
  const scheme = SCHEME.exec(uri);
  if (!scheme) return null;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  const params = new Map<string, string>();
  for (const [k, v] of url.searchParams) params.set(k, v);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    driver: scheme[1]!.toLowerCase(),
    transport: scheme[2]?.toLowerCase() ?? null,
    user: url.username ? decodeURIComponent(url.username) : null,
    host: host || null,
    port: url.port ? Number(url.port) : null,
    path: url.pathname,
    params,
  };
}

/** The SSH transport the URI uses, or null (local, TLS, TCP …). Reads only the scheme. */
export function sshTransportOf(uri: string): SshTransport | null {
  const t = SCHEME.exec(uri)?.[2]?.toLowerCase();
  return SSH_TRANSPORTS.find((s) => s === t) ?? null;
}

/** A URI whose daemon (or in-process driver) runs on this machine: no host part, no network transport. */
export function isLocalUri(uri: string): boolean {
  const u = parseLibvirtUri(uri);
  return u !== null && u.host === null && (u.transport === null || u.transport === 'unix');
}
