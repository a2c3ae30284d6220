import type { Address, Hex } from 'viem';

/**
 * What an event keeps once anchored: enough to prove, with JSON-RPC reads alone, that the event
 * (its digest) is a leaf of a root the registry recorded in a given transaction and block.
 */
export interface AnchorReceipt {
  version: 1;
  eventId: string;
  /** value: the event digest; hash: the leaf hash of the standard Merkle tree. */
  leaf: { value: Hex; hash: Hex };
  proof: Hex[];
  root: Hex;
  batchId: Hex;
  organisation: Hex;
  txHash: Hex;
  blockNumber: number;
  /** Unix seconds of the block. */
  blockTime: number;
  chainId: number;
  contract: Address;
}
