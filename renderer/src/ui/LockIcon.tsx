/** A small padlock drawn inline (no emoji or icon font is assumed on the host). */
export function LockIcon({ label }: { label?: string }) {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true} style={{ verticalAlign: '-1px' }}>
      <rect x="2" y="5" width="8" height="6" rx="1.2" fill="currentColor" />
      <path d="M4 5V3.6a2 2 0 0 1 4 0V5" fill="none" stroke="currentColor" strokeWidth="1.3" />
    </svg>
  );
}
