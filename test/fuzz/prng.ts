import { random } from '../firmware-bridge/helpers/random.js';

/**
 * A small seeded PRNG (mulberry32): the same seed makes the same corpus on every machine, so a
 * failing file can be made again from its seed and index alone.
 */
export interface Rng {
  /** [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  // the same mulberry32 the firmware-bridge fuzz tests replay from
  const { next, int } = random(seed);
  return {
    next,
    int,
    between: (lo, hi) => lo + int(hi - lo + 1),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from nothing');
      return items[int(items.length)]!;
    },
    chance: (p) => next() < p,
  };
}

/** The seed of file `index` of a corpus: each file can be made alone, in any order. */
export function fileSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}
