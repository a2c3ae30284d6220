import { KeyType as CkKeyType, ObjectClass, type Session, type SessionObject } from 'graphene-pk11';
import { decodeCurve } from './ec-params.js';
import { keySpec, keyTypeOfCurve, keyTypeOfRsaBits, type KeyType } from './key-types.js';
import { ecSpki, rsaSpki } from './public-key.js';
import { SM2_CURVE_OID } from './sm2.js';

/** A key pair on a token as an administrator sees it: label and CKA_ID shared by its objects. */
export interface KeyDescription {
  label: string;
  /** CKA_ID, hex. */
  id: string;
  type: KeyType | 'unknown';
  algorithm: 'ec' | 'rsa' | 'sm2' | 'other';
  bits: number | null;
  hasPrivateKey: boolean;
  hasPublicKey: boolean;
  hasCertificate: boolean;
  sensitive: boolean | null;
  extractable: boolean | null;
  alwaysSensitive: boolean | null;
  neverExtractable: boolean | null;
}

export interface KeyObjects {
  label: string;
  id: Buffer;
  privateKey?: SessionObject;
  publicKey?: SessionObject;
  certificate?: SessionObject;
}

function items(session: Session, template: Record<string, unknown>): SessionObject[] {
  const found = session.find(template);
  const out: SessionObject[] = [];
  for (let i = 0; i < found.length; i++) out.push(found.items(i));
  return out;
}

function attr<T>(object: SessionObject, name: string): T | null {
  try {
    // graphene answers under its canonical name (paramsEC comes back as paramsECDSA): take the one value.
    const [value] = Object.values(object.getAttribute({ [name]: null }) as Record<string, unknown>);
    return (value ?? null) as T | null;
  } catch {
    // CKR_ATTRIBUTE_SENSITIVE / TYPE_INVALID: the token does not say.
    return null;
  }
}

/** Groups private keys, public keys and certificates by CKA_ID (falling back to label). */
export function findKeyObjects(session: Session): KeyObjects[] {
  const groups = new Map<string, KeyObjects>();
  const add = (object: SessionObject, role: 'privateKey' | 'publicKey' | 'certificate') => {
    const id = attr<Buffer>(object, 'id') ?? Buffer.alloc(0);
    const label = attr<string>(object, 'label') ?? '';
    const key = id.length ? `id:${id.toString('hex')}` : `label:${label}`;
    const group = groups.get(key) ?? { label, id };
    if (!group.label) group.label = label;
    group[role] = object;
    groups.set(key, group);
  };
  for (const o of items(session, { class: ObjectClass.PRIVATE_KEY })) add(o, 'privateKey');
  for (const o of items(session, { class: ObjectClass.PUBLIC_KEY })) add(o, 'publicKey');
  for (const o of items(session, { class: ObjectClass.CERTIFICATE })) add(o, 'certificate');
  return [...groups.values()].filter((g) => g.privateKey || g.publicKey);
}

/** The key pair with this label (or CKA_ID in hex), or undefined. */
export function findKey(session: Session, selector: string): KeyObjects | undefined {
  const all = findKeyObjects(session);
  return all.find((k) => k.label === selector) ?? all.find((k) => k.id.length > 0 && k.id.toString('hex') === selector.toLowerCase());
}

function curveOid(object: SessionObject): string | undefined {
  const params = attr<Buffer>(object, 'paramsEC');
  return params?.length ? decodeCurve(params) : undefined;
}

/**
 * Whether a key is SM2: the GM key's own SM2 key type (its vendor profile's, when it has one), or
 * CKK_EC on the SM2 curve (modules that reuse CKK_EC; SoftHSM can make such a key but not sign SM2
 * with it, which the missing profile then says).
 */
function isSm2(object: SessionObject, keyType: number | null, sm2KeyType: number | undefined): boolean {
  if (keyType === null) return false;
  if (sm2KeyType !== undefined && sm2KeyType !== CkKeyType.EC && keyType === sm2KeyType) return true;
  return keyType === CkKeyType.EC && curveOid(object) === SM2_CURVE_OID;
}

/** SubjectPublicKeyInfo DER from the public key object (or, for RSA, the private key's public parts). */
export function publicKeySpki(key: KeyObjects, sm2KeyType?: number): { spki: Buffer; type: KeyType | 'unknown' } | undefined {
  const source = key.publicKey ?? key.privateKey;
  if (!source) return undefined;
  const keyType = attr<number>(source, 'keyType');
  if (key.publicKey && isSm2(key.publicKey, keyType, sm2KeyType)) {
    // CKA_EC_POINT as for EC; the SubjectPublicKeyInfo as OpenSSL writes SM2 keys: id-ecPublicKey with the SM2 curve
    const point = attr<Buffer>(key.publicKey, 'pointEC');
    return point ? { spki: ecSpki(SM2_CURVE_OID, point, 32), type: 'sm2' } : undefined;
  }
  if (keyType === CkKeyType.EC && key.publicKey) {
    const oid = curveOid(key.publicKey);
    const point = attr<Buffer>(key.publicKey, 'pointEC');
    if (!oid || !point) return undefined;
    const type = keyTypeOfCurve(oid);
    const spec = type && keySpec(type);
    if (!spec || spec.kind !== 'ec') return undefined;
    return { spki: ecSpki(oid, point, spec.bits / 8), type: spec.type };
  }
  if (keyType === CkKeyType.RSA) {
    const modulus = attr<Buffer>(source, 'modulus');
    const exponent = attr<Buffer>(source, 'publicExponent');
    if (!modulus || !exponent) return undefined;
    return { spki: rsaSpki(modulus, exponent), type: keyTypeOfRsaBits(modulus.length * 8) ?? 'unknown' };
  }
  return undefined;
}

/** `sm2KeyType`: the CKA_KEY_TYPE of SM2 keys on this token (its vendor profile's), when it has a profile. */
export function describeKey(key: KeyObjects, sm2KeyType?: number): KeyDescription {
  const source = key.privateKey ?? key.publicKey;
  const keyType = source ? attr<number>(source, 'keyType') : null;
  let type: KeyType | 'unknown' = 'unknown';
  let bits: number | null = null;
  let algorithm: KeyDescription['algorithm'] = 'other';
  if (source && isSm2(key.publicKey ?? source, keyType, sm2KeyType)) {
    algorithm = 'sm2';
    type = 'sm2';
    bits = 256;
  } else if (keyType === CkKeyType.EC) {
    algorithm = 'ec';
    const oid = curveOid(key.publicKey ?? (key.privateKey as SessionObject));
    type = (oid && keyTypeOfCurve(oid)) || 'unknown';
    bits = type === 'ec-p384' ? 384 : type === 'unknown' ? null : 256;
  } else if (keyType === CkKeyType.RSA && source) {
    algorithm = 'rsa';
    const modulus = attr<Buffer>(source, 'modulus');
    bits = modulus ? modulus.length * 8 : null;
    type = (bits && keyTypeOfRsaBits(bits)) || 'unknown';
  }
  const priv = key.privateKey;
  return {
    label: key.label,
    id: key.id.toString('hex'),
    type,
    algorithm,
    bits,
    hasPrivateKey: priv !== undefined,
    hasPublicKey: key.publicKey !== undefined,
    hasCertificate: key.certificate !== undefined,
    sensitive: priv ? attr<boolean>(priv, 'sensitive') : null,
    extractable: priv ? attr<boolean>(priv, 'extractable') : null,
    alwaysSensitive: priv ? attr<boolean>(priv, 'alwaysSensitive') : null,
    neverExtractable: priv ? attr<boolean>(priv, 'neverExtractable') : null,
  };
}
