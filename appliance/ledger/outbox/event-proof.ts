import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import type { Hex } from 'viem';

/** Leaves are one bytes32 each, in OpenZeppelin's standard format, so Solidity's MerkleProof verifies them. */
export const LEAF_ENCODING = ['bytes32'];

/**
 * Whether `proof` takes the event digest to `root` in OpenZeppelin's standard tree; the library's
 * own check, apart from event-tree.ts so that a stamp, which only adds leaves, does not load it.
 */
export function verifyEventProof(root: Hex, digest: Hex, proof: Hex[]): boolean {
  return StandardMerkleTree.verify(root, LEAF_ENCODING, [digest], proof);
}
