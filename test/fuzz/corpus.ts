import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeBases, type Base } from './bases.js';
import { BOMBS } from './bombs.js';
import { MUTATIONS } from './mutations.js';
import { fileSeed, rng } from './prng.js';

/** One file of the corpus and how it was made: enough to make it again and to group findings. */
export interface CorpusEntry {
  file: string;
  /** The mutation class or bomb kind. */
  kind: string;
  base: string;
  note: string;
  size: number;
}

export interface CorpusOptions {
  seed: number;
  /** Mutated files (the bombs come on top). */
  count: number;
  dir: string;
  /** Default true: every bomb once. */
  bombs?: boolean;
}

/**
 * Makes the corpus in `dir`: the bases, then `count` files each mutated from a base by the
 * mutation its own seed picks (sometimes a second byte-level one on top), then every bomb.
 * Writes `manifest.json`; returns the entries.
 */
export async function makeCorpus(options: CorpusOptions): Promise<CorpusEntry[]> {
  const bases = await makeBases(join(options.dir, 'bases'));
  const byName = new Map(bases.map((b) => [b.name, b]));
  const files = join(options.dir, 'files');
  await mkdir(files, { recursive: true });
  const entries: CorpusEntry[] = [];
  const keep = async (name: string, kind: string, base: string, note: string, bytes: Buffer): Promise<void> => {
    const file = join(files, name);
    await writeFile(file, bytes);
    entries.push({ file, kind, base, note, size: bytes.length });
  };
  for (const b of bases) await keep(`base-${b.name}`, 'base', b.name, 'unchanged', b.bytes);
  const byteLevel = MUTATIONS.filter((m) => ['byte-flip', 'byte-burst', 'truncate'].includes(m.kind));
  for (let i = 0; i < options.count; i++) {
    const r = rng(fileSeed(options.seed, i));
    const mutation = r.pick(MUTATIONS);
    const base: Base = r.pick(bases.filter((b) => mutation.applies(b)));
    let { bytes, note } = mutation.make(base, r);
    let kind = mutation.kind;
    if (r.chance(0.15)) {
      const second = r.pick(byteLevel);
      const made = second.make({ name: base.name, bytes }, r);
      bytes = made.bytes;
      note = `${note}; then ${second.kind}: ${made.note}`;
      kind = `${kind}+${second.kind}`;
    }
    await keep(`${String(i).padStart(5, '0')}-${mutation.kind}-${base.name}`, kind, base.name, note, bytes);
  }
  if (options.bombs ?? true) for (const bomb of BOMBS) await keep(`bomb-${bomb.name}.pdf`, bomb.kind, '-', bomb.name, bomb.make(byName));
  await writeFile(join(options.dir, 'manifest.json'), JSON.stringify({ seed: options.seed, count: options.count, entries }, null, 1));
  return entries;
}
