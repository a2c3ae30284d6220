import { randomBytes } from 'node:crypto';
import { KeyGenMechanism, KeyType as CkKeyType, type IKeyPair, type ITemplate, type Session } from 'graphene-pk11';
import { encodeCurve } from './ec-params.js';
import type { KeySpec } from './key-types.js';

export interface KeyGenerationRequest {
  spec: KeySpec;
  label: string;
  /** CKA_ID; random 16 bytes when not given. */
  id?: Buffer;
}

/**
 * The two templates of a seal or chain key: the private key lives on the token (CKA_TOKEN),
 * needs login (CKA_PRIVATE), never leaves it (CKA_SENSITIVE, not CKA_EXTRACTABLE) and may only
 * sign; the public key is public. Label and CKA_ID are shared so a certificate can join them.
 */
export function keyTemplates(request: KeyGenerationRequest): { id: Buffer; publicKey: ITemplate; privateKey: ITemplate } {
  const id = request.id ?? randomBytes(16);
  const common = { token: true, label: request.label, id };
  const privateKey: ITemplate = {
    ...common,
    private: true,
    sensitive: true,
    extractable: false,
    sign: true,
    decrypt: false,
    unwrap: false,
    derive: false,
  };
  const publicKey: ITemplate = { ...common, private: false, verify: true, encrypt: false, wrap: false };
  const spec = request.spec;
  if (spec.kind === 'ec') {
    publicKey.keyType = CkKeyType.EC;
    privateKey.keyType = CkKeyType.EC;
    publicKey.paramsEC = encodeCurve(spec.curveOid);
  } else {
    publicKey.keyType = CkKeyType.RSA;
    privateKey.keyType = CkKeyType.RSA;
    publicKey.modulusBits = spec.bits;
    publicKey.publicExponent = Buffer.from([0x01, 0x00, 0x01]);
  }
  return { id, publicKey, privateKey };
}

/** C_GenerateKeyPair on a worker thread: RSA-3072 takes seconds on a slow token, the event loop goes on. */
export function generateKeyPair(session: Session, request: KeyGenerationRequest): Promise<IKeyPair> {
  const { publicKey, privateKey } = keyTemplates(request);
  const mechanism = request.spec.kind === 'ec' ? KeyGenMechanism.EC : KeyGenMechanism.RSA;
  return new Promise((resolve, reject) =>
    session.generateKeyPair(mechanism, publicKey, privateKey, (error, keys) => (error || !keys ? reject(error) : resolve(keys))),
  );
}
