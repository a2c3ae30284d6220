/**
 * OFD verification on another implementation's files (ofdrw, and a vendor's e-invoice): every
 * signature's references, dataHash, SM2 signature and seal are checked, and a changed page file
 * or a changed Signature.xml makes the signature invalid, the file named.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDocument } from '../../../../appliance/formats/index.js';
import { parseCertificate, reportText, type VerificationReport } from '../../../../appliance/pades/index.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { ofdrwFile } from './interop-files.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('ofd-verify');
});

async function verify(path: string, anchors: Buffer[] = []): Promise<VerificationReport> {
  const doc = await openDocument(path);
  try {
    return await doc.verifySignatures({ trustAnchors: anchors.map((a) => parseCertificate(a)) });
  } finally {
    await doc.close();
  }
}

const statusOf = (report: VerificationReport, index: number) => Object.fromEntries(report.signatures[index]!.checks.map((c) => [`${c.check}:${c.error?.code ?? c.status}`, c.status]));

/** The package with one file's bytes changed (re-zipped by fflate: what a forger's tool would do). */
async function tampered(name: string, file: string, change: (data: Uint8Array) => Uint8Array): Promise<string> {
  const files = unzipSync(await readFile(ofdrwFile(name)));
  if (!files[file]) throw new Error(`${file} is not in ${name}`);
  files[file] = change(files[file]) as Uint8Array<ArrayBuffer>;
  const out = join(dir, `${file.replace(/\W/g, '_')}-${name}`);
  await writeFile(out, zipSync(files));
  return out;
}

/** A forger's edit: the first TextCode's X moved by a digit (the page still well-formed, the text elsewhere). */
const moveText = (data: Uint8Array): Uint8Array => {
  const copy = Buffer.from(data);
  const at = copy.indexOf('X="') + 3;
  copy[at] = copy[at] === 0x31 ? 0x32 : 0x31;
  return new Uint8Array(copy);
};
const addSpace = (data: Uint8Array): Uint8Array => new Uint8Array(Buffer.concat([Buffer.from(data), Buffer.from(' ')]));

