import { basename } from 'node:path';
import type { CorpusEntry } from '../corpus.js';
import { passes, type Outcome } from './outcome.js';

export interface Figures {
  files: number;
  operations: number;
  passedFiles: number;
  failedFiles: number;
  byOutcome: Record<string, number>;
  refusalsByCode: Record<string, number>;
  leftoverOperations: number;
  peakChildMb: number;
  /** Failures grouped: mutation kind → operation → outcome (and reason) → files. */
  failures: Map<string, string[]>;
}

const count = (into: Record<string, number>, key: string): void => {
  into[key] = (into[key] ?? 0) + 1;
};

/** The reason of a failure without the numbers that differ file to file, so like groups with like. */
function reason(o: Outcome): string {
  const text = o.outcome === 'untyped' || o.outcome === 'crash' ? (o.message ?? '') : o.outcome === 'oom' || o.outcome === 'hang' ? '' : '';
  const base = o.leftovers?.length && (o.outcome === 'ok' || o.outcome === 'refused') ? `leftover ${o.leftovers.map((l) => l.replace(/[0-9a-f]{8,}/g, '…')).join(',')}` : o.outcome;
  return text ? `${base}: ${text.replace(/\d{3,}/g, 'N')}` : base;
}

export function figuresOf(entries: readonly CorpusEntry[], outcomes: readonly Outcome[]): Figures {
  const kindOf = new Map(entries.map((e) => [e.file, e.kind]));
  const byOutcome: Record<string, number> = {};
  const refusalsByCode: Record<string, number> = {};
  const failing = new Set<string>();
  const failures = new Map<string, string[]>();
  let leftoverOperations = 0;
  let peak = 0;
  for (const o of outcomes) {
    count(byOutcome, o.outcome);
    if (o.code) count(refusalsByCode, o.code);
    if (o.leftovers?.length) leftoverOperations++;
    peak = Math.max(peak, o.peakMb);
    if (passes(o)) continue;
    failing.add(o.file);
    const key = `${kindOf.get(o.file) ?? '?'} | ${o.op} | ${reason(o)}`;
    failures.set(key, [...(failures.get(key) ?? []), basename(o.file)]);
  }
  const files = new Set(outcomes.map((o) => o.file)).size;
  return { files, operations: outcomes.length, passedFiles: files - failing.size, failedFiles: failing.size, byOutcome, refusalsByCode, leftoverOperations, peakChildMb: peak, failures };
}

/** The report `npm run fuzz` prints. */
export function figuresText(f: Figures, wallMs: number, limits: { timeLimitMs: number; heapMb: number; rssCapMb: number }): string {
  const lines = [
    `files tried: ${f.files} (${f.operations} operations: open, verify, stamp at a position, 骑缝章 stamp)`,
    `crashes: ${f.byOutcome.crash ?? 0}`,
    `out of memory (resident past ${limits.rssCapMb} MB, heap cap ${limits.heapMb} MB): ${f.byOutcome.oom ?? 0}`,
    `hangs past the time limit of ${limits.timeLimitMs} ms: ${f.byOutcome.hang ?? 0}`,
    `untyped errors: ${f.byOutcome.untyped ?? 0}`,
    `typed refusals: ${f.byOutcome.refused ?? 0}${Object.keys(f.refusalsByCode).length ? ` (${Object.entries(f.refusalsByCode).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')})` : ''}`,
    `ok: ${f.byOutcome.ok ?? 0}`,
    `stamps that left files behind: ${f.leftoverOperations}`,
    `peak child memory (resident): ${f.peakChildMb} MB`,
    `wall time: ${(wallMs / 1000).toFixed(1)} s`,
  ];
  if (f.failures.size) {
    lines.push('failures (kind | operation | outcome: reason → files):');
    for (const [key, files] of [...f.failures].sort((a, b) => b[1].length - a[1].length)) {
      lines.push(`  ${key} → ${files.length}: ${files.slice(0, 4).join(' ')}${files.length > 4 ? ' …' : ''}`);
    }
  }
  lines.push(`fuzz: ${f.passedFiles} passed, ${f.failedFiles} failed`);
  return lines.join('\n');
}
