// Which of a schedule's snapshots have expired. Protected snapshots are neither deleted nor
// counted towards keep-last (protecting one means "keep this one besides the rolling set"),
// dependents go with their VM snapshot, and only ready rows count: a failed or half-done
// attempt neither pushes a good snapshot out nor gets removed behind the user's back.
import type { Snapshot } from '../../../shared/model';

export interface RetentionPolicy {
  keepLast: number | null;
  maxAgeSeconds: number | null;
}

type RetentionCandidate = Pick<Snapshot, 'id' | 'createdAt' | 'protected' | 'dependentOf' | 'state'>;

/** Ids to delete, oldest first. `keep` (the snapshot just taken) is never selected. */
export function selectExpired(
  snapshots: readonly RetentionCandidate[], policy: RetentionPolicy, now: Date, keep?: string,
): string[] {
  const candidates = snapshots
    .filter((s) => !s.protected && s.dependentOf === null && s.state === 'ready')
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const expired = candidates.filter((s, newestFirstIndex) => {
    if (s.id === keep) return false;
    const beyondCount = policy.keepLast !== null && newestFirstIndex >= policy.keepLast;
    const tooOld = policy.maxAgeSeconds !== null
      && now.getTime() - Date.parse(s.createdAt) > policy.maxAgeSeconds * 1000;
    return beyondCount || tooOld;
  });
  return expired.reverse().map((s) => s.id);
}
