// Which result images are downloading or held before placement. A job downloads ahead of its
// placement, at most DOWNLOAD_CONCURRENCY images at a time (in flight or waiting), so one slow
// image does not hold up the rest. While it waits for its placement turn it may only fill the
// allowance all waiting jobs share, so the job placing now always has its own window and any
// number of jobs finishing together hold MAX_IMAGES_HELD images at most.

/** Images of one job downloaded at the same time (and held before placement at most). */
export const DOWNLOAD_CONCURRENCY = 4;
/** Images all jobs waiting for their placement turn may hold between them (2560 px: several MB each). */
export const PREFETCH_LIMIT = 4;
/** Downloads in flight or held at once, over every job. */
export const MAX_IMAGES_HELD = DOWNLOAD_CONCURRENCY + PREFETCH_LIMIT;

/** One per poller: the images its waiting jobs hold, and those jobs' windows to top up when some are freed. */
export interface PrefetchAllowance {
  held: number;
  waiting: Set<() => void>;
}

export function createPrefetchAllowance(): PrefetchAllowance {
  return { held: 0, waiting: new Set() };
}

function freed(allowance: PrefetchAllowance, count: number): void {
  if (count <= 0) return;
  allowance.held -= count;
  for (const fill of [...allowance.waiting]) fill();
}

export interface DownloadWindow {
  /** Starts what the window allows now. */
  fill(): void;
  /** The job's placement turn has come: its images no longer count against the allowance. */
  startTurn(): void;
  /** The download of `index`, started if it was not yet. */
  take(index: number): Promise<Uint8Array>;
  /** The image was handed on (or given up): its slot is free. */
  release(index: number): void;
  releaseAll(): void;
}

export function createDownloadWindow(indexes: readonly number[], downloadAsync: (index: number) => Promise<Uint8Array>, allowance: PrefetchAllowance): DownloadWindow {
  const ahead = new Map<number, Promise<Uint8Array>>();
  let inTurn = false;
  let launched = 0;
  function launch(index: number): void {
    if (!inTurn) allowance.held += 1;
    const download = downloadAsync(index);
    // Awaited in order by the caller; a failure after the job gave up must not go unhandled.
    download.catch(() => undefined);
    ahead.set(index, download);
  }
  function fill(): void {
    while (launched < indexes.length && ahead.size < DOWNLOAD_CONCURRENCY && (inTurn || allowance.held < PREFETCH_LIMIT)) {
      launch(indexes[launched] as number);
      launched += 1;
    }
  }
  function release(index: number): void {
    if (ahead.delete(index) && !inTurn) freed(allowance, 1);
  }
  allowance.waiting.add(fill);
  return {
    fill,
    startTurn() {
      if (inTurn) return;
      inTurn = true;
      allowance.waiting.delete(fill);
      freed(allowance, ahead.size);
    },
    take(index) {
      fill();
      const download = ahead.get(index);
      if (download) return download;
      // Not among the indexes given, or already released: fetch it on its own.
      launch(index);
      return ahead.get(index) as Promise<Uint8Array>;
    },
    release,
    releaseAll() {
      allowance.waiting.delete(fill);
      for (const index of [...ahead.keys()]) release(index);
    },
  };
}
