// Small seeded PRNG (mulberry32) shared by the image renderer and fault injection, so that the
// same seed always yields the same pixels and the same sequence of injected faults.

export type RandomSource = () => number;

/** Returns a generator of floats in [0, 1) fully determined by `seed` (any 32-bit integer). */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
