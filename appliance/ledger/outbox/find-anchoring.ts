import type { Address, Hex, PublicClient } from 'viem';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

export interface Anchoring {
  root: Hex;
  count: number;
  txHash: Hex;
  blockNumber: number;
  blockTime: number;
}

const ZERO = `0x${'0'.repeat(64)}`;

/**
 * Asks the registry whether a batch is anchored and, when it is, which transaction did it: the
 * contract keeps the block, the BatchAnchored log in that block names the transaction. This is
 * how a restarted worker learns what happened to a batch it may or may not have sent.
 */
export async function findAnchoring(client: PublicClient, registry: Address, batchId: Hex): Promise<Anchoring | undefined> {
  const batch = await client.readContract({ address: registry, abi: sealRegistryAbi, functionName: 'batchOf', args: [batchId] });
  if (batch.root === ZERO) return undefined;
  const logs = await client.getContractEvents({ address: registry, abi: sealRegistryAbi, eventName: 'BatchAnchored', args: { batchId }, fromBlock: batch.blockNumber, toBlock: batch.blockNumber });
  const log = logs[0];
  if (!log) throw new SealdeskError('CHAIN_TX_FAILED', { reason: `batch ${batchId} is anchored but its log is missing from block ${batch.blockNumber}`, reasonZh: `批次 ${batchId} 已上链，但区块 ${batch.blockNumber} 中没有其日志` });
  return { root: batch.root, count: batch.count, txHash: log.transactionHash, blockNumber: Number(batch.blockNumber), blockTime: Number(batch.anchoredAt) };
}
