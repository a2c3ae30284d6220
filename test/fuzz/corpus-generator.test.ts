/** The corpus generator: the same seed makes the same files; the bombs are small on disk and inflate to what they claim. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInflate } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeCorpus } from './corpus.js';
import { flateBomb } from './flate-bomb.js';
import { tempDir } from '../helpers/temp-dir.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Inflated size, counted as it streams (never held). */
async function inflatedSize(z: Buffer): Promise<number> {
  let n = 0;
  const inflate = createInflate();
  inflate.on('data', (chunk: Buffer) => (n += chunk.length));
  const done = new Promise((resolve, reject) => inflate.on('end', resolve).on('error', reject));
  inflate.end(z);
  await done;
  return n;
}

describe('corpus generator', () => {
  it('a seed makes the same files, byte for byte (the signed bases aside: their RSA key is new each run)', async () => {
    const [a, b] = await Promise.all([tempDir('fuzz-gen-a'), tempDir('fuzz-gen-b')]);
    const one = await makeCorpus({ seed: 7, count: 40, dir: a, bombs: false });
    const two = await makeCorpus({ seed: 7, count: 40, dir: b, bombs: false });
    expect(two.map((e) => [e.kind, e.note])).toEqual(one.map((e) => [e.kind, e.note]));
    const unsigned = one.map((e, i) => [e, two[i]!] as const).filter(([e]) => !e.base.startsWith('signed'));
    expect(unsigned.length).toBeGreaterThan(20);
    for (const [x, y] of unsigned) expect(sha(await readFile(y.file)), y.file).toBe(sha(await readFile(x.file)));
    const other = await makeCorpus({ seed: 8, count: 40, dir: join(a, 'other'), bombs: false });
    expect(other.map((e) => e.note)).not.toEqual(one.map((e) => e.note));
  }, 120_000);

  it('a flate bomb of 2 GiB takes about 2 MB and inflates, with a correct Adler-32, to its prefix and the zeros', async () => {
    const bomb = flateBomb(Buffer.from('1 0 0 1 0 0 cm\n'), 2 ** 31);
    expect(bomb.length).toBeLessThan(2.2 * 2 ** 20);
    expect(await inflatedSize(bomb)).toBe(15 + 2 ** 31);
  }, 120_000);
});
