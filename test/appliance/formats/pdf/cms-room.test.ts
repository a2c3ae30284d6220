/**
 * The room a PDF reserves for its CMS, sized by the signer's certificates (cms-room.ts): the CMS
 * sealdesk builds always fits, for small EC chains and for long RSA-4096 chains with long
 * Chinese names, and a B-B seal of the usual shape reserves far less than the old 16 KB.
 */
import { createPrivateKey, sign, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { cmsRoom } from '../../../../appliance/formats/pdf/cms-room.js';
import { buildSignedData } from '../../../../appliance/pades/index.js';
import { DEFAULT_CONTENTS_SIZE } from '../../../../appliance/pdf/index.js';
import type { SealSigner } from '../../../../drivers/pkcs11/seal-signer.js';
import { HASHES, signatureAlgorithm } from '../../../../drivers/pkcs11/signature-algorithms.js';
import { softwareRsaSigner } from '../../../helpers/software-rsa-signer.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type Kind = 'p256' | 'rsa4096';
const ALGORITHMS = {
  p256: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
  rsa4096: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 4096 },
} as const;

/** A distinguished name of `rdns` attributes, each a long Chinese organisational unit. */
const longName = (cn: string, rdns: number) =>
  [`CN=${cn}`, ...Array.from({ length: rdns }, (_, i) => `OU=浙江省杭州市西湖区行政服务中心第${i + 1}窗口综合受理科`), 'O=浙江省人民政府办公厅', 'C=CN'].join(', ');

/** A chain of `depth` certificates (root last) of one key kind, and the leaf's private key. */
async function chainOf(kind: Kind, depth: number, rdns: number): Promise<{ chain: Buffer[]; key: KeyObject }> {
  const algorithm = ALGORITHMS[kind];
  const certs: x509.X509Certificate[] = [];
  let issuer: { name: string; keys: webcrypto.CryptoKeyPair } | undefined;
  let leafKeys: webcrypto.CryptoKeyPair | undefined;
  for (let level = depth - 1; level >= 0; level--) {
    const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const name = longName(level === 0 ? '行政审批专用章' : `印章 CA ${level}`, rdns);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: `0${level + 1}ffeeddccbbaa99887766554433221100`,
      subject: name,
      issuer: issuer?.name ?? name,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
      publicKey: keys.publicKey,
      signingKey: (issuer?.keys ?? keys).privateKey,
      signingAlgorithm: algorithm,
      extensions: level === 0 ? [new x509.KeyUsagesExtension(x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.digitalSignature, true)] : [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    certs.unshift(cert);
    issuer = { name, keys };
    leafKeys = keys;
  }
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', leafKeys!.privateKey));
  return { chain: certs.map((c) => Buffer.from(c.rawData)), key: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }) };
}

function softwareSigner(kind: Kind, key: KeyObject): SealSigner {
  if (kind === 'p256') {
    const algorithm = signatureAlgorithm('ecdsa-sha256');
    const signData = async (data: Uint8Array) => sign('sha256', data, { key, dsaEncoding: 'der' });
    return { algorithm, keyId: 'p256', signDigest: () => Promise.reject(new Error('not used')), sign: signData };
  }
  return softwareRsaSigner(key, 'rsa-pkcs1-sha512', 'rsa4096');
}

async function cmsFor(kind: Kind, chain: Buffer[], key: KeyObject): Promise<Buffer> {
  const signer = softwareSigner(kind, key);
  const digest = HASHES[signer.algorithm.hash].digest(Buffer.from('the byte ranges'));
  return buildSignedData({ digest, signerCertificate: chain[0]!, chain: chain.slice(1), signer });
}

describe('the room a PDF reserves for its CMS', () => {
  it('holds a P-256 seal and its CA with room to spare, in a quarter of the old 16 KB', async () => {
    const { chain, key } = await chainOf('p256', 2, 1);
    const cms = await cmsFor('p256', chain, key);
    const room = cmsRoom(chain, 'B-B');
    expect(cms.length).toBeLessThanOrEqual(room);
    expect(room).toBeLessThanOrEqual(DEFAULT_CONTENTS_SIZE / 4);
  });

  it('holds an RSA-4096 seal under two RSA-4096 CAs, every name twelve long Chinese attributes', { timeout: 60_000 }, async () => {
    const { chain, key } = await chainOf('rsa4096', 3, 10);
    const cms = await cmsFor('rsa4096', chain, key);
    const room = cmsRoom(chain, 'B-B');
    expect(chain.reduce((n, c) => n + c.length, 0)).toBeGreaterThan(4_000); // a long chain indeed
    expect(cms.length).toBeLessThanOrEqual(room);
    // and the signatures of every ECDSA length (DER r and s of 31 to 33 bytes) fit a P-256 chain's room
    const ec = await chainOf('p256', 1, 10);
    for (let i = 0; i < 32; i++) expect((await cmsFor('p256', ec.chain, ec.key)).length).toBeLessThanOrEqual(cmsRoom(ec.chain, 'B-B'));
  });

  it('keeps, from B-T on, the 16 KB a timestamp token was given, above what the chain needs', async () => {
    const { chain } = await chainOf('p256', 2, 1);
    for (const level of ['B-T', 'B-LT', 'B-LTA'] as const) {
      expect(cmsRoom(chain, level)).toBeGreaterThanOrEqual(DEFAULT_CONTENTS_SIZE);
      expect(cmsRoom(chain, level)).toBeGreaterThanOrEqual(cmsRoom(chain, 'B-B') + DEFAULT_CONTENTS_SIZE);
    }
  });
});
