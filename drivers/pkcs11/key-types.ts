import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** The key types sealdesk generates on a token; `secp256k1` is the terminal's chain key; `sm2` needs a GM key (sm2-profiles.ts). */
export const KEY_TYPES = ['ec-p256', 'ec-p384', 'secp256k1', 'rsa-2048', 'rsa-3072', 'sm2'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export type KeySpec =
  | { kind: 'ec'; type: KeyType; curve: 'P-256' | 'P-384' | 'secp256k1'; curveOid: string; bits: number }
  | { kind: 'rsa'; type: KeyType; bits: 2048 | 3072 }
  | { kind: 'sm2'; type: KeyType; curveOid: string; bits: 256 };

const SPECS: Record<KeyType, KeySpec> = {
  'ec-p256': { kind: 'ec', type: 'ec-p256', curve: 'P-256', curveOid: '1.2.840.10045.3.1.7', bits: 256 },
  'ec-p384': { kind: 'ec', type: 'ec-p384', curve: 'P-384', curveOid: '1.3.132.0.34', bits: 384 },
  secp256k1: { kind: 'ec', type: 'secp256k1', curve: 'secp256k1', curveOid: '1.3.132.0.10', bits: 256 },
  'rsa-2048': { kind: 'rsa', type: 'rsa-2048', bits: 2048 },
  'rsa-3072': { kind: 'rsa', type: 'rsa-3072', bits: 3072 },
  // GM/T 0003's curve (1.2.156.10197.1.301); the key type and mechanism on the token are the vendor's
  sm2: { kind: 'sm2', type: 'sm2', curveOid: '1.2.156.10197.1.301', bits: 256 },
};

export function keySpec(type: string): KeySpec {
  if (!(KEY_TYPES as readonly string[]).includes(type)) {
    throw new SealdeskError('USAGE', { reason: `unknown key type "${type}"; use one of ${KEY_TYPES.join(', ')}` });
  }
  return SPECS[type as KeyType];
}

/** The key type of an EC curve OID as found in CKA_EC_PARAMS, or undefined for curves sealdesk does not make. */
export function keyTypeOfCurve(curveOid: string): KeyType | undefined {
  return KEY_TYPES.find((t) => {
    const spec = SPECS[t];
    return spec.kind !== 'rsa' && spec.curveOid === curveOid;
  });
}

export function keyTypeOfRsaBits(bits: number): KeyType | undefined {
  return KEY_TYPES.find((t) => {
    const spec = SPECS[t];
    return spec.kind === 'rsa' && spec.bits === bits;
  });
}
