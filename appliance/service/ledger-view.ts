import { createPublicClient, http } from 'viem';
import type { Outbox } from '../ledger/outbox/outbox.js';
import type { LedgerView } from './service-context.js';

/**
 * The ledger as /health and /metrics see it: what waits in the outbox (unbatched events and
 * batches not yet anchored) and how old the oldest of it is; the chain's height when one is set.
 */
export function ledgerView(outbox: () => Outbox, chain?: { rpcUrl: string; registry: string }): LedgerView {
  const view: LedgerView = {
    outbox() {
      const box = outbox();
      const status = box.status();
      const pending = box.pendingBatches();
      const oldest = [status.oldestUnbatchedAt, ...pending.map((b) => b.createdAt)].filter((t): t is number => t !== null);
      return {
        waiting: status.events - status.receipts,
        oldestWaitingMs: oldest.length ? Math.max(0, Date.now() - Math.min(...oldest)) : null,
        lastError: status.lastError,
      };
    },
  };
  if (chain) {
    const client = createPublicClient({ transport: http(chain.rpcUrl, { timeout: 2_000, retryCount: 0 }) });
    view.chain = async () => ({ chainId: await client.getChainId(), height: Number(await client.getBlockNumber()), registry: chain.registry });
  }
  return view;
}
