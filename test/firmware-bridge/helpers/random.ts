import { seededRandom } from '../../helpers/seeded-random.js';

/** A seeded PRNG (mulberry32) so a failing fuzz run can be replayed from its seed. */
export function random(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number): number => Math.floor(next() * n);
  const bytes = (n: number): Buffer => {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = int(256);
    return out;
  };
  /** Flips, inserts, drops or truncates a few bytes. */
  const mutate = (input: Buffer): Buffer => {
    let b = Buffer.from(input);
    const edits = 1 + int(3);
    for (let e = 0; e < edits && b.length > 0; e++) {
      const at = int(b.length);
      switch (int(4)) {
        case 0:
          b[at] = (b[at] as number) ^ (1 << int(8));
          break;
        case 1:
          b = Buffer.concat([b.subarray(0, at), bytes(1 + int(4)), b.subarray(at)]);
          break;
        case 2:
          b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
          break;
        default:
          b = b.subarray(0, at);
      }
    }
    return b;
  };
  return { next, int, bytes, mutate };
}
