import { createPublicClient, type Address, type Hex } from 'viem';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { chainError } from '../../ledger/chain/chain-error.js';
import { rpcTransport } from '../../ledger/chain/rpc-transport.js';

/**
 * The transaction that published a licence: the registry keeps the block, not the transaction, so
 * it is the LicencePublished log of that block (licenceId is an indexed topic); null if none.
 */
export async function licenceTransaction(rpcUrls: string[], registry: Address, chainLicenceId: Hex, blockNumber: number): Promise<Hex | null> {
  const client = createPublicClient({ transport: rpcTransport(rpcUrls) });
  try {
    const block = BigInt(blockNumber);
    const logs = await client.getContractEvents({ address: registry, abi: sealRegistryAbi, eventName: 'LicencePublished', args: { licenceId: chainLicenceId }, fromBlock: block, toBlock: block });
    return logs[0]?.transactionHash ?? null;
  } catch (error) {
    throw chainError(error);
  }
}
