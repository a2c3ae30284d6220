/**
 * Issue 19's rule on a fixed, seeded sample of the fuzz corpus: every file, however made, goes
 * through open, verify, a position stamp and a 骑缝章 stamp in a child process with a heap cap,
 * a memory cap and a time limit; each answer is ok or a typed refusal, and a refused stamp
 * leaves nothing behind. `npm run fuzz` runs the same on 10,000 files.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCorpus } from './corpus.js';
import { figuresOf, figuresText } from './harness/figures.js';
import { passes } from './harness/outcome.js';
import { prepareSealRoot, runCorpus } from './harness/run-corpus.js';
import { tempDir } from '../helpers/temp-dir.js';

const SEED = 19;
const MUTATED = 240;
const LIMITS = { timeLimitMs: 15_000, heapMb: 512, rssCapMb: 1024 };

describe('the fuzz corpus sample (seed 19: 240 mutated files, the bases and every bomb)', () => {
  it('no crash, no hang, no memory blow-up, no untyped error, no file left behind', async () => {
    const began = performance.now();
    const dir = await tempDir('fuzz-sample');
    const entries = await makeCorpus({ seed: SEED, count: MUTATED, dir });
    const sealRoot = await prepareSealRoot(join(dir, 'seal-root'));
    const outcomes = await runCorpus({ files: entries.map((e) => e.file), parallel: 3, ...LIMITS, workDir: join(dir, 'work'), sealRoot });
    const figures = figuresOf(entries, outcomes);
    const report = figuresText(figures, performance.now() - began, LIMITS);
    expect(outcomes).toHaveLength(entries.length * 4);
    expect(
      outcomes.filter((o) => !passes(o)).map((o) => `${o.file.split('/').pop()} ${o.op}: ${o.outcome} ${o.message ?? ''} ${o.leftovers?.join(',') ?? ''}`),
      report,
    ).toEqual([]);
    // the bases are valid documents: each opens, verifies and takes both stamps
    expect(outcomes.filter((o) => o.file.includes('/base-') && o.outcome !== 'ok')).toEqual([]);
  }, 1_800_000);
});
