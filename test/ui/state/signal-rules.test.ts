// The panel's signals (ui/state/signals.ts) keep @preact/signals-core's rules that the state
// modules rely on: lazy cached computeds, equal results changing nothing, batched effects that run
// once per batch with their cleanups, untracked reads, kept errors, and no glitches.
import { describe, expect, it } from 'vitest';
import { batch, computed, effect, signal, untracked } from '../../../ui/state/signals';

describe('computed', () => {
  it('runs only when read after a source changed, and caches its result', () => {
    const a = signal(1);
    let runs = 0;
    const double = computed(() => {
      runs += 1;
      return a.value * 2;
    });
    expect(runs).toBe(0);
    expect(double.value).toBe(2);
    expect(double.value).toBe(2);
    expect(runs).toBe(1);
    a.value = 5;
    a.value = 6;
    expect(runs).toBe(1);
    expect(double.value).toBe(12);
    expect(runs).toBe(2);
  });

  it('does not run again when the computed it reads gave an equal result', () => {
    const a = signal(1);
    const parity = computed(() => a.value % 2);
    let runs = 0;
    const label = computed(() => {
      runs += 1;
      return parity.value === 0 ? 'even' : 'odd';
    });
    expect(label.value).toBe('odd');
    a.value = 3;
    expect(label.value).toBe('odd');
    expect(runs).toBe(1);
    a.value = 4;
    expect(label.value).toBe('even');
    expect(runs).toBe(2);
  });

  it('keeps a throw and throws it again to each reader until a source changes', () => {
    const a = signal(0);
    let runs = 0;
    const checked = computed(() => {
      runs += 1;
      if (a.value < 0) throw new Error(`negative: ${a.value}`);
      return a.value;
    });
    a.value = -1;
    expect(() => checked.value).toThrow('negative: -1');
    expect(() => checked.value).toThrow('negative: -1');
    expect(runs).toBe(1);
    a.value = 3;
    expect(checked.value).toBe(3);
  });
});

describe('effect', () => {
  it('runs at once, again after each change, not for an equal computed result, and cleans up before each run and on dispose', () => {
    const a = signal(1);
    const parity = computed(() => a.value % 2);
    const log: string[] = [];
    const dispose = effect(() => {
      const seen = parity.value;
      log.push(`run ${seen}`);
      return () => log.push(`cleanup ${seen}`);
    });
    a.value = 3;
    expect(log).toEqual(['run 1']);
    a.value = 4;
    expect(log).toEqual(['run 1', 'cleanup 1', 'run 0']);
    dispose();
    a.value = 5;
    expect(log).toEqual(['run 1', 'cleanup 1', 'run 0', 'cleanup 0']);
  });

  it('runs once at the end of the outermost batch, seeing every value of it, and batch hands back its result', () => {
    const first = signal('a');
    const last = signal('b');
    const seen: string[] = [];
    effect(() => {
      seen.push(`${first.value}${last.value}`);
    });
    const result = batch(() => {
      first.value = 'x';
      batch(() => {
        last.value = 'y';
      });
      expect(seen).toEqual(['ab']);
      return 42;
    });
    expect(result).toBe(42);
    expect(seen).toEqual(['ab', 'xy']);
  });

  it('never sees a half-updated diamond: both sides of one source are new together', () => {
    const source = signal(1);
    const left = computed(() => source.value + 1);
    const right = computed(() => source.value * 10);
    const seen: string[] = [];
    effect(() => {
      seen.push(`${left.value}/${right.value}`);
    });
    source.value = 2;
    expect(seen).toEqual(['2/10', '3/20']);
  });

  it('keeps running the other effects when one throws, rethrowing its error, and drops an effect whose first run throws', () => {
    const count = signal(0);
    const seen: number[] = [];
    effect(() => {
      if (count.value === 1) throw new Error('boom');
    });
    effect(() => {
      seen.push(count.value);
    });
    expect(() => {
      count.value = 1;
    }).toThrow('boom');
    count.value = 2;
    expect(seen).toEqual([0, 1, 2]);
    let runs = 0;
    expect(() =>
      effect(() => {
        runs += 1;
        if (count.value >= 2) throw new Error('first run');
      }),
    ).toThrow('first run');
    count.value = 3;
    expect(runs).toBe(1);
  });

  it('stops effects that keep setting a signal they read, with an error, instead of looping forever', () => {
    const count = signal(0);
    effect(() => {
      if (count.value > 0) count.value = count.value + 1;
    });
    expect(() => {
      count.value = 1;
    }).toThrow(/Cycle detected/);
    expect(count.value).toBeGreaterThan(100);
  });

  it('does not depend on what it reads untracked, and effects an effect starts run in the same flush', () => {
    const tracked = signal(0);
    const quiet = signal(0);
    const echo = signal(0);
    const runs: number[] = [];
    effect(() => {
      runs.push(tracked.value + untracked(() => quiet.value));
      echo.value = tracked.value;
    });
    const echoes: number[] = [];
    effect(() => {
      echoes.push(echo.value);
    });
    quiet.value = 5;
    expect(runs).toEqual([0]);
    tracked.value = 1;
    expect(runs).toEqual([0, 6]);
    expect(echoes).toEqual([0, 1]);
  });
});
