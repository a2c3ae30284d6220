import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { AnchorReceipt } from './anchor-receipt.js';
import { verifyEventProof } from './event-proof.js';
import { checkEventSignature, type EventSigner } from './event-signature.js';
import { eventDigest, leafHash } from './event-tree.js';

const proofInvalid = (reason: string, reasonZh: string) => new SealdeskError('RECEIPT_PROOF_INVALID', { reason, reasonZh });

/** The receipt's claims, each held to the signed event's own field. */
const CLAIMS = [
  ['eventId', 'id'],
  ['sealId', 'sealId'],
  ['documentHash', 'documentHash'],
  ['time', 'time'],
] as const;

/**
 * Everything a receipt says that needs no chain: each claim is the signed event's, the event's
 * RFC 8785 digest is the leaf, the leaf hash is the leaf's, the proof leads to the root, and the
 * event's signature holds for the key it names. RECEIPT_PROOF_INVALID names the first field that
 * disagrees (a changed event field breaks the digest, which cannot say which field it was).
 */
export function checkReceiptBinding(receipt: AnchorReceipt): EventSigner {
  const event = receipt.event;
  for (const [claim, field] of CLAIMS) {
    if (receipt[claim] !== event[field]) {
      throw proofInvalid(`the receipt's ${claim} ${JSON.stringify(receipt[claim])} is not the signed event's ${JSON.stringify(event[field])}`, `回执的 ${claim}（${JSON.stringify(receipt[claim])}）与已签名事件的（${JSON.stringify(event[field])}）不同`);
    }
  }
  let digest;
  try {
    digest = eventDigest(event);
  } catch {
    throw proofInvalid('the signed event cannot be canonicalised', '已签名事件无法规范化');
  }
  if (digest !== receipt.leaf.value.toLowerCase()) {
    throw proofInvalid('the signed event (its id, seal, document hash, time or another field) does not hash to the leaf value', '已签名事件（编号、印章、文件哈希、时间或其他字段）的摘要与叶值不同');
  }
  if (leafHash(receipt.leaf.value) !== receipt.leaf.hash.toLowerCase()) throw proofInvalid('the leaf hash is not the hash of the leaf value', '叶哈希与叶值不符');
  if (!verifyEventProof(receipt.root, receipt.leaf.value, receipt.proof)) throw proofInvalid('the Merkle proof does not lead from the leaf to the root', '默克尔证明不能由叶推出根');
  const signer = checkEventSignature(event, receipt.signerCertificate);
  if (typeof signer === 'object') throw proofInvalid(signer.en, signer.zh);
  return signer;
}
