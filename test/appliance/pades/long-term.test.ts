import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, type ParsedCertificate } from '../../../appliance/pades/certificates.js';
import { buildDocumentTimestamp } from '../../../appliance/pades/document-timestamp.js';
import { buildDssContent, vriKey, type DssContent } from '../../../appliance/pades/dss.js';
import { addSignatureTimestamp } from '../../../appliance/pades/signature-timestamp.js';
import { verifyPdfSignatures } from '../../../appliance/pades/verify/index.js';
import { startTsa, type Tsa } from '../../../simulator/tsa/tsa.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';
import { makeDevCa, type DevCa } from './helpers/dev-ca.js';
import { appendDssAndDocumentTimestamp, byteRangeDigest, embedCms, signatureEntries } from './helpers/pdf-fixture.js';
import { makeSealKey } from './helpers/seal-keys.js';
import { signFixturePdf, type SignedPdf } from './helpers/sign.js';
import { tool } from './helpers/tools.js';

let fixture: TokenFixture;
let ca: DevCa;
let tsa: Tsa;
let signed: SignedPdf;
let anchors: ParsedCertificate[];
let crls: Buffer[];
let dss: DssContent;

const sha256 = (der: Buffer): string => createHash('sha256').update(der).digest('hex');

beforeAll(async () => {
  [fixture, ca, tsa] = await Promise.all([openTokenFixture(['pades-lt']), makeDevCa(), startTsa()]);
  const token = fixture.pkcs11.token({ label: 'pades-lt' });
  await token.login(USER_PIN);
  const key = await makeSealKey(token, ca, 'ec-p256', 'seal');
  signed = await signFixturePdf(token, key, [ca.sealCaDer], { transform: (cms) => addSignatureTimestamp(cms, tsa.url) });
  const tsaRoot = parseCertificate(Buffer.from(tsa.caCertPem));
  anchors = [parseCertificate(ca.rootDer), tsaRoot];
  crls = await ca.crls();
  dss = buildDssContent({ signatures: [signed.cms], certificates: [ca.rootDer, tsaRoot.der], crls });
});

afterAll(async () => {
  await fixture?.close();
  await ca?.close();
  await tsa?.close();
});

describe('B-LT building block: DSS content', () => {
  it('holds the signer chain, the TSA chain and the CRLs, each once', () => {
    const held = dss.certificates.map(sha256);
    const subjects = dss.certificates.map((c) => parseCertificate(c).node.subject);
    expect(new Set(held).size).toBe(held.length);
    for (const expected of [ca.rootDer, ca.sealCaDer, parseCertificate(Buffer.from(tsa.tsaCertPem)).der]) expect(held).toContain(sha256(expected));
    expect(subjects.some((s) => s.includes('CN=行政审批专用章 seal'))).toBe(true);
    expect(dss.certificates).toHaveLength(5);
    expect(dss.crls).toEqual(crls);
    expect(buildDssContent({ signatures: [signed.cms, signed.cms], crls: [...crls, ...crls] }).crls).toHaveLength(2);
  });

  it('names the signature’s /VRI entry by the SHA-1 of its CMS, upper-case hex', () => {
    expect(vriKey(signed.cms)).toBe(createHash('sha1').update(signed.cms).digest('hex').toUpperCase());
    expect(vriKey(signed.cms)).toMatch(/^[0-9A-F]{40}$/);
  });

  it('a B-T signature with a complete DSS reaches B-LT; without the CRLs it stays B-T', () => {
    const entries = signatureEntries(signed.pdf);
    expect(verifyPdfSignatures(signed.pdf, entries, { trustAnchors: anchors, dss }).signatures[0]!.level).toBe('B-LT');
    const noCrls = verifyPdfSignatures(signed.pdf, entries, { trustAnchors: anchors, dss: { ...dss, crls: [] } });
    expect(noCrls.signatures[0]!.level).toBe('B-T');
  });
});

describe('B-LTA: DSS and a document timestamp in an incremental update', () => {
  let final: Buffer;

  beforeAll(async () => {
    const update = await appendDssAndDocumentTimestamp(signed.pdf, dss);
    const token = await buildDocumentTimestamp(byteRangeDigest(update), 'sha256', tsa.url);
    final = embedCms(update, token);
  });

  it('keeps the signed file as its prefix, and the signature reaches B-LTA under a valid document timestamp', () => {
    expect(final.subarray(0, signed.pdf.length).equals(signed.pdf)).toBe(true);
    const report = verifyPdfSignatures(final, signatureEntries(final), { trustAnchors: anchors, dss });
    expect(report.status).toBe('valid');
    expect(report.signatures.map((s) => [s.kind, s.status, s.level, s.coverage])).toEqual([
      ['signature', 'valid', 'B-LTA', 'appended-after'],
      ['document-timestamp', 'valid', null, 'whole-document'],
    ]);
    expect(report.signatures[1]!.signingTime.source).toBe('timestamp');
  });

  it('qpdf finds the update well formed, and pdfsig still finds the seal’s signature valid', async () => {
    const file = join(ca.dir, 'lta.pdf');
    await writeFile(file, final);
    const qpdf = await tool('qpdf', ['--check', file], ca.dir);
    expect(qpdf.output).toContain('No syntax or stream encoding errors found');
    // the DSS went into the update's catalog, as the PDF layer will place it
    const reloaded = await PDFDocument.load(final);
    const dssDict = reloaded.catalog.lookup(PDFName.of('DSS'), PDFDict);
    expect(dssDict.lookup(PDFName.of('Certs'), PDFArray).size()).toBe(5);
    expect(dssDict.lookup(PDFName.of('CRLs'), PDFArray).size()).toBe(2);
    const pdfsig = await tool('pdfsig', [file], ca.dir);
    expect(pdfsig.output).toMatch(/Signature #1:[\s\S]*?Signature Validation: Signature is Valid\./);
  });

  it('a changed byte in the update breaks the document timestamp but not the earlier signature', () => {
    const tampered = Buffer.from(final);
    const at = tampered.indexOf('/DocTimeStamp', signed.pdf.length, 'latin1');
    tampered.write('/DocTimeStamQ', at, 'latin1');
    const report = verifyPdfSignatures(tampered, signatureEntries(tampered), { trustAnchors: anchors, dss });
    expect(report.status).toBe('invalid');
    expect(report.signatures[0]).toMatchObject({ status: 'valid', level: 'B-LT' });
    expect(report.signatures[1]!.checks.find((c) => c.check === 'timestamp')?.error?.message_en).toContain('imprint mismatch');
  });
});
