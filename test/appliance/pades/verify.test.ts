import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { Certificate, IssuerAndSerialNumber } from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../../appliance/pades/certificates.js';
import { decodeSignedData, encodeSignedData } from '../../../appliance/pades/signed-data.js';
import { loadTrustAnchors, reportText, verifyPdfSignatures, type VerificationReport } from '../../../appliance/pades/verify/index.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';
import { makeDevCa, type DevCa } from './helpers/dev-ca.js';
import { signatureEntries } from './helpers/pdf-fixture.js';
import { makeSealKey, type SealKey } from './helpers/seal-keys.js';
import { signFixturePdf, type SignedPdf } from './helpers/sign.js';
import { tool } from './helpers/tools.js';

let fixture: TokenFixture;
let token: Token;
let ca: DevCa;
let key: SealKey;
let good: SignedPdf;
let anchors: Awaited<ReturnType<typeof loadTrustAnchors>>;

beforeAll(async () => {
  [fixture, ca] = await Promise.all([openTokenFixture(['pades-verify']), makeDevCa()]);
  token = fixture.pkcs11.token({ label: 'pades-verify' });
  await token.login(USER_PIN);
  key = await makeSealKey(token, ca, 'ec-p256', 'seal');
  good = await signFixturePdf(token, key, [ca.sealCaDer]);
  anchors = await loadTrustAnchors([ca.rootPemPath]);
});

afterAll(async () => {
  await fixture?.close();
  await ca?.close();
});

function verify(file: Buffer, options: Partial<Parameters<typeof verifyPdfSignatures>[2]> = {}): VerificationReport {
  return verifyPdfSignatures(file, signatureEntries(file), { trustAnchors: anchors, ...options });
}

function codes(report: VerificationReport): string[] {
  return report.signatures.flatMap((s) => s.checks.flatMap((c) => (c.error ? [c.error.code] : [])));
}

