/**
 * The one algorithm table (drivers/pkcs11/signature-algorithms.ts): each entry's hash, mechanism,
 * OIDs, AlgorithmIdentifier DER, DigestInfo and key types agree with each other and with the ASN.1
 * libraries' own constants; and every entry signs on a real SoftHSM token with every key type it
 * claims to fit, in a form OpenSSL (node:crypto) verifies.
 */
import { createPublicKey, verify } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { id_ecdsaWithSHA256, id_ecdsaWithSHA384, id_ecdsaWithSHA512 } from '@peculiar/asn1-ecc';
import {
  DigestInfo,
  id_mgf1,
  id_RSASSA_PSS,
  id_sha256,
  id_sha256WithRSAEncryption,
  id_sha384,
  id_sha384WithRSAEncryption,
  id_sha512,
  id_sha512WithRSAEncryption,
  RsaSaPssParams,
} from '@peculiar/asn1-rsa';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { MechanismEnum, RsaMgf } from 'graphene-pk11';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { algorithmIdentifiersDer } from '../../../drivers/pkcs11/algorithm-identifiers.js';
import { KEY_TYPES, keySpec, type KeyType } from '../../../drivers/pkcs11/key-types.js';
import { tokenSigner } from '../../../drivers/pkcs11/seal-signer.js';
import {
  allSignatureAlgorithms,
  HASHES,
  hashOfOid,
  resolveSignatureAlgorithm,
  signatureAlgorithm,
  signatureAlgorithmOfOid,
  type SignatureAlgorithm,
  verifySignature,
} from '../../../drivers/pkcs11/signature-algorithms.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../helpers/softhsm.js';

const ALGORITHMS = allSignatureAlgorithms();

// what the ASN.1 libraries say, independently of the table
const LIBRARY_OIDS: Record<string, { digestOid: string; signatureOid: string }> = {
  'ecdsa-sha256': { digestOid: id_sha256, signatureOid: id_ecdsaWithSHA256 },
  'ecdsa-sha384': { digestOid: id_sha384, signatureOid: id_ecdsaWithSHA384 },
  'ecdsa-sha512': { digestOid: id_sha512, signatureOid: id_ecdsaWithSHA512 },
  'rsa-pkcs1-sha256': { digestOid: id_sha256, signatureOid: id_sha256WithRSAEncryption },
  'rsa-pkcs1-sha384': { digestOid: id_sha384, signatureOid: id_sha384WithRSAEncryption },
  'rsa-pkcs1-sha512': { digestOid: id_sha512, signatureOid: id_sha512WithRSAEncryption },
  'rsa-pss-sha256': { digestOid: id_sha256, signatureOid: id_RSASSA_PSS },
  'rsa-pss-sha384': { digestOid: id_sha384, signatureOid: id_RSASSA_PSS },
  // GM/T 0006-2012 (the ASN.1 libraries have no SM OIDs): SM3 1.2.156.10197.1.401, SM3withSM2 1.2.156.10197.1.501
  'sm2-sm3': { digestOid: '1.2.156.10197.1.401', signatureOid: '1.2.156.10197.1.501' },
};

// SM2's numbers are the vendor profile's (sm2-profiles.ts): the table holds only a placeholder
const MECHANISMS: Record<SignatureAlgorithm['scheme'], number> = { ecdsa: pkcs11js.CKM_ECDSA, 'rsa-pkcs1': pkcs11js.CKM_RSA_PKCS, 'rsa-pss': pkcs11js.CKM_RSA_PKCS_PSS, sm2: pkcs11js.CKM_VENDOR_DEFINED };

