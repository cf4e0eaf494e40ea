// The renderer's Content-Security-Policy. Sent as a response header by main (session.webRequest)
// and by the e2e harness's HTTP server, so the tests run the app under the policy it ships with.
// The page's own <meta> policy still applies too; the browser enforces the intersection.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // React and the UI kit set style attributes; no inline scripts are ever allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "worker-src 'none'",
].join('; ');

/** Response headers with the policy set, replacing whatever policy the response carried. */
export function withCsp(headers: Record<string, string[] | string | undefined>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || key.toLowerCase() === 'content-security-policy') continue;
    out[key] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
