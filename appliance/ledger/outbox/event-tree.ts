import { keccak256 } from '../../../drivers/pkcs11/keccak.js';
import type { Hex } from 'viem';
import { canonicalJson } from './canonical-json.js';
import type { SignedSealEvent } from './seal-event.js';

// sealdesk's keccak256 (drivers/pkcs11/keccak.ts) rather than viem's and the tree library: every stamp
// adds its event's leaf here, and their load was a third of `sealdesk stamp`'s start (cli-start bench)
const hex = (b: Uint8Array): Hex => `0x${Buffer.from(b).toString('hex')}`;
const bytes = (value: Hex) => Buffer.from(value.slice(2), 'hex');

/** What a leaf stands for: keccak256 of the signed event's RFC 8785 bytes. */
export function eventDigest(event: SignedSealEvent): Hex {
  return hex(keccak256(Buffer.from(canonicalJson(event), 'utf8')));
}

/** The standard tree's leaf hash of one bytes32: keccak256(keccak256(abi.encode(value))), and abi.encode(bytes32) is the value. */
export function leafHash(digest: Hex): Hex {
  return hex(keccak256(keccak256(bytes(digest))));
}

export interface EventTree {
  root: Hex;
  /** The proof of the index-th digest, in the order given to buildEventTree. */
  proof(index: number): Hex[];
}

/**
 * The same tree as StandardMerkleTree.of(digests.map(d => [d]), ['bytes32']) — leaves sorted by
 * hash, laid out as OpenZeppelin's makeMerkleTree does, pairs hashed sorted — built directly:
 * the library re-encodes and re-validates every value for each proof, which costs seconds per
 * thousand events. test/appliance/ledger/event-tree.test.ts holds the two to the same roots and proofs.
 */
export function buildEventTree(digests: Hex[]): EventTree {
  return buildTreeFromLeaves(digests.map(leafHash));
}

/** The tree from leaf hashes already computed (the outbox keeps each event's leaf hash). */
export function buildTreeFromLeaves(leafHashes: Hex[]): EventTree {
  const n = leafHashes.length;
  if (n === 0) throw new Error('a Merkle tree needs at least one leaf');
  const leaves = leafHashes.map((hash, index) => ({ index, hash: bytes(hash) }));
  leaves.sort((a, b) => Buffer.compare(a.hash, b.hash));
  const tree: Uint8Array[] = new Array<Uint8Array>(2 * n - 1);
  const position = new Array<number>(n);
  leaves.forEach((leaf, i) => {
    tree[tree.length - 1 - i] = leaf.hash;
    position[leaf.index] = tree.length - 1 - i;
  });
  const pair = new Uint8Array(64);
  for (let i = tree.length - 1 - n; i >= 0; i--) {
    const [a, b] = [tree[2 * i + 1]!, tree[2 * i + 2]!];
    const aFirst = Buffer.compare(a, b) <= 0;
    pair.set(aFirst ? a : b, 0);
    pair.set(aFirst ? b : a, 32);
    tree[i] = keccak256(pair);
  }
  return {
    root: hex(tree[0]!),
    proof(index) {
      const proof: Hex[] = [];
      for (let at = position[index]!; at > 0; at = Math.floor((at - 1) / 2)) proof.push(hex(tree[at % 2 === 1 ? at + 1 : at - 1]!));
      return proof;
    },
  };
}
