import { recoverAddress, type Address, type Hex, type Signature } from 'viem';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = N >> 1n;

const hex32 = (n: bigint): Hex => `0x${n.toString(16).padStart(64, '0')}`;

/**
 * Turns a token's ECDSA r‖s into an Ethereum signature: s moved to the lower half (EIP-2: nodes
 * reject high s), and the recovery parity, which PKCS#11 does not give, found by trying both
 * and keeping the one that recovers our own address.
 */
export async function toRecoverableSignature(hash: Hex, raw: Buffer, address: Address, key = 'chain key'): Promise<Signature> {
  if (raw.length !== 64) throw new SealdeskError('CHAIN_KEY_INVALID', { key, reason: `an ECDSA signature of ${raw.length} bytes`, reasonZh: `ECDSA 签名长度为 ${raw.length} 字节` });
  const r = BigInt(`0x${raw.subarray(0, 32).toString('hex')}`);
  let s = BigInt(`0x${raw.subarray(32).toString('hex')}`);
  if (s > HALF_N) s = N - s;
  for (const yParity of [0, 1] as const) {
    const signature: Signature = { r: hex32(r), s: hex32(s), yParity, v: yParity ? 28n : 27n };
    const recovered = await recoverAddress({ hash, signature });
    if (recovered.toLowerCase() === address.toLowerCase()) return signature;
  }
  throw new SealdeskError('CHAIN_KEY_INVALID', { key, reason: 'the signature does not recover to the key’s address', reasonZh: '由签名恢复出的地址与该密钥的地址不符' });
}
