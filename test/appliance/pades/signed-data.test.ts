import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as asn1js from 'asn1js';
import { ContentInfo, SignedData } from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../../../appliance/pades/algorithms.js';
import { readSigningCertificateV2 } from '../../../appliance/pades/signing-certificate-v2.js';
import { buildSignedData, encodeSignedData } from '../../../appliance/pades/signed-data.js';
import { tokenSigner } from '../../../drivers/pkcs11/seal-signer.js';
import { signatureAlgorithm } from '../../../drivers/pkcs11/signature-algorithms.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';
import { makeDevCa, type DevCa } from './helpers/dev-ca.js';
import { byteRangeDigest, embedCms, preparePdf } from './helpers/pdf-fixture.js';
import { makeSealKey, type SealKey } from './helpers/seal-keys.js';
import { tool } from './helpers/tools.js';

let fixture: TokenFixture;
let token: Token;
let ca: DevCa;
const keys: Record<string, SealKey> = {};

const CASES = [
  { name: 'ECDSA P-256', label: 'seal-p256', type: 'ec-p256', hash: 'sha256', algorithm: undefined, sigOid: OID.ecdsaSha256 },
  { name: 'ECDSA P-384', label: 'seal-p384', type: 'ec-p384', hash: 'sha384', algorithm: undefined, sigOid: OID.ecdsaSha384 },
  { name: 'RSA-2048 PKCS#1', label: 'seal-rsa', type: 'rsa-2048', hash: 'sha256', algorithm: 'rsa-pkcs1-sha256', sigOid: OID.sha256WithRsa },
  { name: 'RSA-2048 PSS', label: 'seal-rsa', type: 'rsa-2048', hash: 'sha256', algorithm: 'rsa-pss-sha256', sigOid: OID.rsaPss },
] as const;

beforeAll(async () => {
  [fixture, ca] = await Promise.all([openTokenFixture(['pades-bb']), makeDevCa()]);
  token = fixture.pkcs11.token({ label: 'pades-bb' });
  await token.login(USER_PIN);
  for (const c of CASES) keys[c.label] ??= await makeSealKey(token, ca, c.type, c.label);
});

afterAll(async () => {
  await fixture?.close();
  await ca?.close();
});

async function signPdf(c: (typeof CASES)[number]): Promise<{ pdf: Buffer; cms: Buffer; digest: Buffer; signedData: SignedData }> {
  const key = keys[c.label]!;
  const prepared = await preparePdf();
  const digest = byteRangeDigest(prepared, c.hash);
  const cms = await buildSignedData({
    digest,
    signerCertificate: key.certificate,
    chain: [ca.sealCaDer],
    signer: await tokenSigner(token, key.label, c.algorithm ? { algorithm: c.algorithm } : {}),
  });
  const signedData = new SignedData({ schema: ContentInfo.fromBER(cms).content });
  return { pdf: embedCms(prepared, cms), cms, digest, signedData };
}

