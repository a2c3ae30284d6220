import { encodeDeployData, encodeFunctionData, getContract, type Address, type PublicClient, type TransactionReceipt } from 'viem';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { compileSealRegistry } from '../contract/compile-seal-registry.js';
import type { ChainClient } from './chain-client.js';

export const SEAL_STATUS = { none: 0, active: 1, suspended: 2, revoked: 3 } as const;
export type SealStatus = keyof typeof SEAL_STATUS;
export const statusName = (n: number): SealStatus => (Object.keys(SEAL_STATUS) as SealStatus[])[n] ?? 'none';

/** Compiles (cached) and deploys SealRegistry with `admin` (default: the sender) as registry admin. */
export async function deploySealRegistry(client: ChainClient, admin: Address = client.address): Promise<{ address: Address; receipt: TransactionReceipt }> {
  const { abi, bytecode } = compileSealRegistry();
  const receipt = await client.sendAndWait({ data: encodeDeployData({ abi, bytecode, args: [admin] }) });
  if (!receipt.contractAddress) throw new SealdeskError('CHAIN_TX_FAILED', { reason: 'the deployment made no contract', reasonZh: '部署交易没有生成合约' });
  return { address: receipt.contractAddress, receipt };
}

/** Read access to a deployed registry, checked to have code at the address. */
export async function sealRegistryAt(publicClient: PublicClient, address: Address) {
  const code = await publicClient.getCode({ address });
  if (!code || code === '0x') throw new SealdeskError('CONTRACT_NOT_DEPLOYED', { address });
  return getContract({ address, abi: sealRegistryAbi, client: publicClient });
}

type WriteName = 'addOrganisation' | 'setIssuer' | 'registerSeal' | 'publishSealRecord' | 'setStatus' | 'anchorBatch' | 'grantRole' | 'revokeRole' | 'registerTerminal' | 'setTerminalGrant' | 'publishOrganisationRecord';

/** One registry write, signed by the client's account; resolves once final. */
export function writeRegistry<N extends WriteName>(
  client: ChainClient,
  address: Address,
  functionName: N,
  args: Parameters<typeof encodeFunctionData<typeof sealRegistryAbi, N>>[0]['args'],
): Promise<TransactionReceipt> {
  const data = encodeFunctionData({ abi: sealRegistryAbi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
  return client.sendAndWait({ to: address, data });
}
