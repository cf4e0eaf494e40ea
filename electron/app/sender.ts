// Which renderer frames may use the IPC contract and where the window may go: only the app's
// own page. Everything else (a navigated-away frame, an iframe, a devtools extension) is refused.

/** The page's identity: scheme, host, path. Query and hash do not make another page. */
function pageOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return null;
  }
}

export function isAppPage(url: string | null | undefined, appUrl: string): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  const page = pageOf(url);
  return page !== null && page === pageOf(appUrl);
}

export interface SenderFrame {
  url: string;
  /** Null for a top-level frame. */
  parent: unknown;
}

/** A request is trusted only from the top-level frame showing the app's page. */
export function isTrustedSender(frame: SenderFrame | null | undefined, appUrl: string): boolean {
  return !!frame && frame.parent === null && isAppPage(frame.url, appUrl);
}
