import { encodeDeployData, encodeFunctionData, type Address, type Hex } from 'viem';
import { compileSealRegistry } from '../../../../appliance/ledger/contract/compile-seal-registry.js';
import { chainId32 } from '../../../../appliance/ledger/chain/chain-id.js';
import { SEAL_STATUS } from '../../../../appliance/ledger/chain/seal-registry.js';
import { sealRegistryAbi } from '../../../../contracts/seal-registry-abi.js';
import type { Anvil } from '../../../../simulator/chain/anvil.js';

/** anvil's first dev account: unlocked, so set-up transactions need no signing (eth_sendTransaction). */
export const DEV_ACCOUNT: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
export const ORGANISATION = chainId32('11330106002489166C');

const hex = (n: number | bigint) => `0x${n.toString(16)}`;

async function batch(anvil: Anvil, calls: Array<{ method: string; params: unknown[] }>): Promise<unknown[]> {
  const response = await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(calls.map((c, id) => ({ jsonrpc: '2.0', id, ...c }))) });
  const answers = (await response.json()) as Array<{ id: number; result?: unknown; error?: { message: string } }>;
  const failed = answers.find((a) => a.error);
  if (failed) throw new Error(`${calls[failed.id]?.method}: ${failed.error!.message}`);
  return answers.sort((a, b) => a.id - b.id).map((a) => a.result);
}

/** Deploys SealRegistry from the dev account (admin of one organisation); resolves with its address. */
export async function deployDevRegistry(anvil: Anvil): Promise<Address> {
  const { abi, bytecode } = compileSealRegistry();
  const hash = await anvil.rpc<Hex>('eth_sendTransaction', [{ from: DEV_ACCOUNT, data: encodeDeployData({ abi, bytecode, args: [DEV_ACCOUNT] }) }]);
  // anvil's automine answers the send before its block is in: on a busy host the receipt can be null at first
  let receipt: { contractAddress: Address } | null = null;
  for (let tries = 0; !receipt && tries < 200; tries++) {
    receipt = await anvil.rpc<{ contractAddress: Address } | null>('eth_getTransactionReceipt', [hash]);
    if (!receipt) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!receipt) throw new Error(`the registry's deployment ${hash} was not mined`);
  await send(anvil, receipt.contractAddress, [encodeFunctionData({ abi: sealRegistryAbi, functionName: 'addOrganisation', args: [ORGANISATION, DEV_ACCOUNT] })]);
  return receipt.contractAddress;
}

/**
 * Sends the calls from the dev account with automining off, `perBlock` to a block, then mines
 * them: thousands of events in seconds. Automining is on again afterwards.
 */
export async function send(anvil: Anvil, to: Address, data: Hex[], perBlock = 200): Promise<void> {
  await anvil.rpc('evm_setAutomine', [false]);
  try {
    // nonces given: a batch of sends is taken in parallel, and the node's own count would race
    let nonce = Number(await anvil.rpc<Hex>('eth_getTransactionCount', [DEV_ACCOUNT, 'pending']));
    for (let i = 0; i < data.length; i += perBlock) {
      const calls = data.slice(i, i + perBlock).map((d) => ({ method: 'eth_sendTransaction', params: [{ from: DEV_ACCOUNT, to, data: d, gas: hex(300_000), nonce: hex(nonce++) }] }));
      const hashes = (await batch(anvil, calls)) as Hex[];
      await anvil.rpc('evm_mine', []);
      const receipts = (await batch(anvil, hashes.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })))) as Array<{ status: Hex } | null>;
      if (receipts.some((r) => r?.status !== '0x1')) throw new Error('a set-up transaction was not mined or reverted');
    }
  } finally {
    await anvil.rpc('evm_setAutomine', [true]);
  }
}

export const registerCall = (id: string, certificateHash: Hex = chainId32(`cert:${id}`)): Hex =>
  encodeFunctionData({ abi: sealRegistryAbi, functionName: 'registerSeal', args: [chainId32(id), ORGANISATION, certificateHash] });

export const statusCall = (id: string, status: keyof typeof SEAL_STATUS, reason: string = status): Hex =>
  // one effective time for all: the contract wants them in order, and equal is in order
  encodeFunctionData({ abi: sealRegistryAbi, functionName: 'setStatus', args: [chainId32(id), SEAL_STATUS[status], 2_000_000_000n, reason] });

/**
 * `count` SealRegistry events (about): seals registered (2 events each) and then suspended and
 * resumed in turn (1 each), in blocks of `perBlock` transactions. Resolves with the events made.
 */
export async function makeEvents(anvil: Anvil, registry: Address, count: number, prefix = 'seal', perBlock = 200): Promise<number> {
  const seals = Math.max(1, Math.floor(count / 4));
  const calls: Hex[] = [];
  for (let i = 0; i < seals; i++) calls.push(registerCall(`${prefix}-${i}`));
  let events = seals * 2;
  for (let i = 0; events < count; i++, events++) calls.push(statusCall(`${prefix}-${i % seals}`, Math.floor(i / seals) % 2 === 0 ? 'suspended' : 'active'));
  await send(anvil, registry, calls, perBlock);
  return events;
}
