import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../../appliance/pades/certificates.js';
import { reportText, verifyPdfSignatures } from '../../../appliance/pades/verify/index.js';
import { signatureEntries } from './helpers/pdf-fixture.js';
import { tool } from './helpers/tools.js';

// A signature made by another tool: poppler's pdfsig with an RSA key in an NSS db
// (protocols.md: pdfsig signs correctly only with RSA keys).
let dir: string;
let signed: Buffer;
let certificate: Buffer;

async function must(command: string, args: string[]): Promise<string> {
  const result = await tool(command, args, dir);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')}:\n${result.output}`);
  return result.output;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealdesk-interop-'));
  const db = `sql:${join(dir, 'nss')}`;
  await must('mkdir', ['nss']);
  await must('certutil', ['-N', '-d', db, '--empty-password']);
  await writeFile(join(dir, 'noise'), Buffer.alloc(2048, 'sealdesk'));
  await must('certutil', ['-S', '-d', db, '-n', 'peer', '-s', 'CN=Peer Signer,O=Other Office,C=CN', '-k', 'rsa', '-g', '2048', '-x', '-t', 'CT,C,C', '-v', '12', '-z', 'noise', '--keyUsage', 'digitalSignature,nonRepudiation,certSigning']);
  await must('certutil', ['-L', '-d', db, '-n', 'peer', '-r', '-o', 'peer.der']);
  certificate = await readFile(join(dir, 'peer.der'));

  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('signed elsewhere', { x: 72, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  await writeFile(join(dir, 'in.pdf'), await doc.save({ useObjectStreams: false }));
  await must('pdfsig', ['-nssdir', db, '-add-signature', '-nick', 'peer', '-new-signature-field-name', 'Peer', 'in.pdf', 'out.pdf']);
  signed = await readFile(join(dir, 'out.pdf'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verifying a signature made by pdfsig (adbe.pkcs7.detached, RSA, NSS)', () => {
  it('is valid with its certificate as the trust anchor, and is reported as not a PAdES baseline signature', () => {
    const report = verifyPdfSignatures(signed, signatureEntries(signed), { trustAnchors: [parseCertificate(certificate)] });
    expect(report.status).toBe('valid');
    const [signature] = report.signatures;
    expect(signature).toMatchObject({ subFilter: 'adbe.pkcs7.detached', level: null, coverage: 'whole-document' });
    expect(signature!.signer!.subject).toContain('CN=Peer Signer');
    expect(signature!.checks.find((c) => c.check === 'cms-structure')?.note).toMatch(/not PAdES baseline/);
    expect(reportText(report, 'en')).toContain('Signature 1: valid');
  });

  it('one changed byte in its signed range is caught', () => {
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('/Type /Page', 0, 'latin1');
    tampered.write('/Type /Pagf', at, 'latin1');
    const report = verifyPdfSignatures(tampered, signatureEntries(tampered), { trustAnchors: [parseCertificate(certificate)] });
    expect(report.status).toBe('invalid');
    expect(report.signatures[0]!.checks.find((c) => c.check === 'message-digest')?.error?.code).toBe('DIGEST_MISMATCH');
  });
});
