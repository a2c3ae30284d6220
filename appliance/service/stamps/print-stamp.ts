import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { DocPrinter } from '../../../drivers/docprinter/doc-printer.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Seal } from '../../seals/seal.js';
import type { Principal } from '../../directory/principal.js';
import { formatOf, headOf } from '../../formats/index.js';
import { readJson, writeJsonAtomic } from '../documents/atomic-json.js';
import { paperCopyOf } from '../kiosk/paper-copy.js';
import { hallDevices } from '../devices/hall-devices.js';
import { stampReceipt } from '../devices/stamp-receipt.js';
import { audited } from '../seals/audit-action.js';
import type { ServiceContext } from '../service-context.js';
import type { JobStore } from './job-store.js';
import type { StampJob } from './stamp-job.js';

export const PrintBody = Type.Object(
  {
    document: Type.Optional(Type.Boolean({ description: 'print the stamped PDF (of an OFD e-licence: its PDF paper copy) on the document printer (default true)' })),
    receipt: Type.Optional(Type.Boolean({ description: 'print the receipt with the verification QR code (default true)' })),
    reprint: Type.Optional(Type.Boolean({ description: 'print again what was printed already (default false: a retry prints only what is missing)' })),
  },
  { additionalProperties: false },
);
export type PrintBody = Static<typeof PrintBody>;

const Printed = Type.Union([Type.Null(), Type.Object({ at: Type.String(), detail: Type.String() })]);
export const PrintView = Type.Object({ stampId: Type.String(), document: Printed, receipt: Printed });
export type PrintView = Static<typeof PrintView>;

const printsDir = (workDir: string) => join(workDir, 'stamps', 'prints');

/**
 * Prints a done stamp: the document on IPP, then the receipt on ESC/POS. What printed is written
 * down at once, so a retry after paper out (or a printer error) prints only what is missing and a
 * receipt stopped mid-way resumes without a line twice. Stamping is never repeated: the PDF is the
 * job's output.
 *
 * A licence code is printed only when the request that issued it hands it over (`licenceCode`, in
 * memory: the kiosk's certificate, the citizen at the screen). A reprint, or any later print, is
 * the receipt without it: the verification QR is public and worth reprinting; the licence code is
 * a bearer credential to the holder's record, and whoever asks for a reprint is not the holder.
 * An interrupted receipt (paper out) resumes in the printer's memory, code included.
 */
export async function printStamp(context: ServiceContext, jobs: JobStore, principal: Principal, job: StampJob, seal: Seal, body: PrintBody, licenceCode?: string): Promise<PrintView> {
  if (job.status === 'running') throw new SealdeskError('STAMP_IN_PROGRESS');
  if (job.status !== 'done' || !job.result) throw new SealdeskError('STAMP_NOT_FOUND', { stamp: job.id });
  const result = job.result;
  const dir = printsDir(context.workDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${job.id}.json`);
  const state: PrintView = (await readJson<PrintView>(path)) ?? { stampId: job.id, document: null, receipt: null };
  const wantDocument = body.document ?? true;
  const wantReceipt = body.receipt ?? true;

  if (wantDocument && (body.reprint || !state.document)) {
    const uri = context.devices.printerUri;
    if (!uri) throw new SealdeskError('DEVICE_NOT_FITTED', { device: 'printer' });
    const printed = await audited(context, principal, { action: 'print.document', target: job.id, organisationId: job.sealOrganisationId }, async () =>
      hallDevices(context).queue.run(uri, async () => new DocPrinter(uri).printPdf(await printablePdf(context, jobs, job, seal), { jobName: `sealdesk ${job.id}` })),
    (r) => ({ printJob: r.jobId }));
    state.document = { at: new Date().toISOString(), detail: `IPP job ${printed.jobId} ${printed.state}` };
    await writeJsonAtomic(path, state);
  }

  if (wantReceipt && (body.reprint || !state.receipt)) {
    const printer = hallDevices(context).receipt;
    if (!printer) throw new SealdeskError('DEVICE_NOT_FITTED', { device: 'receipt' });
    const outcome = await audited(context, principal, { action: 'print.receipt', target: job.id, organisationId: job.sealOrganisationId }, () =>
      hallDevices(context).queue.run(printer.path, () =>
        printer.print(
          job.id,
          () => stampReceipt({ title: '盖章回执', sealName: seal.name, organisation: seal.organisation.name, time: result.time, documentHash: result.documentHash, eventId: result.eventId, qr: result.verificationUrl, ...(licenceCode ? { licenceCode } : {}) }),
          { restart: body.reprint === true },
        ),
      ),
    (r) => ({ blocks: r.blocksSent, resumed: r.resumed }));
    state.receipt = { at: new Date().toISOString(), detail: `${outcome.resumed ? 'resumed' : 'printed'} (${outcome.blocksSent} blocks)${outcome.warnings.length ? `; ${outcome.warnings.map((w) => w.en).join('; ')}` : ''}` };
    await writeJsonAtomic(path, state);
  }
  return state;
}

/**
 * The PDF the document printer is sent: the stamped PDF itself, or for a document in another format
 * (an OFD e-licence; the printer takes PDF) its paper copy — the same certificate's PDF rendering
 * with the seal's picture and the verification QR (kiosk/paper-copy.ts).
 */
async function printablePdf(context: ServiceContext, jobs: JobStore, job: StampJob, seal: Seal): Promise<Buffer> {
  const output = jobs.outputPath(job.id);
  const format = formatOf(headOf(output));
  if (format.name === 'pdf') return readFile(output);
  return paperCopyOf(context, job, seal, format.name);
}

/** What printed for this stamp so far. */
export async function printsOf(context: ServiceContext, stampId: string): Promise<PrintView> {
  return (await readJson<PrintView>(join(printsDir(context.workDir), `${stampId}.json`))) ?? { stampId, document: null, receipt: null };
}
