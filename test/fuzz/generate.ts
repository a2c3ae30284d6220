/**
 * The corpus generator's command line:
 *   node --import tsx test/fuzz/generate.ts --seed 19 --count 1000 --out DIR [--no-bombs]
 * Same seed, same count: the same files (the signed bases' signature bytes aside: RSA keys are new
 * each run, the lengths and everything around them are not).
 */
import { parseArgs } from 'node:util';
import { makeCorpus } from './corpus.js';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '19' }, count: { type: 'string', default: '1000' }, out: { type: 'string' }, 'no-bombs': { type: 'boolean', default: false } } });
if (!values.out) {
  console.error('usage: generate.ts --out DIR [--seed N] [--count N] [--no-bombs]');
  process.exit(2);
}
const entries = await makeCorpus({ seed: Number(values.seed), count: Number(values.count), dir: values.out, bombs: !values['no-bombs'] });
const kinds = new Map<string, number>();
for (const e of entries) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
process.stdout.write(`${entries.length} files in ${values.out}/files (manifest.json beside them)\n`);
for (const [kind, n] of [...kinds].sort()) process.stdout.write(`  ${kind}: ${n}\n`);
