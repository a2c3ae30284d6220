import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { Attribute, SignedAndUnsignedAttributes } from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../../../appliance/pades/algorithms.js';
import { parseCertificate, type ParsedCertificate } from '../../../appliance/pades/certificates.js';
import { addSignatureTimestamp } from '../../../appliance/pades/signature-timestamp.js';
import { decodeSignedData, encodeSignedData } from '../../../appliance/pades/signed-data.js';
import { requestTimestamp } from '../../../appliance/pades/timestamp-request.js';
import { loadTrustAnchors, reportText, verifyPdfSignatures } from '../../../appliance/pades/verify/index.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { startTsa, type Tsa } from '../../../simulator/tsa/tsa.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';
import { makeDevCa, type DevCa } from './helpers/dev-ca.js';
import { signatureEntries } from './helpers/pdf-fixture.js';
import { makeSealKey, type SealKey } from './helpers/seal-keys.js';
import { signFixturePdf } from './helpers/sign.js';
import { tool } from './helpers/tools.js';
import { failure } from '../../helpers/failure.js';

let fixture: TokenFixture;
let token: Token;
let ca: DevCa;
let tsa: Tsa;
let key: SealKey;
let anchors: ParsedCertificate[];

beforeAll(async () => {
  [fixture, ca, tsa] = await Promise.all([openTokenFixture(['pades-bt']), makeDevCa(), startTsa()]);
  token = fixture.pkcs11.token({ label: 'pades-bt' });
  await token.login(USER_PIN);
  key = await makeSealKey(token, ca, 'ec-p256', 'seal');
  await writeFile(join(ca.dir, 'tsa-root.pem'), tsa.caCertPem);
  anchors = [...(await loadTrustAnchors([ca.rootPemPath])), parseCertificate(Buffer.from(tsa.caCertPem))];
});

afterAll(async () => {
  await fixture?.close();
  await ca?.close();
  await tsa?.close();
});


describe('RFC 3161 client against the simulator TSA', () => {
  it('gets a token for the digest, stamped now', async () => {
    const digest = createHash('sha256').update('document').digest();
    const before = Date.now();
    const reply = await requestTimestamp(tsa.url, digest, 'sha256');
    expect(Math.abs(reply.genTime.getTime() - before)).toBeLessThan(10_000);
    expect(Buffer.from(reply.parsed.tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView).equals(digest)).toBe(true);
    // openssl agrees the token is for this digest and signed by the TSA the root certifies
    await writeFile(join(ca.dir, 'client.tst'), reply.token);
    const verified = await tool('openssl', ['ts', '-verify', '-digest', digest.toString('hex'), '-token_in', '-in', 'client.tst', '-CAfile', 'tsa-root.pem'], ca.dir);
    expect(verified.output).toContain('Verification: OK');
  });

  it('a TSA that is down is TSA_UNREACHABLE, with the URL for the clerk', async () => {
    const gone = await startTsa();
    await gone.close();
    const error = await failure(requestTimestamp(gone.url, Buffer.alloc(32, 1), 'sha256'));
    expect(error.code).toBe('TSA_UNREACHABLE');
    expect(error.messageZh).toContain(gone.url);
  });

  it('a TSA that refuses the hash is TSA_REJECTED, and so is a server that is not a TSA', async () => {
    const strict = await startTsa({ digests: ['sha512'] });
    try {
      const error = await failure(requestTimestamp(strict.url, Buffer.alloc(32, 1), 'sha256'));
      expect(error.code).toBe('TSA_REJECTED');
      expect(error.message).toContain('rejection');
    } finally {
      await strict.close();
    }
    const web = createServer((_request, response) => response.writeHead(404).end('not here'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const error = await failure(requestTimestamp(`http://127.0.0.1:${(web.address() as AddressInfo).port}/`, Buffer.alloc(32, 1), 'sha256'));
      expect(error.code).toBe('TSA_REJECTED');
      expect(error.message).toContain('HTTP 404');
    } finally {
      web.close();
    }
  });
});

describe('PAdES B-T', () => {
  let pdf: Buffer;
  let cms: Buffer;

  beforeAll(async () => {
    const signed = await signFixturePdf(token, key, [ca.sealCaDer], { transform: (built) => addSignatureTimestamp(built, tsa.url) });
    pdf = signed.pdf;
    cms = signed.cms;
  });

  it('carries one signatureTimeStampToken over the signature value, and the signed attributes are untouched', () => {
    const info = decodeSignedData(cms).signerInfos[0]!;
    const unsigned = info.unsignedAttrs?.attributes ?? [];
    expect(unsigned.map((a) => a.type)).toEqual([OID.signatureTimeStampToken]);
    expect(info.signedAttrs!.attributes.map((a) => a.type).sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
  });

  it('verifies as B-T with the timestamp as the signing time', () => {
    const report = verifyPdfSignatures(pdf, signatureEntries(pdf), { trustAnchors: anchors });
    expect(report.status).toBe('valid');
    const [signature] = report.signatures;
    expect(signature!.level).toBe('B-T');
    expect(signature!.signingTime.source).toBe('timestamp');
    expect(signature!.checks.find((c) => c.check === 'timestamp')).toMatchObject({ status: 'passed' });
    expect(reportText(report, 'zh')).toContain('（可信时间戳）');
  });

  it('openssl cms -verify and pdfsig still accept it', async () => {
    const [a, b, c, d] = signatureEntries(pdf)[0]!.byteRange;
    await writeFile(join(ca.dir, 'bt.content'), Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]));
    await writeFile(join(ca.dir, 'bt.cms'), cms);
    await writeFile(join(ca.dir, 'bt.pdf'), pdf);
    const openssl = await tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'bt.cms', '-content', 'bt.content', '-CAfile', 'root.pem', '-purpose', 'any', '-out', '/dev/null'], ca.dir);
    expect(openssl.output).toContain('Verification successful');
    const pdfsig = await tool('pdfsig', ['bt.pdf'], ca.dir);
    expect(pdfsig.output).toContain('Signature Validation: Signature is Valid.');
  });

  it('without the TSA root as an anchor the timestamp cannot be confirmed, and the level stays below B-T', () => {
    const report = verifyPdfSignatures(pdf, signatureEntries(pdf), { trustAnchors: anchors.slice(0, 1) });
    const [signature] = report.signatures;
    expect(signature!.checks.find((c) => c.check === 'timestamp')).toMatchObject({ status: 'indeterminate', error: { code: 'TIMESTAMP_INVALID' } });
    expect(report.status).toBe('indeterminate');
    expect(signature!.level).toBe('B-B');
  });

  it('a genuine token for other data, put in as the signature timestamp, is caught', async () => {
    const other = await requestTimestamp(tsa.url, createHash('sha256').update('something else').digest(), 'sha256');
    const forged = await signFixturePdf(token, key, [ca.sealCaDer], {
      transform: (built) => {
        const signedData = decodeSignedData(built);
        signedData.signerInfos[0]!.unsignedAttrs = new SignedAndUnsignedAttributes({
          type: 1,
          attributes: [new Attribute({ type: OID.signatureTimeStampToken, values: [asn1js.fromBER(other.token).result] })],
        });
        return encodeSignedData(signedData);
      },
    });
    const report = verifyPdfSignatures(forged.pdf, signatureEntries(forged.pdf), { trustAnchors: anchors });
    expect(report.status).toBe('invalid');
    expect(report.signatures[0]!.checks.find((c) => c.check === 'timestamp')?.error?.message_en).toContain('imprint mismatch');
  });
});
