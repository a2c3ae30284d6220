import { hashMessage, hashTypedData, keccak256, serializeSignature, serializeTransaction, type Hex, type LocalAccount, type TransactionSerializable } from 'viem';
import { toAccount } from 'viem/accounts';
import { tokenSigner } from '../../../drivers/pkcs11/seal-signer.js';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { addressFromSpki } from './chain-address.js';
import { toRecoverableSignature } from './recoverable-signature.js';

/**
 * A viem account whose private key stays on the token: every hash (transaction, message, typed
 * data) is computed here with keccak256 and only the 32-byte digest is signed by the secp256k1 key
 * `label` in the table's ecdsa-keccak256 (CKM_ECDSA, r‖s as the token returns it). The token must be
 * logged in.
 */
export async function tokenAccount(token: Token, label: string): Promise<LocalAccount> {
  const { spki, type } = await token.publicKey(label);
  if (type !== 'secp256k1') throw new SealdeskError('CHAIN_KEY_INVALID', { key: label, reason: `a ${type} key`, reasonZh: `该密钥为 ${type} 密钥` });
  const address = addressFromSpki(spki, label);
  const signer = await tokenSigner(token, label, { algorithm: 'ecdsa-keccak256' });
  const signHash = async (hash: Hex) => toRecoverableSignature(hash, await signer.signDigest(Buffer.from(hash.slice(2), 'hex')), address, label);
  return toAccount({
    address,
    async signMessage({ message }) {
      return serializeSignature(await signHash(hashMessage(message)));
    },
    async signTransaction(transaction, options) {
      const serializer = (options?.serializer ?? serializeTransaction) as (tx: TransactionSerializable, signature?: Awaited<ReturnType<typeof signHash>>) => Hex;
      // As viem's own local accounts do: a blob transaction is signed without its sidecars.
      const signable = transaction.type === 'eip4844' ? { ...transaction, sidecars: false as const } : transaction;
      const signature = await signHash(keccak256(serializer(signable)));
      return serializer(transaction, signature);
    },
    async signTypedData(typedData) {
      return serializeSignature(await signHash(hashTypedData(typedData)));
    },
  });
}
