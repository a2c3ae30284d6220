import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocPrinter } from '../../../drivers/docprinter/doc-printer.js';
import { startIppPrinter, type IppPrinter } from '../../../simulator/ipp-printer/ipp-printer.js';
import { freePort } from '../../../simulator/ipp-printer/free-port.js';
import { minimalPdf } from './helpers/minimal-pdf.js';
import { failure } from '../../helpers/failure.js';


async function spooled(printer: IppPrinter, jobId: number): Promise<string[]> {
  return (await readdir(printer.spoolDir)).filter((name) => name.startsWith(`${jobId}-`));
}

describe('document printer driver against a real ippeveprinter', () => {
  let printer: IppPrinter;
  let failing: IppPrinter;
  let slow: IppPrinter;
  let scripts: string;

  beforeAll(async () => {
    scripts = await mkdtemp(join(tmpdir(), 'sealdesk-ipp-cmd-'));
    const slowCommand = join(scripts, 'slow-print');
    await writeFile(slowCommand, '#!/bin/sh\nsleep 5\n');
    await chmod(slowCommand, 0o755);
    [printer, failing, slow] = await Promise.all([
      startIppPrinter({ make: 'Sealdesk', model: 'Hall A4' }),
      // a print command that fails makes ippeveprinter abort the job, as a jammed printer would
      startIppPrinter({ command: '/bin/false' }),
      // one that takes its time keeps the job processing
      startIppPrinter({ command: slowCommand }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([printer?.close(), failing?.close(), slow?.close()]);
    await rm(scripts, { recursive: true, force: true });
  });

  it('reads make and model, state and the document formats', async () => {
    const attributes = await new DocPrinter(printer.uri).attributes();
    expect(attributes.makeAndModel).toBe('Sealdesk Hall A4');
    expect(attributes.state).toBe('idle');
    expect(attributes.stateReasons).toEqual(['none']);
    expect(attributes.documentFormats).toContain('application/pdf');
  });

  it('prints a PDF: the job completes and the file the printer received is byte-identical', async () => {
    const pdf = minimalPdf('stamped certificate 0001');
    const result = await new DocPrinter(printer.uri, { pollMs: 50 }).printPdf(pdf, { jobName: 'certificate' });
    expect(result.state).toBe('completed');
    expect(result.reasons).toContain('job-completed-successfully');
    const files = (await spooled(printer, result.jobId)).filter((name) => name.endsWith('.pdf'));
    expect(files).toEqual([`${result.jobId}-certificate.pdf`]);
    expect(await readFile(join(printer.spoolDir, files[0]!))).toEqual(pdf);
  });

  it('a document format the printer does not accept → PRINTER_REJECTED_JOB with the printer’s reason, nothing spooled', async () => {
    const before = await readdir(printer.spoolDir);
    const error = await failure(new DocPrinter(printer.uri).printPdf(minimalPdf(), { format: 'image/pwg-raster' }));
    expect(error.code).toBe('PRINTER_REJECTED_JOB');
    expect(error.status).toBe(502);
    expect(error.messageZh).toMatch(/^打印机拒绝了打印任务：client-error-/);
    expect(error.messageEn).toMatch(/^The printer rejected the job: client-error-.*document-format/);
    expect(await readdir(printer.spoolDir)).toEqual(before);
  });

  it('bytes that are not a PDF are refused before anything reaches the printer', async () => {
    const before = await readdir(printer.spoolDir);
    const error = await failure(new DocPrinter(printer.uri).printPdf(Buffer.from('hello, not a pdf')));
    expect(error.code).toBe('INPUT_INVALID');
    expect(await readdir(printer.spoolDir)).toEqual(before);
  });

  it('a job the printer aborts → PRINTER_REJECTED_JOB naming the job state', async () => {
    const error = await failure(new DocPrinter(failing.uri, { pollMs: 50 }).printPdf(minimalPdf()));
    expect(error.code).toBe('PRINTER_REJECTED_JOB');
    expect(error.messageEn).toMatch(/job \d+ aborted/);
  });

  it('a job still processing at the deadline → DEVICE_TIMEOUT, never a hang', async () => {
    const started = Date.now();
    const error = await failure(new DocPrinter(slow.uri, { pollMs: 50, timeoutMs: 400 }).printPdf(minimalPdf()));
    expect(error.code).toBe('DEVICE_TIMEOUT');
    expect(error.messageEn).toBe(`Device ${slow.uri} did not answer; check its cable.`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('nothing listening at the URI → PRINTER_UNREACHABLE in zh and en, fast', async () => {
    const uri = `ipp://localhost:${await freePort()}/ipp/print`;
    const started = Date.now();
    for (const call of [() => new DocPrinter(uri).attributes(), () => new DocPrinter(uri).printPdf(minimalPdf())]) {
      const error = await failure(call());
      expect(error.code).toBe('PRINTER_UNREACHABLE');
      expect(error.messageZh).toBe(`无法连接打印机 ${uri}。`);
      expect(error.messageEn).toBe(`The printer ${uri} cannot be reached.`);
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a URI that is not an IPP printer URI → PRINTER_UNREACHABLE, without leaking credentials into the message', async () => {
    const error = await failure(new DocPrinter('ftp://clerk:secret@localhost/print').attributes());
    expect(error.code).toBe('PRINTER_UNREACHABLE');
    expect(error.messageEn).not.toContain('secret');
  });
});
