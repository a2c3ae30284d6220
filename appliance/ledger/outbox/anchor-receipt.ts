import type { Address, Hex } from 'viem';
import type { SignedSealEvent } from './seal-event.js';

/** How an event is anchored: its leaf, the proof to the root, and where the root went on chain. */
export interface AnchorProof {
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

/**
 * Version 1 only claimed an event id: nothing tied it (or the document, seal and time a reader
 * took from the terminal) to the leaf, so a changed id still verified. Refused as RECEIPT_UNBOUND.
 */
export interface AnchorReceiptV1 extends AnchorProof {
  version: 1;
  eventId: string;
}

/**
 * What an event keeps once anchored: the signed event itself, whose RFC 8785 digest is the leaf,
 * and enough to prove with JSON-RPC reads alone that the leaf is in a root the registry recorded
 * in a given transaction and block. The claims beside it (id, seal, document hash, time) are what
 * a reader looks at; each must equal the event's own field.
 */
export interface AnchorReceipt extends AnchorProof {
  version: 2;
  eventId: string;
  sealId: string;
  documentHash: string | null;
  time: string;
  event: SignedSealEvent;
  /** Base64 DER of the seal certificate the event names (signerCertificateHash), when the terminal holds it. */
  signerCertificate?: string;
}
