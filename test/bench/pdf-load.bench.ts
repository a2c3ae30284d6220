/**
 * Which way to stamp a big PDF incrementally, measured: a 50 MB / 1,000-page document (and the
 * same after `qpdf --object-streams=generate`), one visible signature widget added, against
 * `sha256sum` of the same file in the same run (goal ≤ 3×) and a peak RSS goal of 200 MB.
 *
 *  - pdf-lib: @cantoo/pdf-lib `PDFDocument.load(bytes, { forIncrementalUpdate: true })`, a widget
 *    annotation on page 1, `commit()`, the result written to disk.
 *  - lazy: appliance/pdf (xref chain + only the needed objects through pdf-lib's parser classes),
 *    prepareSignature() + embed() with a 100-byte stand-in CMS, digest streamed from disk.
 *
 * Each candidate runs in a child process of its own so its peak RSS (VmHWM) is its own.
 * That RSS includes the runtime: node + tsx + the @cantoo/pdf-lib module alone peak at ~120 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, PDFName } from '@cantoo/pdf-lib';
import { PdfDocument } from '../../appliance/pdf/pdf-document.js';
import { prepareSignature } from '../../appliance/pdf/prepared-signature.js';
import { qpdf, redSealPng, scannedDocument } from '../appliance/pdf/make-pdf.js';
import { report } from './report.js';

const ROUNDS = 3;
const PAGES = 1000;
const BYTES_PER_PAGE = 50_000;

interface Sample {
  ms: number;
  rssMb: number;
}

async function child(kind: string, input: string, output: string): Promise<void> {
  const start = process.hrtime.bigint();
  if (kind === 'pdf-lib') {
    const doc = await PDFDocument.load(await readFile(input), { forIncrementalUpdate: true, updateMetadata: false });
    const page = doc.getPage(0);
    const widget = doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', T: 'S1', Rect: [300, 300, 420, 420], F: 4, P: page.ref }));
    page.node.set(PDFName.of('Annots'), doc.context.obj([widget]));
    await writeFile(output, await doc.commit());
  } else {
    const doc = await PdfDocument.open(input);
    const prepared = await prepareSignature(doc, output, { page: 1, images: [{ png: redSealPng(), rect: [300, 300, 420, 420] }] });
    await prepared.embed(Buffer.alloc(100, 0x30));
    await doc.close();
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(JSON.stringify({ ms, rssMb: await peakRssMb() }));
}

/**
 * Peak RSS of this process's own memory (VmHWM). Not getrusage's maxrss: Linux carries that
 * across fork + exec, so a child would report the parent's RSS at spawn time whenever it was
 * higher — here the parent has just built the 50 MB test file and holds ~200 MB.
 */
async function peakRssMb(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

function measure(kind: string, input: string, output: string): Sample {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', kind, input, output], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${kind} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Sample;
}

function sha256sum(input: string): number {
  const start = process.hrtime.bigint();
  const run = spawnSync('sha256sum', [input]);
  if (run.status !== 0) throw new Error('sha256sum failed');
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
} else {
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-pdf-bench-'));
  try {
    const classic = await scannedDocument(dir, 'scan-1000.pdf', PAGES, BYTES_PER_PAGE);
    const streams = await qpdf(['--object-streams=generate'], classic, join(dir, 'scan-1000-objstm.pdf'));
    // Warm-up, not measured: on a cold cache tsx compiles the TypeScript sources in the child, a
    // one-off cost that would otherwise land in the first sample.
    measure('lazy', classic, join(dir, 'warm-up.pdf'));
    measure('pdf-lib', classic, join(dir, 'warm-up.pdf'));
    for (const [label, input] of [
      ['classic xref', classic],
      ['xref + object streams', streams],
    ] as const) {
      const size = (await readFile(input)).length;
      console.log(`\n## ${label}: ${(size / 1e6).toFixed(1)} MB, ${PAGES} pages`);
      const hash: number[] = [];
      const lazy: Sample[] = [];
      const lib: Sample[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        hash.push(sha256sum(input));
        lazy.push(measure('lazy', input, join(dir, 'out-lazy.pdf')));
        lib.push(measure('pdf-lib', input, join(dir, 'out-lib.pdf')));
      }
      const peer = { name: 'sha256sum', value: median(hash) };
      report({ name: `stamp ${label} (appliance/pdf, lazy)`, value: median(lazy.map((s) => s.ms)), unit: 'ms', peer, better: 'lower', goal: { max: 3 } });
      report({ name: `stamp ${label} (@cantoo/pdf-lib load+commit)`, value: median(lib.map((s) => s.ms)), unit: 'ms', peer, better: 'lower' });
      const budget = { name: 'budget', value: 200 };
      report({ name: `peak RSS ${label} (appliance/pdf, lazy)`, value: Math.max(...lazy.map((s) => s.rssMb)), unit: 'MB', peer: budget, better: 'lower', goal: { max: 1 } });
      report({ name: `peak RSS ${label} (@cantoo/pdf-lib)`, value: Math.max(...lib.map((s) => s.rssMb)), unit: 'MB', peer: budget, better: 'lower' });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
