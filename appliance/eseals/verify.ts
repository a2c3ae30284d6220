import { createHash } from 'node:crypto';
import { SM2_SIGN_OID, SM3_WITH_SM2_OID, canonicalSm2Signature, sm2Verify, sm3 } from '../../drivers/pkcs11/sm2.js';
import type { ESeal } from './eseal.js';
import type { SesSignature } from './ses-signature.js';
import { readSm2Certificate } from './sm2-certificate.js';

/**
 * Verifying what was decoded: the maker's signature over the seal, and a stamp's signature, data
 * hash, seal and seal validity. Results, never throws: a verifier reports every failure it finds.
 */

export interface SealMakerResult {
  valid: boolean;
  reason?: string;
}

/** SM3withSM2 as GB/T 38540 writes it; sm2-1 (GM/T 0006's SM2 signature) also appears as the algorithm. */
const SM2_ALGORITHMS = new Set([SM3_WITH_SM2_OID, SM2_SIGN_OID]);

/**
 * An SM2 signature with GM/T 0009's default ID by `certDer`'s key over `message`; the reason when not.
 */
export function checkSm2Signature(message: Uint8Array, signature: Uint8Array, certDer: Uint8Array, algorithmOid: string, who: string): string | undefined {
  if (!SM2_ALGORITHMS.has(algorithmOid)) return `the ${who} signature algorithm ${algorithmOid} is not SM3withSM2`;
  if (!canonicalSm2Signature(signature)) return `the ${who} signature is neither DER SM2Signature nor r‖s`;
  const cert = readSm2Certificate(certDer);
  if ('error' in cert) return `the ${who} certificate: ${cert.error}`;
  return sm2Verify(message, signature, cert.publicKey) ? undefined : `the ${who} signature does not verify with the ${who} certificate's key`;
}

// every stamp of a seal carries the same SESeal, whose maker signature is one SM2 verify (~8 ms in
// JavaScript): its result is kept by the seal's SHA-256, which covers everything that signature checks
const MAKER_CACHE_SIZE = 64;
const makerResults = new Map<string, SealMakerResult>();

export function verifySealMaker(seal: ESeal): SealMakerResult {
  const key = createHash('sha256').update(seal.der).digest('base64');
  const known = makerResults.get(key);
  if (known) return { ...known };
  const reason = checkSm2Signature(seal.signedBytes, seal.signedValue, seal.makerCert, seal.signAlgOid, 'maker');
  const result: SealMakerResult = reason === undefined ? { valid: true } : { valid: false, reason };
  if (makerResults.size >= MAKER_CACHE_SIZE) makerResults.delete(makerResults.keys().next().value!);
  makerResults.set(key, result);
  return { ...result };
}

export interface SesSignatureResult {
  /** The signer's SM2 signature over TBS_Sign verifies with the signer's certificate. */
  signatureValid: boolean;
  /** dataHash is SM3 of the file the stamp protects (in OFD, Signature.xml). */
  dataHashMatches: boolean;
  /** The seal's maker signature verifies. */
  sealValid: boolean;
  /** The stamp's time lies within the seal's validStart … validEnd. */
  sealInValidity: boolean;
  /** The signer's certificate is one the seal names (certList, by certificate or by digest). */
  signerInSeal: boolean;
  reasons: string[];
}

export function verifySesSignature(sig: SesSignature, signedFile: Uint8Array): SesSignatureResult {
  const reasons: string[] = [];
  const signatureProblem = checkSm2Signature(sig.signedBytes, sig.signature, sig.signerCert, sig.signatureAlgOid, 'signer');
  if (signatureProblem) reasons.push(signatureProblem);
  const dataHashMatches = sm3(signedFile).equals(sig.toSign.dataHash);
  if (!dataHashMatches) reasons.push(`dataHash is not the SM3 digest of the signed file (${sig.toSign.propertyInfo})`);
  const seal = verifySealMaker(sig.toSign.eseal);
  if (!seal.valid) reasons.push(`the seal: ${seal.reason}`);
  const { validStart, validEnd } = sig.toSign.eseal.property;
  const time = sig.toSign.timeInfo;
  const sealInValidity = time !== null && time >= validStart && time <= validEnd;
  if (!sealInValidity) {
    reasons.push(
      time === null
        ? 'the stamp carries no readable time, so the seal\'s validity cannot be checked'
        : `the stamp's time ${time.toISOString()} is outside the seal's validity (${validStart.toISOString()} to ${validEnd.toISOString()})`,
    );
  }
  const signerInSeal = sealNamesSigner(sig.toSign.eseal, sig.signerCert);
  if (!signerInSeal) reasons.push('the signer\'s certificate is not one the seal names');
  return { signatureValid: signatureProblem === undefined, dataHashMatches, sealValid: seal.valid, sealInValidity, signerInSeal, reasons };
}

/** Digest names as writers spell them (GB/T 38540 leaves the PrintableString free). */
const DIGESTS: Record<string, (data: Uint8Array) => Buffer> = { sm3, '1.2.156.10197.1.401': sm3 };

function sealNamesSigner(seal: ESeal, signerCert: Buffer): boolean {
  if (seal.property.certListType === 1) return seal.property.certs.some((cert) => cert.equals(signerCert));
  return seal.property.certDigests.some(({ type, value }) => {
    const digest = DIGESTS[type.toLowerCase()];
    return digest !== undefined && digest(signerCert).equals(value);
  });
}
