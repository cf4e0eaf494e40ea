// How fast a job moves bytes: from the first processedBytes the page saw to the latest, by the
// times the page received them (job.changed carries bytes, not times). Pure, for the job dock.

export interface ByteSample {
  /** ms (Date.now() when the event arrived). */
  at: number;
  bytes: number;
}

export interface ByteSamples {
  first: ByteSample;
  last: ByteSample;
}

/** Under this the rate is noise (one event, a burst): none is shown. */
export const MIN_RATE_WINDOW_MS = 500;

/** The next samples after an event; the first stays until the job's bytes go backwards (a new phase). */
export function nextSamples(prev: ByteSamples | undefined, sample: ByteSample): ByteSamples {
  if (!prev || sample.bytes < prev.last.bytes) return { first: sample, last: sample };
  return { first: prev.first, last: sample };
}

/** Bytes per second, or null while too little time has passed to say. */
export function bytesPerSecond(s: ByteSamples | undefined): number | null {
  if (!s) return null;
  const ms = s.last.at - s.first.at;
  if (ms < MIN_RATE_WINDOW_MS) return null;
  return ((s.last.bytes - s.first.bytes) * 1000) / ms;
}