describe('verifying a sealdesk B-B signature', () => {
  it('a good signature is valid, covers the whole file, reaches B-B and names the signer', () => {
    const report = verify(good.pdf);
    expect(report.status).toBe('valid');
    const [signature] = report.signatures;
    expect(signature).toMatchObject({ kind: 'signature', status: 'valid', level: 'B-B', coverage: 'whole-document', appendedBytes: 0 });
    expect(signature!.signer!.subject).toContain('CN=行政审批专用章 seal');
    expect(signature!.signer!.sha256).toBe(parseCertificate(key.certificate).node.fingerprint256.replace(/:/g, '').toLowerCase());
    expect(signature!.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(signature!.checks.find((c) => c.check === 'chain')?.status).toBe('passed');
    // JSON round trip: the report is what `verify --json` prints
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('reads for a clerk in Chinese and English', () => {
    const report = verify(good.pdf);
    const zh = reportText(report, 'zh');
    expect(zh).toContain('签名 1：有效 — PAdES B-B');
    expect(zh).toContain('签名覆盖整个文件');
    expect(zh).toContain('结论：全部签名有效');
    expect(reportText(report, 'en')).toContain('Result: every signature is valid.');
  });

  it('one changed byte in the signed range is caught — by us, by openssl and by pdfsig', async () => {
    const tampered = Buffer.from(good.pdf);
    const at = tampered.indexOf('sealdesk test document', 0, 'latin1');
    // the page text sits in a Flate stream; change a byte of the header comment instead when it is not visible
    const position = at >= 0 ? at : 10;
    tampered[position] = tampered[position]! ^ 0x01;
    const report = verify(tampered);
    expect(report.status).toBe('invalid');
    expect(codes(report)).toContain('DIGEST_MISMATCH');
    expect(reportText(report, 'zh')).toContain('文件在签章后被修改过');

    const [a, b, c, d] = signatureEntries(tampered)[0]!.byteRange;
    await writeFile(join(ca.dir, 'tampered.content'), Buffer.concat([tampered.subarray(a, a + b), tampered.subarray(c, c + d)]));
    await writeFile(join(ca.dir, 'tampered.cms'), good.cms);
    const openssl = await tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'tampered.cms', '-content', 'tampered.content', '-CAfile', 'root.pem', '-purpose', 'any', '-out', '/dev/null'], ca.dir);
    expect(openssl.code).not.toBe(0);
    expect(openssl.output).toMatch(/content verify error/); // the message-digest no longer matches

    const file = join(ca.dir, 'tampered.pdf');
    await writeFile(file, tampered);
    expect((await tool('pdfsig', [file], ca.dir)).output).not.toContain('Signature is Valid.');
  });

  it('a changed signature value is caught', async () => {
    const altered = await signFixturePdf(token, key, [ca.sealCaDer], {
      transform: (cms) => {
        const signedData = decodeSignedData(cms);
        const info = signedData.signerInfos[0]!;
        const value = Buffer.from(info.signature.valueBlock.valueHexView);
        value[value.length - 3]! ^= 0x40;
        info.signature = new asn1js.OctetString({ valueHex: value });
        return encodeSignedData(signedData);
      },
    });
    const report = verify(altered.pdf);
    expect(report.status).toBe('invalid');
    expect(codes(report)).toEqual(['SIGNATURE_INVALID']);
  });

  it('a certificate swapped for another one of the same key is caught by signing-certificate-v2', async () => {
    // a second certificate for the same token key: the signature still verifies with its key
    const other = await ca.issue(await token.certificateRequest('seal', 'CN=其他单位, O=Other, C=CN'), 'seal-other');
    const swapped = await signFixturePdf(token, key, [ca.sealCaDer], {
      transform: (cms) => {
        const signedData = decodeSignedData(cms);
        const otherCert = Certificate.fromBER(other.der);
        signedData.certificates = [otherCert, Certificate.fromBER(ca.sealCaDer)];
        signedData.signerInfos[0]!.sid = new IssuerAndSerialNumber({ issuer: otherCert.issuer, serialNumber: otherCert.serialNumber });
        return encodeSignedData(signedData);
      },
    });
    const report = verify(swapped.pdf);
    expect(report.signatures[0]!.checks.find((c) => c.check === 'signature')?.status).toBe('passed');
    expect(codes(report)).toEqual(['SIGNING_CERT_MISMATCH']);
    expect(report.status).toBe('invalid');
  });

  it('bytes appended after the signature are reported, and the signed part stays valid', () => {
    const appended = Buffer.concat([good.pdf, Buffer.from('\n% a later incremental update\n', 'latin1')]);
    const [signature] = verify(appended).signatures;
    expect(signature).toMatchObject({ status: 'valid', coverage: 'appended-after', appendedBytes: 30 });
    expect(reportText(verify(appended), 'en')).toContain('30 bytes were appended after this signature');
  });

  it('a ByteRange that leaves out more than /Contents is refused', () => {
    const entry = signatureEntries(good.pdf)[0]!;
    const report = verifyPdfSignatures(good.pdf, [{ ...entry, byteRange: [0, entry.byteRange[1] - 40, entry.byteRange[2], entry.byteRange[3]] }], { trustAnchors: anchors });
    expect(codes(report)).toEqual(['BYTE_RANGE_INVALID']);
    const short = verifyPdfSignatures(good.pdf, [{ ...entry, byteRange: [0, entry.byteRange[1], entry.byteRange[2], entry.byteRange[3] + 1] }], { trustAnchors: anchors });
    expect(codes(short)).toEqual(['BYTE_RANGE_INVALID']);
  });

  it('without the root as a trust anchor the signature cannot be confirmed', async () => {
    const stranger = await makeDevCa();
    try {
      const report = verify(good.pdf, { trustAnchors: await loadTrustAnchors([stranger.rootPemPath]) });
      expect(report.status).toBe('indeterminate');
      expect(codes(report)).toEqual(['CERT_UNTRUSTED']);
      expect(report.signatures[0]!.level).toBe('B-B');
    } finally {
      await stranger.close();
    }
  });

  it('a claimed signing time outside the certificate’s validity is invalid', () => {
    const entries = signatureEntries(good.pdf).map((e) => ({ ...e, claimedTime: new Date('2020-01-01T00:00:00Z') }));
    const report = verifyPdfSignatures(good.pdf, entries, { trustAnchors: anchors });
    expect(codes(report)).toEqual(['CERT_NOT_VALID_AT_TIME']);
    expect(report.signatures[0]!.signingTime).toMatchObject({ source: 'claimed', claimed: '2020-01-01T00:00:00.000Z' });
  });

  it('revocation: a good CRL passes, a CRL listing the seal certificate makes the signature invalid', async () => {
    const goodCrls = await ca.crls();
    expect(verify(good.pdf, { crls: goodCrls }).signatures[0]!.checks.find((c) => c.check === 'revocation')?.status).toBe('passed');
    expect(verify(good.pdf).signatures[0]!.checks.find((c) => c.check === 'revocation')?.status).toBe('skipped');

    const revokedKey = await makeSealKey(token, ca, 'ec-p256', 'seal-revoked');
    const signed = await signFixturePdf(token, revokedKey, [ca.sealCaDer]);
    await ca.revoke(revokedKey.certificatePemPath);
    const report = verify(signed.pdf, { crls: await ca.crls() });
    expect(report.status).toBe('invalid');
    expect(codes(report)).toEqual(['CERT_REVOKED']);
    expect(reportText(report, 'zh')).toContain('已于');
    // a CRL from another CA says nothing about this certificate
    const stranger = await makeDevCa();
    try {
      expect(verify(signed.pdf, { crls: await stranger.crls() }).status).toBe('valid');
    } finally {
      await stranger.close();
    }
  });
});