describe('the signature algorithm table', () => {
  it('has one entry per identifier, each hash in the hash table with a digest of its stated length', () => {
    expect(new Set(ALGORITHMS.map((a) => a.id)).size).toBe(ALGORITHMS.length);
    for (const a of ALGORITHMS) {
      const hash = HASHES[a.hash];
      expect(hash.digest(Buffer.from('abc')).length, a.id).toBe(hash.length);
      expect(signatureAlgorithm(a.id)).toBe(a);
    }
    // keccak-256 is Ethereum's, not SHA3-256: the empty string's well-known digest
    expect(HASHES.keccak256.digest(Buffer.alloc(0)).toString('hex')).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  });

  it.each(ALGORITHMS.filter((a) => a.x509))('$id: OIDs as the ASN.1 libraries name them, AlgorithmIdentifier DER with the right parameters', (a) => {
    expect(a.x509).toMatchObject(LIBRARY_OIDS[a.id]!);
    expect(a.x509!.digestOid).toBe(HASHES[a.hash].oid);
    expect(hashOfOid(a.x509!.digestOid)).toBe(a.hash);
    const der = algorithmIdentifiersDer(a);
    const digest = AsnConvert.parse(der.digest, AlgorithmIdentifier);
    expect(digest.algorithm).toBe(a.x509!.digestOid);
    expect(digest.parameters).toBeUndefined(); // RFC 5754 §2
    const signature = AsnConvert.parse(der.signature, AlgorithmIdentifier);
    expect(signature.algorithm).toBe(a.x509!.signatureOid);
    if (a.scheme === 'ecdsa' || a.scheme === 'sm2') expect(signature.parameters).toBeUndefined(); // RFC 5758 §3.2; GM/T 0006 likewise
    if (a.scheme === 'rsa-pkcs1') expect(der.signature.subarray(-2).toString('hex')).toBe('0500'); // NULL, RFC 4055 §5
    if (a.scheme === 'rsa-pss') {
      const params = AsnConvert.parse(signature.parameters!, RsaSaPssParams);
      expect(params.hashAlgorithm.algorithm).toBe(a.x509!.digestOid);
      expect(params.maskGenAlgorithm.algorithm).toBe(id_mgf1);
      expect(AsnConvert.parse(params.maskGenAlgorithm.parameters!, AlgorithmIdentifier).algorithm).toBe(a.x509!.digestOid);
      expect(params.saltLength).toBe(HASHES[a.hash].length);
    }
    // found again from what a certificate or CMS carries
    expect(signatureAlgorithmOfOid(a.x509!.signatureOid, a.hash)).toBe(a);
  });

  it.each(ALGORITHMS)('$id: the PKCS#11 mechanism, DigestInfo and encoding fit the scheme', (a) => {
    expect(a.mechanism.mechanism).toBe(MECHANISMS[a.scheme]);
    if (a.scheme === 'rsa-pkcs1') {
      const digest = Buffer.alloc(HASHES[a.hash].length, 0xab);
      const info = new DigestInfo({ digestAlgorithm: new AlgorithmIdentifier({ algorithm: HASHES[a.hash].oid!, parameters: null }), digest: new OctetString(digest) });
      expect(Buffer.concat([a.digestInfoPrefix!, digest]).equals(Buffer.from(AsnConvert.serialize(info)))).toBe(true);
    } else expect(a.digestInfoPrefix).toBeUndefined();
    if (a.scheme === 'rsa-pss') {
      const [hashAlg, mgf] = a.hash === 'sha256' ? [MechanismEnum.SHA256, RsaMgf.MGF1_SHA256] : [MechanismEnum.SHA384, RsaMgf.MGF1_SHA384];
      expect(a.mechanism.parameter).toMatchObject({ type: pkcs11js.CK_PARAMS_RSA_PSS, hashAlg, mgf, saltLen: HASHES[a.hash].length });
      expect(a.verifyOptions.saltLength).toBe(HASHES[a.hash].length);
    }
    expect(a.encoding).toBe(a.scheme === 'ecdsa' || a.scheme === 'sm2' ? (a.x509 ? 'der' : 'raw') : 'octets');
    // only SM2's digest needs the key (Z): signDigest is refused for it, and for nothing else
    expect(a.digestNeedsKey ?? false).toBe(a.scheme === 'sm2');
  });

  it.each(ALGORITHMS)('$id: fits only keys of its class; its defaults are among the key types it fits', (a) => {
    expect(a.keyTypes.length).toBeGreaterThan(0);
    for (const type of a.keyTypes) expect(keySpec(type).kind).toBe(a.keyAlgorithm);
    for (const type of a.defaultFor) expect(a.keyTypes).toContain(type);
  });

  it('every key type sealdesk makes has exactly one default: P-256 → SHA-256, P-384 → SHA-384, RSA → PKCS#1 v1.5 SHA-256, secp256k1 → ecdsa-sha256, SM2 → sm2-sm3', () => {
    for (const type of KEY_TYPES) expect(ALGORITHMS.filter((a) => a.defaultFor.includes(type)), type).toHaveLength(1);
    const defaults = Object.fromEntries(KEY_TYPES.map((type) => [type, resolveSignatureAlgorithm({ type, algorithm: keySpec(type).kind }).id]));
    expect(defaults).toEqual({ 'ec-p256': 'ecdsa-sha256', 'ec-p384': 'ecdsa-sha384', secp256k1: 'ecdsa-sha256', 'rsa-2048': 'rsa-pkcs1-sha256', 'rsa-3072': 'rsa-pkcs1-sha256', sm2: 'sm2-sm3' });
  });

  it('refuses an algorithm that does not fit the key, or that it does not know: MECHANISM_UNSUPPORTED', () => {
    expect(() => resolveSignatureAlgorithm({ type: 'ec-p256', algorithm: 'ec' }, { algorithm: 'rsa-pss-sha256' })).toThrow(expect.objectContaining({ code: 'MECHANISM_UNSUPPORTED' }));
    expect(() => resolveSignatureAlgorithm({ type: 'ec-p256', algorithm: 'ec' }, { algorithm: 'ecdsa-keccak256' })).toThrow(expect.objectContaining({ code: 'MECHANISM_UNSUPPORTED' }));
    expect(() => resolveSignatureAlgorithm({ type: 'rsa-2048', algorithm: 'rsa' }, { scheme: 'rsa-pss', hash: 'sha512' })).toThrow(expect.objectContaining({ code: 'MECHANISM_UNSUPPORTED' }));
    expect(() => signatureAlgorithm('sm2-sha256')).toThrow(expect.objectContaining({ code: 'MECHANISM_UNSUPPORTED' }));
    // an SM2 key signs only SM2, and SM2 fits no ECDSA key even though both are "EC" on the token
    expect(() => resolveSignatureAlgorithm({ type: 'sm2', algorithm: 'sm2' }, { algorithm: 'ecdsa-sha256' })).toThrow(expect.objectContaining({ code: 'MECHANISM_UNSUPPORTED' }));
    expect(() => resolveSignatureAlgorithm({ type: 'ec-p256', algorithm: 'ec' }, { algorithm: 'sm2-sm3' })).toThrow(expect.objectContaining({ code: 'MECHANISM_UNSUPPORTED' }));
    // the chain's algorithm has no X.509 form: it can sign no certificate and no CMS
    expect(() => algorithmIdentifiersDer(signatureAlgorithm('ecdsa-keccak256'))).toThrow(expect.objectContaining({ code: 'MECHANISM_UNSUPPORTED' }));
  });
});

