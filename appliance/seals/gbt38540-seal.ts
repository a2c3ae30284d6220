import { X509Certificate } from 'node:crypto';
import type { Token } from '../../drivers/pkcs11/token.js';
import { tokenSigner } from '../../drivers/pkcs11/seal-signer.js';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { loadCa } from '../ca/ca-store.js';
import { readSm2Certificate } from '../eseals/index.js';
import { makeSeal, type SealToMake } from './make-eseal.js';

/**
 * 制章 for `seal create --format gbt38540`: the seal as a GB/T 38540 SESeal v4, made once when the
 * seal is created. The seal-making authority is the dev seal CA: its SM2 key signs the SESeal and
 * its root certificate is the maker certificate (docs/decisions.md says why).
 */

/** The printed width of a seal, as `stamp` places it (42 mm, DEFAULT_SEAL_SIZE); the height follows the image. */
export const ESEAL_WIDTH_MM = 42;

/** A key's algorithm in words for ESEAL_NEEDS_SM2: "ec prime256v1", "rsa". */
function keyAlgorithm(certificate: Buffer): string {
  const key = new X509Certificate(certificate).publicKey;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return `${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''}`;
}

/** ESEAL_NEEDS_SM2 unless the certificate's key is SM2. */
export function requireSm2Certificate(certificate: Buffer, key: string, keyZh: string): void {
  if ('error' in readSm2Certificate(certificate)) throw new SealdeskError('ESEAL_NEEDS_SM2', { key, keyZh, algorithm: keyAlgorithm(certificate) });
}

/**
 * The checks that can refuse a GB/T 38540 seal before a key is generated or a certificate
 * issued: the maker (dev CA) key is SM2, and so is the seal's key (the one to generate, or the
 * existing one on its token).
 */
export async function checkGbt38540Seal(home: string, token: Token, key: { existing?: string; keyType?: string }): Promise<void> {
  requireSm2Certificate(loadCa(home).root, 'the dev seal CA (the seal maker)', '开发印章 CA（制章者）的密钥');
  const algorithm = key.existing ? (await token.signingAlgorithm(key.existing)).id : (key.keyType ?? 'ec-p256');
  if (algorithm !== 'sm2-sm3' && algorithm !== 'sm2') {
    throw new SealdeskError('ESEAL_NEEDS_SM2', { key: `the seal key ${key.existing ? `"${key.existing}"` : 'to generate'}`, keyZh: `印章密钥${key.existing ? `“${key.existing}”` : ''}`, algorithm });
  }
}

/** The seal's SESeal (DER), signed by the dev CA's SM2 key on `caToken` (logged in). */
export async function makeGbt38540Seal(home: string, caToken: Token, seal: SealToMake, png: Buffer, now = new Date()): Promise<Buffer> {
  const { state, root } = loadCa(home);
  requireSm2Certificate(seal.certificateChain[0] as Buffer, 'the seal certificate', '印章证书的密钥');
  const maker = await tokenSigner(caToken, state.keyLabel, { algorithm: 'sm2-sm3' });
  const heightMm = Math.max(1, Math.round((ESEAL_WIDTH_MM * png.readUInt32BE(20)) / png.readUInt32BE(16)));
  return makeSeal(seal, { png, widthMm: ESEAL_WIDTH_MM, heightMm }, { certificate: root, sign: (tbs) => maker.sign(tbs) }, now);
}
