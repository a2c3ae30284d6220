import type { Address, TransactionReceipt } from 'viem';
import { SealRegistry } from '../../seals/registry/seal-registry.js';
import type { ChainClient } from '../chain/chain-client.js';
import { chainId32 } from '../chain/chain-id.js';
import { writeRegistry } from '../chain/seal-registry.js';
import { putSealRecord, sealRecordOf } from './seal-record.js';

/**
 * Puts the seal's record (read from this home's registry) into the hall's store, then binds its
 * hash to the seal on chain (SealRecordPublished), once final. The bytes go first: a terminal that
 * sees the hash can always read them.
 */
export async function publishSealRecord(client: ChainClient, registry: Address, store: string, home: string, sealId: string): Promise<{ hash: string; receipt: TransactionReceipt }> {
  const seals = SealRegistry.open(home);
  let hash: string;
  try {
    const seal = seals.get(sealId);
    hash = putSealRecord(store, sealRecordOf(seal, seals.image(sealId), seal.format === 'gbt38540' ? seals.eseal(sealId) : undefined));
  } finally {
    seals.close();
  }
  const receipt = await writeRegistry(client, registry, 'publishSealRecord', [chainId32(sealId), `0x${hash}`]);
  return { hash, receipt };
}
