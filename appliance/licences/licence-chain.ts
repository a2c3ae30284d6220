import { encodeFunctionData, getContract, hexToBytes, toHex, type Address, type Hex, type PublicClient, type TransactionReceipt } from 'viem';
import { sealRegistryAbi } from '../../contracts/seal-registry-abi.js';
import type { ChainClient } from '../ledger/chain/chain-client.js';
import { chainError } from '../ledger/chain/chain-error.js';
import type { LicenceBinding } from './licence-envelope.js';

/** A published licence record as any node returns it (SealRegistry.licenceOf). */
export interface LicenceOnChain extends LicenceBinding {
  issuedAt: number;
  blockNumber: number;
  terminal: Address;
  envelope: Buffer;
}

/** SealRegistry.publishLicence, signed by the terminal's chain key; resolves once final. */
export function publishLicenceRecord(client: ChainClient, registry: Address, binding: LicenceBinding, envelope: Buffer): Promise<TransactionReceipt> {
  const data = encodeFunctionData({ abi: sealRegistryAbi, functionName: 'publishLicence', args: [binding.licenceId, binding.organisation, binding.sealId, binding.documentHash, toHex(envelope)] });
  return client.sendAndWait({ to: registry, data });
}

/** The record by its chain id through eth_call, or undefined when none was published under it. */
export async function readLicenceRecord(client: PublicClient, registry: Address, licenceId: Hex): Promise<LicenceOnChain | undefined> {
  let record;
  try {
    record = await getContract({ address: registry, abi: sealRegistryAbi, client }).read.licenceOf([licenceId]);
  } catch (error) {
    throw chainError(error);
  }
  if (record.issuedAt === 0n) return undefined;
  return {
    licenceId,
    organisation: record.organisation,
    sealId: record.sealId,
    documentHash: record.documentHash,
    issuedAt: Number(record.issuedAt),
    blockNumber: Number(record.blockNumber),
    terminal: record.terminal,
    envelope: Buffer.from(hexToBytes(record.ciphertext)),
  };
}
