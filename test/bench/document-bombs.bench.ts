/**
 * What each bomb of issue 19 costs now that the parser reads within a budget: the time from
 * open to refusal (or to the end of the work, for the ones a stamp never decodes), against
 * opening a normal 1,151-page linearized file, listing its pages and signatures, in the same run.
 * Goal: no bomb costs more than 20× that normal file (before the budgets the xref-stream bomb
 * took 110 s, 300 shared signature fields 117 s, 4,000 shared kids 18.9 s).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listSignatures, openPdf, pageCount } from '../../appliance/pdf/index.js';
import { isSealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { contentStreamBomb, deepNesting, lyingCount, objectStreamBomb, prevLoop, sharedKids, sharedSignatureValue, xrefStreamBomb } from '../appliance/pdf/bombs.js';
import { qpdf, scannedDocument } from '../appliance/pdf/make-pdf.js';
import { tempDir } from '../helpers/temp-dir.js';
import { report } from './report.js';

const ROUNDS = 5;

/** Open, walk the pages, list the signatures: what stamping and verifying read. Typed refusals count as done. */
async function openAndRead(path: string): Promise<string> {
  try {
    const doc = await openPdf(path);
    try {
      await pageCount(doc);
      await listSignatures(doc);
      return 'read';
    } finally {
      await doc.close();
    }
  } catch (error) {
    if (isSealdeskError(error)) return error.code;
    throw error;
  }
}

async function median(path: string): Promise<{ ms: number; outcome: string }> {
  const times: number[] = [];
  let outcome = '';
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    outcome = await openAndRead(path);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, outcome };
}

const dir = await tempDir('bench-bombs');
const normal = await qpdf(['--linearize'], await scannedDocument(dir, 'normal.pdf', 1151, 300), join(dir, 'normal-linear.pdf'));
const bombs: [string, Buffer][] = [
  ['flate bomb in the xref stream', xrefStreamBomb()],
  ['flate bomb in an object stream', objectStreamBomb()],
  ['flate bomb in a content stream', contentStreamBomb()],
  ['/Count 2147483647', lyingCount()],
  ['4,000 shared kids', sharedKids(4000)],
  ['300 fields sharing one /V', sharedSignatureValue(300, 512 * 1024)],
  ['10,000 fields sharing one /V', sharedSignatureValue(10_000)],
  ['100,000 nested arrays', deepNesting('array')],
  ['100,000 nested dictionaries', deepNesting('dict')],
  ['/Prev loop', prevLoop()],
];
await median(normal); // warm-up: module loading and JIT are not the normal file's cost
const peer = await median(normal);
for (const [name, bytes] of bombs) {
  const path = join(dir, `${name.replace(/\W+/g, '-')}.pdf`);
  await writeFile(path, bytes);
  const { ms, outcome } = await median(path);
  report({
    name: `${name} (${(bytes.length / 1024).toFixed(0)} KB): open → ${outcome}`,
    value: ms,
    unit: 'ms',
    peer: { name: 'a 1,151-page linearized file opened and read', value: peer.ms },
    better: 'lower',
    goal: { max: 20 },
  });
}