describe('OFD signatures made elsewhere', () => {
  it('SESV4SignDoc.ofd (ofdrw): references, dataHash, the SM2 signature over TBS_Sign and the maker\'s signature all verify; its seal had expired when ofdrw stamped with it, and that is said', async () => {
    const report = await verify(ofdrwFile('SESV4SignDoc.ofd'));
    expect(report.signatures).toHaveLength(1);
    const s = report.signatures[0]!;
    expect(statusOf(report, 0)).toMatchObject({ 'references:passed': 'passed', 'data-hash:passed': 'passed', 'signature:passed': 'passed', 'seal:passed': 'passed' });
    expect(s.ofd).toMatchObject({
      signatureFile: 'Doc_0/Signs/Sign_0/Signature.xml',
      provider: 'ofdrw-sign',
      checkMethod: 'SM3',
      sesVersion: 4,
      seal: { name: 'OFD R&W 测试用印章', validEnd: '2022-04-22T02:09:00.000Z', picture: { type: 'PNG', widthMm: 40, heightMm: 40 } },
    });
    expect(s.ofd!.references.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    // ofdrw stamped on 2026-08-04 with a seal valid 2020-04-22 … 2022-04-22 and a certificate that ended 2022-04-21
    expect(s.checks.find((c) => c.check === 'seal-validity')).toMatchObject({ status: 'failed', error: { code: 'OFD_SEAL_INVALID' } });
    expect(s.checks.find((c) => c.check === 'validity')).toMatchObject({ status: 'failed', error: { code: 'CERT_NOT_VALID_AT_TIME' } });
  });

  it('v4signed.ofd (a vendor\'s e-invoice, gomain_eseal): every check verifies, the CheckMethod written as the OID', async () => {
    const report = await verify(ofdrwFile('v4signed.ofd'));
    expect(report.signatures).toHaveLength(1);
    const s = report.signatures[0]!;
    expect(s.ofd).toMatchObject({ provider: 'gomain_eseal', checkMethod: '1.2.156.10197.1.401', sesVersion: 4 });
    expect(s.ofd!.references).toHaveLength(13);
    expect(statusOf(report, 0)).toMatchObject({ 'references:passed': 'passed', 'data-hash:passed': 'passed', 'signature:passed': 'passed', 'seal:passed': 'passed', 'seal-validity:passed': 'passed' });
    expect(s.signer?.subject).toBeTruthy();
  });

  for (const [name, page] of [
    ['SESV4SignDoc.ofd', 'Doc_0/Pages/Page_0/Content.xml'],
    ['v4signed.ofd', 'Doc_0/Pages/Page_0/Content.xml'],
  ] as const) {
    it(`${name}: a changed byte in the page file makes the signature invalid, the file named (zh and en)`, async () => {
      const report = await verify(await tampered(name, page, moveText));
      expect(report.status).toBe('invalid');
      const s = report.signatures[0]!;
      expect(s.checks.find((c) => c.check === 'references')).toMatchObject({ status: 'failed', error: { code: 'OFD_REFERENCE_MISMATCH', details: { file: `/${page}` } } });
      expect(s.ofd!.references.find((r) => r.file === `/${page}`)?.status).toBe('changed');
      // the rest still holds: only the page changed
      expect(statusOf(report, 0)).toMatchObject({ 'data-hash:passed': 'passed', 'signature:passed': 'passed' });
      expect(reportText(report, 'en')).toContain(`The file /${page} that the signature protects was changed`);
      expect(reportText(report, 'zh')).toContain(`签名保护的文件 /${page} 已被修改`);
    });

    it(`${name}: a changed Signature.xml makes the signature invalid (dataHash), named`, async () => {
      const report = await verify(await tampered(name, 'Doc_0/Signs/Sign_0/Signature.xml', addSpace));
      expect(report.status).toBe('invalid');
      expect(report.signatures[0]!.checks.find((c) => c.check === 'data-hash')).toMatchObject({
        status: 'failed',
        error: { code: 'OFD_DATA_HASH_MISMATCH', details: { file: '/Doc_0/Signs/Sign_0/Signature.xml' } },
      });
      expect(reportText(report, 'en')).toContain('The signature description /Doc_0/Signs/Sign_0/Signature.xml was changed');
    });
  }

  it('signedFile.ofd, DigitalSign.ofd, allprotected.ofd, keyword.ofd: what each holds, and a precise typed reason where it cannot be verified', async () => {
    const held: Record<string, unknown> = {};
    for (const name of ['signedFile.ofd', 'DigitalSign.ofd', 'allprotected.ofd', 'keyword.ofd', 'VPage7.ofd']) {
      const report = await verify(ofdrwFile(name));
      held[name] = report.signatures.map((s) => ({
        type: s.ofd?.type,
        provider: s.ofd?.provider,
        references: s.ofd?.references.length,
        problems: s.checks.filter((c) => c.status !== 'passed').map((c) => `${c.check}:${c.error?.code ?? c.status}`),
      }));
    }
    // gomain_eseal's and ofdrw's e-seals: everything verifies; their makers' roots are not this terminal's anchors
    expect(held['signedFile.ofd']).toEqual([{ type: 'Seal', provider: 'gomain_eseal', references: 13, problems: ['chain:CERT_UNTRUSTED'] }]);
    // ofdrw's "all protected" mode: Signatures.xml itself is among the references, and still matches
    expect(held['allprotected.ofd']).toEqual([{ type: 'Seal', provider: 'ofdrw-sign', references: 6, problems: ['chain:CERT_UNTRUSTED'] }]);
    // keyword.ofd was edited after it was signed (ofdrw reused it for its keyword tests): three files changed, each named
    const keyword = held['keyword.ofd'] as { problems: string[] }[];
    expect(keyword[0]!.problems.filter((p) => p === 'references:OFD_REFERENCE_MISMATCH')).toHaveLength(3);
    expect(keyword[1]).toMatchObject({ type: 'Sign', problems: expect.arrayContaining(['signature:OFD_SIGNATURE_TYPE_UNSUPPORTED']) as string[] });
    // DigitalSign.ofd: Type="Sign", its SignedValue a bare SM2 signature without the certificate — not an e-seal
    expect(held['DigitalSign.ofd']).toEqual([expect.objectContaining({ type: 'Sign', problems: ['signature:OFD_SIGNATURE_TYPE_UNSUPPORTED'] })]);
    expect(held['VPage7.ofd']).toEqual([]);
  });
});
