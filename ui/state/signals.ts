// The signals the panel's state is made of: signal, computed, effect, batch and untracked with
// @preact/signals-core's meaning, in about a fifth of its size (the panel only reads and sets
// `.value`). A component renders again when a signal it read while rendering changes
// (ui/components/render.ts).
// - A computed is lazy and cached: it runs again on a read only after one of its sources changed,
//   and a result equal (===) to the last one is no change to what depends on it.
// - An effect runs at once, then after each change to what it read (at the end of the outermost
//   batch when one is open); a cleanup it returns runs before its next run and when disposed.
// - A throw in a computed is kept and thrown again to each reader until its sources change; a throw
//   in an effect does not stop the other effects due (the first error is rethrown after them), and
//   an effect whose first run throws is dropped. Effects that keep setting what they read stop
//   with an error after 100 rounds.

export interface ReadonlySignal<T> {
  readonly value: T;
}
export interface Signal<T> {
  value: T;
}

/** Something a read can depend on: a signal or a computed, with the version of its value. */
interface Source {
  version: number;
  targets: Set<Target>;
  /** Brings a computed up to date before its version is compared. */
  refresh?(): void;
}

/** Something that depends on what it read: a computed or an effect. */
interface Target {
  notify(): void;
}

interface Tracker {
  /** What the last run read, with the version it saw. */
  sources: Map<Source, number>;
}

let tracking: (Tracker & Target) | undefined;
let batchDepth = 0;
let pending: EffectNode[] = [];

function track(source: Source): void {
  if (tracking && !tracking.sources.has(source)) {
    tracking.sources.set(source, source.version);
    source.targets.add(tracking);
  }
}

function untrack(tracker: Tracker & Target): void {
  for (const source of tracker.sources.keys()) source.targets.delete(tracker);
  tracker.sources.clear();
}

/** Whether a source changed since the tracker's last run read it. */
function changed(tracker: Tracker): boolean {
  for (const [source, version] of tracker.sources) {
    source.refresh?.();
    if (source.version !== version) return true;
  }
  return false;
}

function runTracked<T>(tracker: Tracker & Target, run: () => T): T {
  untrack(tracker);
  const outer = tracking;
  tracking = tracker;
  try {
    return run();
  } finally {
    tracking = outer;
  }
}

function notifyAll(source: Source): void {
  for (const target of [...source.targets]) target.notify();
}

/** Rounds of effects setting signals that start effects, past which they are taken for a cycle. */
const MAX_EFFECT_ROUNDS = 100;

export function batch<T>(work: () => T): T {
  batchDepth += 1;
  try {
    return work();
  } finally {
    batchDepth -= 1;
    if (batchDepth === 0) runPendingEffects();
  }
}

/** Runs the effects due, and those their runs make due; one that throws does not stop the others (the first error is rethrown). */
function runPendingEffects(): void {
  let failure: { error: unknown } | undefined;
  for (let round = 0; pending.length > 0; round += 1) {
    const effects = pending;
    pending = [];
    if (round === MAX_EFFECT_ROUNDS) {
      for (const effect of effects) effect.dispose();
      failure ??= { error: new Error('Cycle detected: effects kept setting signals they read') };
      break;
    }
    batchDepth += 1;
    for (const effect of effects) {
      try {
        effect.run();
      } catch (error) {
        failure ??= { error };
      }
    }
    batchDepth -= 1;
  }
  if (failure) throw failure.error;
}

export function untracked<T>(work: () => T): T {
  const outer = tracking;
  tracking = undefined;
  try {
    return work();
  } finally {
    tracking = outer;
  }
}

class SignalNode<T> implements Source, Signal<T> {
  version = 0;
  targets = new Set<Target>();
  constructor(private current: T) {}

  get value(): T {
    track(this);
    return this.current;
  }

  set value(next: T) {
    if (next === this.current) return;
    this.current = next;
    this.version += 1;
    batch(() => notifyAll(this));
  }
}

class ComputedNode<T> implements Source, Target, Tracker, ReadonlySignal<T> {
  version = 0;
  targets = new Set<Target>();
  sources = new Map<Source, number>();
  private stale = true;
  private current?: T;
  private failure?: { error: unknown };
  constructor(private readonly compute: () => T) {}

  notify(): void {
    if (this.stale) return;
    this.stale = true;
    notifyAll(this);
  }

  refresh(): void {
    if (!this.stale) return;
    this.stale = false;
    if (this.version > 0 && !changed(this)) return;
    try {
      const next = runTracked(this, this.compute);
      if (this.failure || next !== this.current || this.version === 0) this.version += 1;
      this.current = next;
      this.failure = undefined;
    } catch (error) {
      this.failure = { error };
      this.version += 1;
    }
  }

  get value(): T {
    this.refresh();
    track(this);
    if (this.failure) throw this.failure.error;
    return this.current as T;
  }
}

class EffectNode implements Target, Tracker {
  sources = new Map<Source, number>();
  private cleanup: void | (() => void) = undefined;
  private queued = false;
  private disposed = false;
  constructor(private readonly work: () => void | (() => void)) {}

  notify(): void {
    if (this.queued || this.disposed) return;
    this.queued = true;
    pending.push(this);
  }

  run(force = false): void {
    this.queued = false;
    if (this.disposed || (!force && !changed(this))) return;
    this.cleanUp();
    this.cleanup = runTracked(this, this.work);
    // Disposed by its own run: keep no sources.
    if (this.disposed) this.dispose();
  }

  private cleanUp(): void {
    const cleanup = this.cleanup;
    this.cleanup = undefined;
    if (typeof cleanup === 'function') untracked(cleanup);
  }

  dispose(): void {
    this.disposed = true;
    untrack(this);
    this.cleanUp();
  }
}

export function signal<T>(value: T): Signal<T>;
export function signal<T = undefined>(): Signal<T | undefined>;
export function signal<T>(value?: T): Signal<T | undefined> {
  return new SignalNode(value);
}

export function computed<T>(compute: () => T): ReadonlySignal<T> {
  return new ComputedNode(compute);
}

/** Runs `work` now and again after each change to what it read; returns its dispose. */
export function effect(work: () => void | (() => void)): () => void {
  const node = new EffectNode(work);
  try {
    batch(() => node.run(true));
  } catch (error) {
    // An effect whose first run throws is not kept, as in signals-core.
    node.dispose();
    throw error;
  }
  return () => node.dispose();
}
