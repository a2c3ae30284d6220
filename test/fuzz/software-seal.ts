import { createPrivateKey, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { SealSigner } from '../../drivers/pkcs11/seal-signer.js';
import { softwareRsaSigner } from '../helpers/software-rsa-signer.js';

export interface SoftwareSeal {
  certificate: Buffer;
  signer: SealSigner;
}

/**
 * A throwaway RSA key in memory and its self-signed certificate, to sign the corpus's signed base
 * without a token: PKCS#1 v1.5 over the digest the CMS code hands over. The generator stays
 * runnable alone; verify still parses the CMS, checks digest and signature, then finds the
 * certificate untrusted.
 */
export async function softwareSeal(): Promise<SoftwareSeal> {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=fuzz corpus seal, O=sealdesk test, C=CN',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2036-01-01T00:00:00Z'),
    keys,
    signingAlgorithm: algorithm,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return { certificate: Buffer.from(cert.rawData), signer: softwareRsaSigner(key, 'rsa-pkcs1-sha256', 'fuzz corpus seal') };
}
