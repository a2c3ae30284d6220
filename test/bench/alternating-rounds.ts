import { median } from './median.js';

/**
 * The two sides of a ratio measured in alternating rounds (a, b; then b, a; …) after `warm`
 * unmeasured pairs, and each side's median: a shared machine's drift (its other tenants starting
 * and stopping) falls on both sides alike, and one slow round moves neither.
 */
export async function alternatingRounds(a: () => Promise<number> | number, b: () => Promise<number> | number, options: { rounds: number; warm?: number }): Promise<[number, number]> {
  for (let w = 0; w < (options.warm ?? 1); w++) {
    await a();
    await b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < options.rounds; r++) {
    if (r % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return [median(as), median(bs)];
}
