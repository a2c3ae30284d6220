import type { KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { id_ecPublicKey } from '@peculiar/asn1-ecc';
import { decodeCurve } from './ec-params.js';
import { SM2_CURVE_OID } from './sm2.js';

/**
 * The SM2 public point (04‖x‖y) of a SubjectPublicKeyInfo as OpenSSL, BouncyCastle and GM/T 0015
 * certificates write it: id-ecPublicKey with the SM2 curve as its parameter. Undefined for any
 * other key, so an ECDSA key can never pass as an SM2 one.
 */
export function sm2PointOfSpki(spki: Uint8Array): Buffer | undefined {
  try {
    const info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
    if (info.algorithm.algorithm !== id_ecPublicKey || !info.algorithm.parameters) return undefined;
    if (decodeCurve(Buffer.from(info.algorithm.parameters)) !== SM2_CURVE_OID) return undefined;
    const point = Buffer.from(info.subjectPublicKey);
    return point.length === 65 && point[0] === 0x04 ? point : undefined;
  } catch {
    return undefined;
  }
}

/** The same for a node:crypto key (node reads SM2 SubjectPublicKeyInfo, but cannot verify SM2 with an ID). */
export function sm2PublicPoint(key: KeyObject): Buffer | undefined {
  if (key.type !== 'public') return undefined;
  return sm2PointOfSpki(key.export({ type: 'spki', format: 'der' }));
}
