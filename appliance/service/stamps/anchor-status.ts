import type { Outbox } from '../../ledger/outbox/outbox.js';
import type { AnchorView } from './stamp-job.js';

/** pending until the ledger worker stored the event's receipt; then the block and transaction that anchored it. */
export function anchorOf(outbox: Outbox, eventId: string): AnchorView {
  const receipt = outbox.receipt(eventId);
  if (!receipt) return { status: 'pending' };
  return { status: 'anchored', blockNumber: receipt.blockNumber, txHash: receipt.txHash, anchoredAt: new Date(receipt.blockTime * 1000).toISOString(), chainId: receipt.chainId };
}