describe.each(CASES)('PAdES B-B CMS, $name, signed on the token', (c) => {
  let signed: Awaited<ReturnType<typeof signPdf>>;
  beforeAll(async () => {
    signed = await signPdf(c);
  });

  it('has exactly the baseline structure: one SignerInfo, detached id-data, signer cert and chain inside', () => {
    const { signedData } = signed;
    expect(signedData.encapContentInfo.eContentType).toBe(OID.data);
    expect(signedData.encapContentInfo.eContent).toBeUndefined();
    expect(signedData.signerInfos).toHaveLength(1);
    const certs = (signedData.certificates ?? []).map((x) => Buffer.from((x as { toSchema(): asn1js.AsnType }).toSchema().toBER(false)));
    expect(certs.some((x) => x.equals(keys[c.label]!.certificate))).toBe(true);
    expect(certs.some((x) => x.equals(ca.sealCaDer))).toBe(true);
    const signer = signedData.signerInfos[0]!;
    expect(signer.digestAlgorithm.algorithmId).toBe(OID[c.hash]);
    expect(signer.signatureAlgorithm.algorithmId).toBe(c.sigOid);
    expect(signer.unsignedAttrs).toBeUndefined();
  });

  it('signs exactly content-type, message-digest and one signing-certificate-v2 — no signing-time', () => {
    const attributes = signed.signedData.signerInfos[0]!.signedAttrs!.attributes;
    expect(attributes.map((a) => a.type).sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    expect(attributes.find((a) => a.type === OID.signingTime)).toBeUndefined();
    // DER: the SET OF is in the order of the attributes' encodings (X.690 §11.6)
    const encodings = attributes.map((a) => Buffer.from(a.toSchema().toBER(false)).toString('hex'));
    expect(encodings).toEqual([...encodings].sort());
    const contentType = attributes.find((a) => a.type === OID.contentType)!.values[0] as asn1js.ObjectIdentifier;
    expect(contentType.valueBlock.toString()).toBe(OID.data);
    const messageDigest = attributes.find((a) => a.type === OID.messageDigest)!.values[0] as asn1js.OctetString;
    expect(Buffer.from(messageDigest.valueBlock.valueHexView).equals(signed.digest)).toBe(true);
    const essIds = readSigningCertificateV2(attributes.find((a) => a.type === OID.signingCertificateV2)!.values[0]!);
    expect(essIds).toHaveLength(1);
    expect(essIds[0]!.certHash.equals(createHash(c.hash).update(keys[c.label]!.certificate).digest())).toBe(true);
  });

  it('is written byte for byte as pkijs writes the same structure (DER, nothing lost)', () => {
    // buildSignedData writes the envelope itself; pkijs re-encoding what it parsed must give the same bytes
    expect(encodeSignedData(signed.signedData).equals(signed.cms)).toBe(true);
  });

  it('openssl cms -verify accepts it over the PDF’s byte ranges, chained to the test root', async () => {
    const dir = ca.dir;
    const tag = `${c.label}-${c.algorithm ?? 'default'}`;
    const range = extractRanges(signed.pdf);
    await writeFile(join(dir, `${tag}.cms`), signed.cms);
    await writeFile(join(dir, `${tag}.content`), range);
    const result = await tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', `${tag}.cms`, '-content', `${tag}.content`, '-CAfile', 'root.pem', '-purpose', 'any', '-out', '/dev/null'], dir);
    expect(result.output).toContain('Verification successful');
    expect(result.code).toBe(0);
  });

  it('pdfsig says the signature is valid, and the certificate trusted once the root is in its NSS db', async () => {
    const tag = `${c.label}-${c.algorithm ?? 'default'}`;
    const file = join(ca.dir, `${tag}.pdf`);
    await writeFile(file, signed.pdf);
    const untrusted = await tool('pdfsig', ['-nssdir', `sql:${await nssDb()}`, file], ca.dir);
    expect(untrusted.output).toContain('Signature Validation: Signature is Valid.');
    expect(untrusted.output).toContain('ETSI.CAdES.detached');
    expect(untrusted.output).not.toContain('Certificate is Trusted.');
    const trusted = await tool('pdfsig', ['-nssdir', `sql:${await nssDb(true)}`, file], ca.dir);
    expect(trusted.output).toContain('Signature Validation: Signature is Valid.');
    expect(trusted.output).toContain('Certificate Validation: Certificate is Trusted.');
  });
});

function extractRanges(pdf: Buffer): Buffer {
  const match = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.toString('latin1'))!;
  const [a, b, c, d] = match.slice(1, 5).map(Number) as [number, number, number, number];
  return Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
}

const dbs = new Map<boolean, Promise<string>>();
/** An NSS db for pdfsig: empty, or with the test root imported as a trusted CA (certutil -t CT,C,C). */
function nssDb(trustRoot = false): Promise<string> {
  let db = dbs.get(trustRoot);
  if (!db) {
    db = (async () => {
      const dir = join(ca.dir, trustRoot ? 'nss-trusted' : 'nss-empty');
      await tool('mkdir', ['-p', dir], ca.dir);
      const created = await tool('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password'], ca.dir);
      if (created.code !== 0) throw new Error(created.output);
      if (trustRoot) {
        const added = await tool('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'sealdesk-test-root', '-t', 'CT,C,C', '-i', ca.rootPemPath], ca.dir);
        if (added.code !== 0) throw new Error(added.output);
      }
      return dir;
    })();
    dbs.set(trustRoot, db);
  }
  return db;
}

describe('buildSignedData refuses what would make a bad signature', () => {
  it('a certificate that does not belong to the signing key: CERT_KEY_MISMATCH, nothing returned', async () => {
    const attempt = buildSignedData({
      digest: Buffer.alloc(32, 7),
      signerCertificate: keys['seal-p256']!.certificate,
      signer: await tokenSigner(token, 'seal-p384', { algorithm: 'ecdsa-sha256' }),
    });
    await expect(attempt).rejects.toMatchObject({ code: 'CERT_KEY_MISMATCH' });
  });

  it('a digest of the wrong length for the hash: INPUT_INVALID, the token is not asked', async () => {
    let asked = false;
    const attempt = buildSignedData({
      digest: Buffer.alloc(32, 7),
      signerCertificate: keys['seal-p384']!.certificate,
      signer: {
        algorithm: signatureAlgorithm('ecdsa-sha384'),
        keyId: 'never asked',
        signDigest: async () => {
          asked = true;
          return Buffer.alloc(0);
        },
        sign: async () => {
          asked = true;
          return Buffer.alloc(0);
        },
      },
    });
    await expect(attempt).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect(asked).toBe(false);
  });
});
