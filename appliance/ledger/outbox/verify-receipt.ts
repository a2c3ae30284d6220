import { createPublicClient, decodeEventLog, type Hex, type PublicClient } from 'viem';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { chainError } from '../chain/chain-error.js';
import { rpcTransport } from '../chain/rpc-transport.js';
import type { AnchorReceipt } from './anchor-receipt.js';
import type { EventSigner } from './event-signature.js';
import { checkReceiptBinding } from './receipt-binding.js';

export interface VerifiedReceipt {
  eventId: string;
  kind: string;
  sealId: string;
  documentHash: string | null;
  /** The event's time (ISO 8601), as signed. */
  time: string;
  /** Whose key the event's signature was checked against ('unchecked': the receipt carries no certificate for a seal's event). */
  signer: EventSigner;
  anchoredAt: Date;
  blockNumber: number;
  /** Blocks on top of (and including) the anchoring block right now. */
  confirmations: number;
}

const HEX32 = /^0x[0-9a-f]{64}$/i;

function checkShape(receipt: AnchorReceipt): void {
  const bad = (reason: string, reasonZh: string) => new SealdeskError('RECEIPT_INVALID', { reason, reasonZh });
  if (typeof receipt !== 'object' || receipt === null) throw bad('not a receipt', '不是回执');
  // version 1 claimed an event id tied to nothing: refused, never verified as far as it goes
  if ((receipt.version as number) === 1) throw new SealdeskError('RECEIPT_UNBOUND', { version: 1 });
  if (receipt.version !== 2) throw bad('not a version 2 receipt', '不是第 2 版回执');
  for (const [name, value] of Object.entries({ root: receipt.root, batchId: receipt.batchId, txHash: receipt.txHash, leaf: receipt.leaf?.value })) {
    if (typeof value !== 'string' || !HEX32.test(value)) throw bad(`${name} is not 32 bytes of hex`, `${name} 不是 32 字节的十六进制值`);
  }
  if (!Array.isArray(receipt.proof) || !receipt.proof.every((p) => typeof p === 'string' && HEX32.test(p))) throw bad('proof is not a list of 32-byte hashes', 'proof 不是 32 字节哈希值的列表');
  if (!Number.isSafeInteger(receipt.blockNumber) || !Number.isSafeInteger(receipt.chainId)) throw bad('blockNumber and chainId must be integers', 'blockNumber 和 chainId 须为整数');
  const event = receipt.event as unknown;
  const signature = (event as { signature?: unknown } | null)?.signature as Record<string, unknown> | undefined;
  if (typeof event !== 'object' || event === null || typeof signature !== 'object' || signature === null || !['alg', 'keyId', 'value'].every((k) => typeof signature[k] === 'string')) {
    throw bad('event is not a signed seal event', 'event 不是已签名的印章事件');
  }
  if (receipt.signerCertificate !== undefined && typeof receipt.signerCertificate !== 'string') throw bad('signerCertificate is not base64 text', 'signerCertificate 不是 base64 文本');
}

/**
 * Checks a receipt with nothing but JSON-RPC reads: the signed event it carries is the leaf (and
 * its claims the event's), its signature holds, the proof leads from the leaf to the root; on the node's chain, the stated transaction, in the stated block, made the registry log
 * BatchAnchored with that batch id and root. Each kind of mismatch has its own error code.
 */
export async function verifyReceipt(receipt: AnchorReceipt, rpc: string | string[] | PublicClient): Promise<VerifiedReceipt> {
  checkShape(receipt);
  const signer = checkReceiptBinding(receipt);
  const client = typeof rpc === 'object' && !Array.isArray(rpc) ? rpc : createPublicClient({ transport: rpcTransport(Array.isArray(rpc) ? rpc : [rpc]) });
  try {
    const chainId = await client.getChainId();
    if (chainId !== receipt.chainId) throw new SealdeskError('RECEIPT_CHAIN_MISMATCH', { expected: receipt.chainId, actual: chainId });
    const notAnchored = (reason: string, reasonZh: string) => new SealdeskError('RECEIPT_NOT_ANCHORED', { reason, reasonZh });
    const tx = await client.getTransactionReceipt({ hash: receipt.txHash }).catch(() => undefined);
    if (!tx) throw notAnchored(`no transaction ${receipt.txHash}`, `找不到交易 ${receipt.txHash}`);
    if (tx.status !== 'success') throw notAnchored('the transaction reverted', '该交易已回滚');
    if (Number(tx.blockNumber) !== receipt.blockNumber) throw notAnchored(`the transaction is in block ${tx.blockNumber}, not ${receipt.blockNumber}`, `该交易在区块 ${tx.blockNumber} 中，而不是 ${receipt.blockNumber}`);
    const anchored = tx.logs.some((log) => {
      if (log.address.toLowerCase() !== receipt.contract.toLowerCase()) return false;
      try {
        const event = decodeEventLog({ abi: sealRegistryAbi, data: log.data, topics: log.topics });
        return event.eventName === 'BatchAnchored' && event.args.batchId === receipt.batchId.toLowerCase() && event.args.root === (receipt.root.toLowerCase() as Hex);
      } catch {
        return false;
      }
    });
    if (!anchored) throw notAnchored(`the transaction did not anchor root ${receipt.root} for batch ${receipt.batchId}`, `该交易没有为批次 ${receipt.batchId} 锚定根 ${receipt.root}`);
    const block = await client.getBlock({ blockNumber: tx.blockNumber });
    if (Number(block.timestamp) !== receipt.blockTime) throw notAnchored('the block time differs from the receipt', '区块时间与回执不一致');
    const latest = await client.getBlockNumber({ cacheTime: 0 });
    const { event } = receipt;
    return { eventId: event.id, kind: event.kind, sealId: event.sealId, documentHash: event.documentHash, time: event.time, signer, anchoredAt: new Date(Number(block.timestamp) * 1000), blockNumber: receipt.blockNumber, confirmations: Number(latest - tx.blockNumber) + 1 };
  } catch (error) {
    throw chainError(error);
  }
}
