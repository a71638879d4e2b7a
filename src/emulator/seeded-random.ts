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

/** Hashes a string to a 32-bit seed (FNV-1a), used to mix prompt text into image seeds. */
export function hashTextToSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
