import { createHash } from 'node:crypto';
import type { Address } from 'viem';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { SealRegistry } from '../../seals/registry/seal-registry.js';
import type { ChainClient } from '../chain/chain-client.js';
import { chainId32 } from '../chain/chain-id.js';
import { sealRegistryAt, writeRegistry } from '../chain/seal-registry.js';

/**
 * A queued seal the chain does not know yet: its enrolment's registerSeal never reached the chain
 * (the node out of reach, the transaction failed, the process ended) — registered now, as the
 * enrolment would have, so its record can be bound to it. Only an active seal: one revoked or
 * suspended here before the chain ever knew it is not made active on chain (SEAL_REVOKED,
 * SEAL_SUSPENDED; the queue drops or skips it). Returns whether it sent a registration.
 */
export async function registerQueuedSeal(client: ChainClient, registry: Address, home: string, sealId: string): Promise<boolean> {
  const contract = await sealRegistryAt(client.public, registry);
  const [, , status] = await contract.read.sealOf([chainId32(sealId)]);
  if (status !== 0) return false;
  const seals = SealRegistry.open(home);
  let seal;
  try {
    seal = seals.get(sealId);
  } finally {
    seals.close();
  }
  if (seal.status === 'revoked') throw new SealdeskError('SEAL_REVOKED', { seal: sealId });
  if (seal.status === 'suspended') throw new SealdeskError('SEAL_SUSPENDED', { seal: sealId });
  const certificateSha256 = createHash('sha256').update(seal.certificateChain[0]!).digest('hex');
  await writeRegistry(client, registry, 'registerSeal', [chainId32(sealId), chainId32(seal.organisation.uscc), `0x${certificateSha256}`]);
  return true;
}
