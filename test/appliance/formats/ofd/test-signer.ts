import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sm2 } from 'sm-crypto-v2';
import { fromPem } from '../../../../drivers/pkcs11/pem.js';
import type { SealSigner } from '../../../../drivers/pkcs11/seal-signer.js';
import { DEFAULT_SM2_ID, sm2Digest } from '../../../../drivers/pkcs11/sm2.js';
import { openDocument, type DocumentSigner } from '../../../../appliance/formats/index.js';
import { parseCertificate, type VerificationReport } from '../../../../appliance/pades/index.js';
import { ofdrwFile } from './interop-files.js';

export interface TestSm2Key {
  signer: DocumentSigner;
  /** PEM files, for OpenSSL's independent checks. */
  keyPem: string;
  certPem: string;
  certDer: Buffer;
  publicKey: Buffer;
}

/**
 * A stand-in for an SM2 token key until token SM2 signing lands: ofdrw's USER.p12 (password 777777)
 * extracted with OpenSSL, signing with sm-crypto-v2 (SM3 with Z and GM/T 0009's ID, DER). Tests only.
 */
export function ofdrwUserKey(dir: string): TestSm2Key {
  const pem = join(dir, 'user.pem');
  execFileSync('openssl', ['pkcs12', '-legacy', '-nodes', '-in', ofdrwFile('USER.p12'), '-passin', 'pass:777777', '-out', pem]);
  const keyPem = join(dir, 'user-key.pem');
  const certPem = join(dir, 'user-cert.pem');
  writeFileSync(keyPem, execFileSync('openssl', ['pkey', '-in', pem]));
  writeFileSync(certPem, execFileSync('openssl', ['x509', '-in', pem]));
  const text = execFileSync('openssl', ['pkey', '-in', keyPem, '-text', '-noout']).toString();
  // `openssl pkey -text`: "priv:" and "pub:" each followed by indented hex lines
  const fields = new Map<string, string>();
  for (const m of text.matchAll(/^(\w+):\n((?:[ \t]+[0-9a-f:]+\n)+)/gm)) fields.set(m[1]!, m[2]!.replace(/[\s:]/g, ''));
  const privateKey = fields.get('priv')!.replace(/^00(?=[0-9a-f]{64}$)/, '');
  const publicKey = Buffer.from(fields.get('pub')!, 'hex');
  const certDer = fromPem(readFileSync(certPem), 'CERTIFICATE');
  const key = {
    algorithm: { id: 'sm2-sm3' },
    keyId: 'ofdrw/USER.p12',
    signDigest: (digest: Buffer) => Promise.resolve(Buffer.from(sm2.doSignature(digest, privateKey, { hash: false, der: true }), 'hex')),
    sign: (data: Uint8Array) => Promise.resolve(Buffer.from(sm2.doSignature(sm2Digest(data, publicKey, DEFAULT_SM2_ID), privateKey, { hash: false, der: true }), 'hex')),
  } as unknown as SealSigner;
  return { signer: { certificateChain: [certDer], key }, keyPem, certPem, certDer, publicKey };
}

/** The certificate's validity (2020-04-21 … 2022-04-21) and UserV4.esl's both hold on this day. */
const WITHIN_VALIDITY = new Date('2021-07-01T00:00:00Z');

/** An OFD's signatures as sealdesk's verifier reports them, USER's certificate trusted, on a day within its validity. */
export async function verifyWithKey(path: string, key: TestSm2Key): Promise<VerificationReport> {
  const doc = await openDocument(path);
  try {
    return await doc.verifySignatures({ trustAnchors: [parseCertificate(key.certDer)], now: WITHIN_VALIDITY });
  } finally {
    await doc.close();
  }
}

/** Each signature's checks that did not pass, as `check:code` (empty lists when all passed). */
export const failedChecks = (report: VerificationReport): string[][] => report.signatures.map((s) => s.checks.filter((c) => c.status !== 'passed').map((c) => `${c.check}:${c.error?.code ?? c.status}`));
