import { useCallback, useEffect, useState } from 'react';
import { api, toApiError, unwrap } from '../../api/api';
import type { ApiError, Snapshot, SnapshotDetail } from '../../api/contract';
import { isActive, useJobs } from '../../stores/jobs';

type DetailState = { detail: SnapshotDetail | null; error: ApiError | null; thumbnail: string | null };

/**
 * Loads a snapshot's detail (and thumbnail) again whenever its row changes, and when a job on it
 * ends: its audit log grows even when the row does not (a refused restore).
 */
export function useSnapshotDetail(snapshot: Snapshot): DetailState & { reload: () => void } {
  const [state, setState] = useState<DetailState>({ detail: null, error: null, thumbnail: null });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const jobsEnded = useJobs((s) => {
    let n = 0;
    for (const j of Object.values(s.jobs)) if (j.snapshotId === snapshot.id && !isActive(j)) n++;
    return n;
  });

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const detail = await unwrap(api().snapshots.get({ id: snapshot.id }));
        const thumbnail = snapshot.hasThumbnail ? await unwrap(api().snapshots.thumbnail({ id: snapshot.id })).catch(() => null) : null;
        if (live) setState({ detail, error: null, thumbnail });
      } catch (e) {
        if (live) setState({ detail: null, error: toApiError(e), thumbnail: null });
      }
    })();
    return () => { live = false; };
  }, [snapshot, generation, jobsEnded]);

  return { ...state, reload };
}
