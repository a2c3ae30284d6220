import { createSign, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derToRaw, rawToDer } from '../../../drivers/pkcs11/ecdsa-signature.js';
import { decodeCurve, encodeCurve } from '../../../drivers/pkcs11/ec-params.js';
import { keySpec } from '../../../drivers/pkcs11/key-types.js';
import { needsReinitializeToRescan, resolveModulePaths } from '../../../drivers/pkcs11/module-paths.js';
import { PinGuard } from '../../../drivers/pkcs11/pin-guard.js';
import { ecSpki, rsaSpki } from '../../../drivers/pkcs11/public-key.js';
import { signatureAlgorithm } from '../../../drivers/pkcs11/signature-algorithms.js';
import { tokenInput } from '../../../drivers/pkcs11/signing.js';

describe('ECDSA signature forms', () => {
  it('r‖s from a token and DER convert both ways as OpenSSL reads them', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    for (let i = 0; i < 50; i++) {
      const data = Buffer.from(`document ${i}`);
      const raw = createSign('sha384').update(data).sign({ key: privateKey, dsaEncoding: 'ieee-p1363' });
      const der = rawToDer(raw);
      // leading zero bytes and high bits in r or s are where hand-made DER usually breaks
      expect(verify('sha384', data, publicKey, der)).toBe(true);
      expect(derToRaw(der, 48).equals(raw)).toBe(true);
    }
  });

  it('DER integers are minimal: leading zeros dropped, a 00 before a high bit (X.690 §8.3.2)', () => {
    const raw = Buffer.concat([Buffer.alloc(31), Buffer.from([0x01]), Buffer.alloc(32, 0xff)]);
    const der = rawToDer(raw);
    expect(der.toString('hex')).toBe(`3026020101022100${'ff'.repeat(32)}`);
    expect(derToRaw(der, 32).equals(raw)).toBe(true);
  });
});

describe('key material encodings', () => {
  it('EC params and SPKI round-trip through node:crypto for every curve sealdesk makes', () => {
    for (const [type, curve] of [['ec-p256', 'P-256'], ['ec-p384', 'P-384'], ['secp256k1', 'secp256k1']] as const) {
      const spec = keySpec(type);
      if (spec.kind !== 'ec') throw new Error('not ec');
      expect(decodeCurve(encodeCurve(spec.curveOid))).toBe(spec.curveOid);
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const jwkSpki = publicKey.export({ format: 'der', type: 'spki' });
      const point = jwkSpki.subarray(jwkSpki.length - (2 * spec.bits) / 8 - 1);
      // bare point and the DER-wrapped CKA_EC_POINT both give the same SubjectPublicKeyInfo
      expect(ecSpki(spec.curveOid, point, spec.bits / 8).equals(jwkSpki)).toBe(true);
      const wrapped = Buffer.concat([Buffer.from([0x04, point.length]), point]);
      expect(ecSpki(spec.curveOid, wrapped, spec.bits / 8).equals(jwkSpki)).toBe(true);
    }
  });

  it('RSA SPKI from modulus and exponent equals OpenSSL’s', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const spki = rsaSpki(Buffer.from(jwk.n as string, 'base64url'), Buffer.from(jwk.e as string, 'base64url'));
    expect(spki.equals(publicKey.export({ format: 'der', type: 'spki' }))).toBe(true);
  });

  it('RSA PKCS#1 v1.5 input is the DigestInfo of RFC 8017', () => {
    const digest = Buffer.alloc(32, 0xab);
    expect(tokenInput(signatureAlgorithm('rsa-pkcs1-sha256'), digest).toString('hex')).toBe(`3031300d060960864801650304020105000420${'ab'.repeat(32)}`);
    expect(tokenInput(signatureAlgorithm('ecdsa-sha256'), digest)).toBe(digest);
  });

  it('unknown key types are usage errors naming the choices', () => {
    expect(() => keySpec('ec-p521')).toThrow(/use one of ec-p256, ec-p384, secp256k1, rsa-2048, rsa-3072/);
  });
});

describe('module selection', () => {
  it('SEALDESK_PKCS11_MODULE (colon-separated) wins over config, config over the SoftHSM default', () => {
    expect(resolveModulePaths({ SEALDESK_PKCS11_MODULE: '/a.so: /b.so' }, ['/c.so'])).toEqual(['/a.so', '/b.so']);
    expect(resolveModulePaths({}, ['/c.so'])).toEqual(['/c.so']);
    expect(resolveModulePaths({})[0]).toMatch(/libsofthsm2\.so$/);
    expect(needsReinitializeToRescan('/usr/lib/softhsm/libsofthsm2.so')).toBe(true);
    expect(needsReinitializeToRescan('/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so')).toBe(false);
  });
});

describe('PIN guard', () => {
  it('counts per token and role, persists, resets, and keeps no PIN', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sealdesk-guard-'));
    try {
      const guard = new PinGuard(dir, 2);
      expect(guard.recordFailure('serial-a')).toBe(1);
      expect(guard.recordFailure('serial-a', 'so')).toBe(1);
      expect(guard.recordFailure('serial-a')).toBe(0);
      expect(guard.isLocked('serial-a')).toBe(true);
      expect(guard.isLocked('serial-a', 'so')).toBe(false);
      expect(guard.isLocked('serial-b')).toBe(false);
      expect(new PinGuard(dir, 2).isLocked('serial-a')).toBe(true);
      guard.reset('serial-a');
      expect(guard.triesLeft('serial-a')).toBe(2);
      expect(JSON.parse(await readFile(join(dir, 'pin-tries.json'), 'utf8'))).toEqual({ 'serial-a:so': 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
