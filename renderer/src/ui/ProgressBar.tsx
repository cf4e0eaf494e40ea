/** Determinate when a fraction is known, an animated indeterminate bar otherwise. */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  if (value === null) {
    return (
      <div className="progress progress-indeterminate" role="progressbar" aria-label={label}>
        <div className="progress-bar" />
      </div>
    );
  }
  const pct = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <div className="progress-bar" style={{ width: `${pct}%` }} />
    </div>
  );
}
