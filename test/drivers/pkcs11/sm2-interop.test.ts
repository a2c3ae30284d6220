/**
 * Interop with another SM2 implementation: the keys and certificates ofdrw (Java, BouncyCastle
 * underneath) made, from ../shared/interop/ofdrw (SEALDESK_INTEROP_DIR). OpenSSL signs with
 * those keys (distid 1234567812345678); sealdesk's sm2Verify and the table's sm2-sm3 check accept
 * the signatures with the public key read from ofdrw's certificates, and refuse one changed bit.
 */
import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../../appliance/pades/certificates.js';
import { signatureAlgorithm, verifySignature } from '../../../drivers/pkcs11/signature-algorithms.js';
import { sm2PublicPoint } from '../../../drivers/pkcs11/sm2-public-key.js';
import { sm2Verify } from '../../../drivers/pkcs11/sm2.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const INTEROP = resolve(ROOT, process.env.SEALDESK_INTEROP_DIR ?? '../shared/interop', 'ofdrw');
const SM2 = signatureAlgorithm('sm2-sm3');

let work: string;

beforeAll(async () => {
  // loudly: a missing sample folder must not pass as "nothing to check"
  if (!existsSync(join(INTEROP, 'sign_cert.pem'))) {
    throw new Error(`the ofdrw interop samples are missing: no ${join(INTEROP, 'sign_cert.pem')} (set SEALDESK_INTEROP_DIR to the folder holding ofdrw/)`);
  }
  work = await mkdtemp(join(tmpdir(), 'sealdesk-sm2-interop-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** OpenSSL's SM2 signature (DER) of `message` with the PEM private key, GM/T 0009's default ID. */
async function opensslSign(keyPem: string, message: Buffer): Promise<Buffer> {
  await writeFile(join(work, 'msg'), message);
  await run('openssl', ['pkeyutl', '-sign', '-inkey', keyPem, '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', join(work, 'msg'), '-out', join(work, 'sig')]);
  return readFile(join(work, 'sig'));
}

/** Key and certificate out of ofdrw's PKCS#12 (RC2-40 inside: OpenSSL 3 needs -legacy). */
async function fromPkcs12(name: string): Promise<{ keyPem: string; certificate: X509Certificate }> {
  const pem = join(work, `${name}.pem`);
  await run('openssl', ['pkcs12', '-legacy', '-in', join(INTEROP, `${name}.p12`), '-passin', 'pass:777777', '-nodes', '-out', pem]);
  const text = await readFile(pem, 'utf8');
  const certificate = new X509Certificate(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)![0]);
  return { keyPem: pem, certificate };
}

function flipBit(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index]! ^= 0x01;
  return copy;
}

describe('SM2 keys and certificates made by ofdrw', () => {
  it('sign_cert.pem parses as an SM3withSM2 certificate with an SM2 key; a signature by sign_key.pem verifies in sealdesk', async () => {
    const der = (await readFile(join(INTEROP, 'sign_cert.pem')));
    const parsed = parseCertificate(der);
    expect(parsed.pkijs.signatureAlgorithm.algorithmId).toBe('1.2.156.10197.1.501');
    const key = parsed.node.publicKey;
    const point = sm2PublicPoint(key)!;
    expect(point).toHaveLength(65);
    const message = Buffer.from('ofdrw 与 sealdesk 互通');
    const signature = await opensslSign(join(INTEROP, 'sign_key.pem'), message);
    expect(sm2Verify(message, signature, point)).toBe(true);
    expect(verifySignature(SM2, message, signature, key)).toBe(true);
    expect(verifySignature(SM2, flipBit(message, 0), signature, key)).toBe(false);
    expect(verifySignature(SM2, message, flipBit(signature, signature.length - 1), key)).toBe(false);
  });

  it.each(['USER', 'SealBuilder'])('%s.p12: OpenSSL signs with its key, sealdesk verifies with its certificate’s key', async (name) => {
    const { keyPem, certificate } = await fromPkcs12(name);
    expect(parseCertificate(Buffer.from(certificate.raw)).pkijs.signatureAlgorithm.algorithmId).toBe('1.2.156.10197.1.501');
    const message = Buffer.from(`电子印章 ${name}`);
    const signature = await opensslSign(keyPem, message);
    expect(verifySignature(SM2, message, signature, certificate.publicKey)).toBe(true);
    expect(verifySignature(SM2, flipBit(message, 2), signature, certificate.publicKey)).toBe(false);
  });

  it('the table’s sm2-sm3 check refuses a key that is not SM2 and a signature that is not one, without throwing', async () => {
    const message = Buffer.from('x');
    const signature = await opensslSign(join(INTEROP, 'sign_key.pem'), message);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(verifySignature(SM2, message, signature, p256)).toBe(false);
    const sm2Key = createPublicKey(await readFile(join(INTEROP, 'sign_cert.pem')));
    expect(verifySignature(SM2, message, Buffer.from('not a signature'), sm2Key)).toBe(false);
    expect(verifySignature(SM2, message, Buffer.alloc(0), sm2Key)).toBe(false);
  });
});
