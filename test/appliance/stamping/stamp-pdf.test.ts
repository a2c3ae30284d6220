/**
 * The clerk's stamp end to end on a real SoftHSM token with the dev CA: PAdES B-B with a
 * visible seal and QR code, checked by sealdesk's verifier and by pdfsig, qpdf and openssl.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stampPdf, type StampResult } from '../../../appliance/stamping/index.js';
import { verifyPdf } from '../../../appliance/verification/index.js';
import { stampSignatureDigest } from '../../../appliance/ledger/stamp-index.js';
import type { Seal } from '../../../appliance/seals/seal.js';
import { pdfLibDocument, qpdfCheck, run } from '../pdf/make-pdf.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { decodeQr } from './helpers/qr-decode.js';
import { openSealFixture, type SealFixture } from './helpers/seal-fixture.js';
import { nssWithRoot, opensslVerify, pdfsig } from './helpers/validators.js';

let f: SealFixture;
let dir: string;
let nss: string;
let seals: Seal[];
let input: string;
let once: string;
let first: StampResult;
const position = { kind: 'position', page: 1, x: 100, y: 200, size: 119 } as const;

beforeAll(async () => {
  f = await openSealFixture();
  dir = await tempDir('stamp');
  seals = [await f.seal('行政审批专用章'), await f.seal('合同专用章', 'contract'), await f.seal('公章', 'official')];
  await f.token.logout();
  nss = await nssWithRoot(dir, f.rootPem);
  input = await pdfLibDocument(dir, 'in.pdf', 1);
  once = join(dir, 'once.pdf');
  first = await stampPdf(f.context, { input, output: once, sealId: seals[0]!.id, placement: position });
}, 60_000);

describe('stampPdf, B-B, one seal', () => {
  it('keeps the input as the prefix and returns the seal event facts', async () => {
    const [before, after] = await Promise.all([readFile(input), readFile(once)]);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(first).toMatchObject({ output: once, sealId: seals[0]!.id, level: 'B-B', page: 1, documentHash: createHash('sha256').update(before).digest('hex') });
    expect(first.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.signerCertificateSha256).toBe(createHash('sha256').update(seals[0]!.certificateChain[0]!).digest('hex'));
    // the stamp index's key comes from the stamp: the same digest a reader of the output finds
    expect(first.signatureSha256).toBe(await stampSignatureDigest(once));
  });

  it('passes pdfsig (valid, certificate trusted), qpdf --check and openssl cms -verify', async () => {
    const verdict = await pdfsig(nss, once);
    expect(verdict.signatures).toEqual(['Signature is Valid.']);
    expect(verdict.certificates).toEqual(['Certificate is Trusted.']);
    expect(verdict.output).toContain('ETSI.CAdES.detached');
    expect((await qpdfCheck(once)).ok).toBe(true);
    expect(await opensslVerify(dir, once, 0, f.rootPem)).toBe('CMS Verification successful');
  });

  it('verifies in sealdesk with the seal named, B-B reached', async () => {
    const report = await verifyPdf(once, { home: f.fx.home });
    expect(report.status).toBe('valid');
    expect(report.signatures[0]).toMatchObject({ level: 'B-B', coverage: 'whole-document', seal: { id: seals[0]!.id, name: '行政审批专用章', statusAtSigning: 'active' } });
  });

  it('shows a QR code that decodes to the verification URL with the document hash and event id', async () => {
    const text = await decodeQr(dir, once, 1, 842, [100, 200, 100 + 119 + 4 + 72, 200 + 119]);
    expect(text).toBe(`https://verify.hall.example.cn/v?doc=${first.documentHash}&event=${first.eventId}`);
  });

  it('a changed byte in the signed range makes it invalid', async () => {
    const bytes = await readFile(once);
    // one digit of the input's /ModDate, well inside the first signed range
    const at = bytes.indexOf('/ModDate (D:2', 0, 'latin1') + '/ModDate (D:2'.length;
    expect(at).toBeGreaterThan(20);
    bytes[at] = bytes[at] === 0x39 ? 0x38 : bytes[at]! + 1;
    const tampered = join(dir, 'tampered.pdf');
    await writeFile(tampered, bytes);
    const report = await verifyPdf(tampered, { home: f.fx.home });
    expect(report.status).toBe('invalid');
    expect(report.signatures[0]!.checks.find((c) => c.check === 'message-digest')?.error?.code).toBe('DIGEST_MISMATCH');
  });
});

describe('three seals one after another', () => {
  it('all three verify in sealdesk and in pdfsig; the QR codes differ', async () => {
    const twice = join(dir, 'twice.pdf');
    const thrice = join(dir, 'thrice.pdf');
    const second = await stampPdf(f.context, { input: once, output: twice, sealId: seals[1]!.id, placement: { ...position, y: 400 } });
    await stampPdf(f.context, { input: twice, output: thrice, sealId: seals[2]!.id, placement: { ...position, y: 600 }, qr: false });
    expect(second.eventId).not.toBe(first.eventId);
    const verdict = await pdfsig(nss, thrice);
    expect(verdict.signatures).toEqual(['Signature is Valid.', 'Signature is Valid.', 'Signature is Valid.']);
    const report = await verifyPdf(thrice, { home: f.fx.home });
    expect(report.status).toBe('valid');
    expect(report.signatures.map((s) => s.seal?.name)).toEqual(['行政审批专用章', '合同专用章', '公章']);
    expect(report.signatures.map((s) => s.modifications?.updates)).toEqual([['signature', 'signature'], ['signature'], undefined]);
    expect((await qpdfCheck(thrice)).ok).toBe(true);
  }, 30_000);
});

describe('a document signed first by another tool (pdfsig, RSA, NSS)', () => {
  it('then stamped by sealdesk: both signatures verify in sealdesk and in pdfsig', async () => {
    await writeFile(join(dir, 'noise'), randomBytes(64));
    // pdfsig signs correctly only with RSA (protocols.md); the peer's self-signed certificate is trusted in the same db
    await run('certutil', ['-S', '-k', 'rsa', '-g', '2048', '-x', '-n', 'peer', '-s', 'CN=Peer Signer,O=Other Office', '-t', 'CT,C,C', '-d', nss, '-z', join(dir, 'noise')]);
    await run('certutil', ['-L', '-d', nss, '-n', 'peer', '-a', '-o', join(dir, 'peer.pem')]);
    const peerSigned = join(dir, 'peer-signed.pdf');
    await run('pdfsig', ['-add-signature', '-nssdir', nss, '-nick', 'peer', input, peerSigned]);
    const output = join(dir, 'peer-then-seal.pdf');
    await stampPdf(f.context, { input: peerSigned, output, sealId: seals[0]!.id, placement: position });
    expect((await pdfsig(nss, output)).signatures).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    const report = await verifyPdf(output, { home: f.fx.home, trustAnchors: [join(dir, 'peer.pem')] });
    expect(report.status).toBe('valid');
    expect(report.signatures.map((s) => [s.subFilter, s.status])).toEqual([
      ['adbe.pkcs7.detached', 'valid'],
      ['ETSI.CAdES.detached', 'valid'],
    ]);
    expect(report.signatures[0]!.modifications).toEqual({ updates: ['signature'], allowed: true });
  }, 30_000);
});
