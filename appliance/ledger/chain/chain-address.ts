import { publicKeyToAddress } from 'viem/accounts';
import type { Address, Hex } from 'viem';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/**
 * The Ethereum address of an EC public key given as SPKI DER: keccak256 of the uncompressed point
 * without its 04 prefix, last 20 bytes. A secp256k1 SPKI ends with the BIT STRING 04‖X‖Y.
 */
export function addressFromSpki(spki: Buffer, key = 'chain key'): Address {
  const point = spki.subarray(spki.length - 65);
  if (spki.length < 65 + 20 || point[0] !== 0x04) throw new SealdeskError('CHAIN_KEY_INVALID', { key, reason: 'no uncompressed EC point in the public key', reasonZh: '公钥中没有未压缩的椭圆曲线点' });
  return publicKeyToAddress(`0x${point.toString('hex')}` as Hex);
}
