import { createHash, X509Certificate } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak256 } from '../../../drivers/pkcs11/keccak.js';
import { isAlgorithmId, signatureAlgorithm, verifySignature } from '../../../drivers/pkcs11/signature-algorithms.js';
import { signedBytes } from './event-signer.js';
import type { SignedSealEvent } from './seal-event.js';

/** Whose key a seal event's signature was checked against; 'unchecked' when the receipt names no key a reader can obtain. */
export type EventSigner = 'seal-certificate' | 'chain-key' | 'unchecked';

/** A sentence in each language saying why the signature does not hold. */
export interface SignatureFault {
  en: string;
  zh: string;
}

const CHAIN_KEY = /^chain:(0x[0-9a-fA-F]{40})$/;

function chainAddressRecovered(event: SignedSealEvent, address: string): boolean {
  // the chain key signs events with ecdsa-sha256 (DER) on secp256k1: the public key follows from the signature, its address must be the one named
  if (event.signature.alg !== 'ecdsa-sha256') return false;
  const { signature, ...unsigned } = event;
  try {
    const parsed = secp256k1.Signature.fromDER(Buffer.from(signature.value, 'base64'));
    const digest = createHash('sha256').update(signedBytes(unsigned)).digest();
    return [0, 1].some((bit) => {
      const point = parsed.addRecoveryBit(bit).recoverPublicKey(digest).toRawBytes(false);
      return `0x${Buffer.from(keccak256(point.subarray(1))).subarray(-20).toString('hex')}` === address.toLowerCase();
    });
  } catch {
    return false;
  }
}

/**
 * Checks a seal event's signature against the key it names: a seal certificate (its SHA-256 the
 * event's signerCertificateHash, carried by the receipt) or the terminal's chain key (keyId
 * `chain:<address>`, recovered from the signature). Returns whose key it was, or the fault.
 */
export function checkEventSignature(event: SignedSealEvent, certificateBase64?: string): EventSigner | SignatureFault {
  const { signature, ...unsigned } = event;
  const chain = CHAIN_KEY.exec(signature.keyId);
  if (chain) {
    return chainAddressRecovered(event, chain[1]!)
      ? 'chain-key'
      : { en: `the event's signature is not by chain key ${chain[1]}`, zh: `事件签名不是链密钥 ${chain[1]} 所签` };
  }
  if (!certificateBase64) return 'unchecked';
  const der = Buffer.from(certificateBase64, 'base64');
  const sha256 = createHash('sha256').update(der).digest('hex');
  if (sha256 !== event.signerCertificateHash) return { en: 'signerCertificate is not the certificate the event names', zh: 'signerCertificate 不是事件所记载的证书' };
  let key;
  try {
    key = new X509Certificate(der).publicKey;
  } catch {
    return { en: 'signerCertificate is not a certificate', zh: 'signerCertificate 不是证书' };
  }
  const valid = isAlgorithmId(signature.alg) && verifySignature(signatureAlgorithm(signature.alg), signedBytes(unsigned), Buffer.from(signature.value, 'base64'), key);
  return valid ? 'seal-certificate' : { en: "the event's signature does not verify with the seal certificate", zh: '事件签名无法用印章证书验证' };
}
