import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { keccak256, toHex, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { verifyEventProof } from '../../../appliance/ledger/outbox/event-proof.js';
import { buildEventTree, leafHash } from '../../../appliance/ledger/outbox/event-tree.js';

const digests = (n: number): Hex[] => Array.from({ length: n }, (_, i) => keccak256(toHex(`event-${i}`)));

describe('event tree', () => {
  it.each([1, 2, 3, 7, 64, 257])('is OpenZeppelin’s standard tree for %i leaves: same root, same proofs', (n) => {
    const values = digests(n);
    const ours = buildEventTree(values);
    const theirs = StandardMerkleTree.of(
      values.map((v) => [v]),
      ['bytes32'],
    );
    expect(ours.root).toBe(theirs.root);
    values.forEach((value, i) => {
      expect(ours.proof(i)).toEqual(theirs.getProof(i));
      expect(leafHash(value)).toBe(theirs.leafHash([value]));
      expect(verifyEventProof(ours.root, value, ours.proof(i))).toBe(true);
    });
  });

  it('a proof does not verify another leaf or another root', () => {
    const values = digests(9);
    const tree = buildEventTree(values);
    expect(verifyEventProof(tree.root, values[1]!, tree.proof(0))).toBe(false);
    expect(verifyEventProof(buildEventTree(digests(8)).root, values[0]!, tree.proof(0))).toBe(false);
  });
});
