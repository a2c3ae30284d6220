import { encodeFunctionData, type Address, type Hex } from 'viem';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { ChainClient } from '../chain/chain-client.js';
import { findAnchoring, type Anchoring } from './find-anchoring.js';
import type { BatchRecord, Outbox } from './outbox.js';

/** Where a crash test may stop the worker: after the batch is on disk, after sending, after finality, after the receipts. */
export type AnchorStep = 'recorded' | 'sent' | 'final' | 'stored';

export interface AnchorContext {
  outbox: Outbox;
  client: ChainClient;
  registry: Address;
  onStep?: (step: AnchorStep, batchId: Hex) => void;
}

async function waitForConfirmations(context: AnchorContext, blockNumber: number): Promise<void> {
  const wanted = BigInt(blockNumber + context.client.confirmations - 1);
  while ((await context.client.public.getBlockNumber({ cacheTime: 0 })) < wanted) await new Promise((r) => setTimeout(r, context.client.public.pollingInterval));
}

/**
 * Anchors one recorded batch exactly once. The contract is asked first: a batch a crashed worker
 * already anchored is only looked up. Otherwise it is sent; should an earlier, lost send land
 * too, the contract ignores the second (anchorBatch is idempotent). The receipt always comes
 * from what the contract recorded, not from which of our transactions got there first.
 */
/** Returns the number of events anchored. */
export async function anchorBatch(context: AnchorContext, batch: BatchRecord): Promise<number> {
  const { outbox, client, registry } = context;
  let anchoring: Anchoring | undefined = await findAnchoring(client.public, registry, batch.id);
  if (anchoring) await waitForConfirmations(context, anchoring.blockNumber);
  else {
    const data = encodeFunctionData({ abi: sealRegistryAbi, functionName: 'anchorBatch', args: [batch.id, batch.organisation, batch.root, batch.count] });
    const hash = await client.send({ to: registry, data });
    context.onStep?.('sent', batch.id);
    await client.waitFinal(hash);
    anchoring = await findAnchoring(client.public, registry, batch.id);
    if (!anchoring) throw new SealdeskError('CHAIN_TX_FAILED', { reason: `batch ${batch.id} is not anchored after transaction ${hash}`, reasonZh: `交易 ${hash} 完成后，批次 ${batch.id} 仍未上链` });
  }
  if (anchoring.root !== batch.root) throw new SealdeskError('CHAIN_TX_FAILED', { reason: `batch ${batch.id} is anchored with another root`, reasonZh: `批次 ${batch.id} 上链的根与本地不一致` });
  context.onStep?.('final', batch.id);

  const { members, tree } = outbox.batchTree(batch.id);
  if (tree.root !== batch.root) throw new SealdeskError('INTERNAL', { reason: `batch ${batch.id} members no longer give its root` });
  outbox.completeBatch(
    batch.id,
    { txHash: anchoring.txHash, blockNumber: anchoring.blockNumber, blockTime: anchoring.blockTime, chainId: client.chainId, contract: registry },
    members.map((member, index) => ({ eventId: member.id, proof: tree.proof(index) })),
  );
  context.onStep?.('stored', batch.id);
  return members.length;
}
