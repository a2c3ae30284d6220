/**
 * `npm run fuzz`: makes a corpus (default 10,000 mutated files plus the bombs) and runs every
 * file through open, verify, a position stamp and a 骑缝章 stamp in child processes, then prints
 * the figures issue 19 asks for. Exit code 1 when any file crashed, hung, ran out of memory,
 * threw an untyped error or left a file behind.
 *   npm run fuzz -- [--seed 19] [--count 10000] [--parallel 2] [--time-limit 10000] [--heap 512] [--rss-cap 1024] [--keep DIR] [--only KIND] [--no-bombs]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeCorpus } from './corpus.js';
import { figuresOf, figuresText } from './harness/figures.js';
import { prepareSealRoot, runCorpus } from './harness/run-corpus.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '19' },
    count: { type: 'string', default: '10000' },
    parallel: { type: 'string', default: '2' },
    'time-limit': { type: 'string', default: '10000' },
    heap: { type: 'string', default: '512' },
    'rss-cap': { type: 'string', default: '1024' },
    keep: { type: 'string' },
    only: { type: 'string' },
    'no-bombs': { type: 'boolean', default: false },
  },
});
const began = performance.now();
const dir = values.keep ?? (await mkdtemp(join(tmpdir(), 'sealdesk-fuzz-')));
try {
  const entries = (await makeCorpus({ seed: Number(values.seed), count: Number(values.count), dir, bombs: !values['no-bombs'] })).filter((e) => !values.only || e.kind.startsWith(values.only));
  process.stdout.write(`corpus: ${entries.length} files (seed ${values.seed}) in ${dir}\n`);
  const limits = { timeLimitMs: Number(values['time-limit']), heapMb: Number(values.heap), rssCapMb: Number(values['rss-cap']) };
  const sealRoot = await prepareSealRoot(join(dir, 'seal-root'));
  let done = 0;
  const outcomes = await runCorpus({
    files: entries.map((e) => e.file),
    parallel: Number(values.parallel),
    ...limits,
    workDir: join(dir, 'work'),
    sealRoot,
    onOutcome: () => {
      if (++done % 1000 === 0) process.stdout.write(`  ${done} operations done\n`);
    },
  });
  await writeFile(join(dir, 'outcomes.json'), JSON.stringify(outcomes, null, 1));
  const figures = figuresOf(entries, outcomes);
  process.stdout.write(`${figuresText(figures, performance.now() - began, limits)}\n(outcomes of every operation: ${join(dir, 'outcomes.json')}${values.keep ? '' : ', removed with the corpus'})\n`);
  process.exitCode = figures.failedFiles === 0 ? 0 : 1;
} finally {
  if (!values.keep) await rm(dir, { recursive: true, force: true });
}