describe('every entry on a SoftHSM token, with every key type it fits', () => {
  let fixture: TokenFixture;
  let token: Token;
  const TYPES: KeyType[] = ['ec-p256', 'ec-p384', 'secp256k1', 'rsa-2048'];
  const pairs = ALGORITHMS.flatMap((a) => a.keyTypes.filter((t) => TYPES.includes(t)).map((type) => ({ id: a.id, type })));

  beforeAll(async () => {
    fixture = await openTokenFixture(['algorithms']);
    token = fixture.pkcs11.token({ label: 'algorithms' });
    await token.login(USER_PIN);
    for (const type of TYPES) await token.generateKey(type, type);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it.each(pairs)('$id with a $type key: the signature verifies with the public key, and not over other data', async ({ id, type }) => {
    const signer = await tokenSigner(token, type, { algorithm: id });
    const data = Buffer.from(`申请人材料 ${id} ${type}`);
    const signature = await signer.sign(data);
    const key = createPublicKey({ key: (await token.publicKey(type)).spki, format: 'der', type: 'spki' });
    const a = signer.algorithm;
    if (a.hash === 'keccak256') {
      // node:crypto knows no keccak-256: r‖s is checked over the digest by @noble/curves (viem's own), high s allowed as the token gives it
      const point = (await token.publicKey(type)).spki.subarray(-65);
      expect(signature).toHaveLength(64);
      expect(secp256k1.verify(signature, HASHES.keccak256.digest(data), point, { lowS: false })).toBe(true);
      expect(secp256k1.verify(signature, HASHES.keccak256.digest(Buffer.from('other data')), point, { lowS: false })).toBe(false);
      return;
    }
    // OpenSSL directly, and the table's own check that CMS, CA and seal events use
    expect(verify(a.hash, data, { key, ...a.verifyOptions }, signature)).toBe(true);
    expect(verifySignature(a, data, signature, key)).toBe(true);
    expect(verifySignature(a, Buffer.from('other data'), signature, key)).toBe(false);
  });
});
