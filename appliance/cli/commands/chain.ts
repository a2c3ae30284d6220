import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { createPublicClient, http, parseEventLogs, type Address } from 'viem';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { sealRegistryAbi } from '../../../contracts/seal-registry-abi.js';
import { chainError } from '../../ledger/chain/chain-error.js';
import { chainId32 } from '../../ledger/chain/chain-id.js';
import { deploySealRegistry, sealRegistryAt, writeRegistry } from '../../ledger/chain/seal-registry.js';
import { rpcTransport } from '../../ledger/chain/rpc-transport.js';
import { tokenAccount } from '../../ledger/chain/token-account.js';
import { loadLedgerConfig, requireRegistry, requireRpc, saveLedgerConfig } from '../../ledger/ledger-config.js';
import type { AnchorReceipt } from '../../ledger/outbox/anchor-receipt.js';
import { verifyReceipt } from '../../ledger/outbox/verify-receipt.js';
import { queuedSealRecords } from '../../ledger/follower/record-queue.js';
import { queuedSealStatuses } from '../../ledger/follower/status-queue.js';
import { openTerminalLedger } from '../../ledger/terminal-ledger.js';
import { commandAction } from '../command-action.js';
import { printJson, printTable } from '../output.js';
import { pinFrom } from '../../tokens/pin-input.js';

interface Common {
  json?: boolean;
  module?: string;
  rpc?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const withRpc = (command: Command) => command.option('--rpc <url>', 'JSON-RPC URL (repeat for failover; default: ledger.json or SEALDESK_RPC_URLS)', collect).option('--json', 'machine-readable output');

async function login(token: Token): Promise<void> {
  if (!token.isLoggedIn) await token.login(await pinFrom('SEALDESK_PIN', `用户口令 / user PIN for ${token.label}: `));
}

const bigintsToStrings = (args: Record<string, unknown>) => Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));

export default function chain(): Command {
  const group = new Command('chain').description('the ledger chain: node, SealRegistry contract, receipts / 区块链存证');

  group
    .command('up')
    .description('start a development chain node (anvil) with its state under SEALDESK_HOME/chain; stops on Ctrl-C')
    .option('--port <n>', 'port (default: any free port)')
    .option('--fund <address>', 'give an address gas money (repeatable)', collect)
    .option('--json', 'machine-readable output')
    .action(
      commandAction<Common & { port?: string; fund?: string[] }>(async (ctx, options) => {
        const { startDevChainNode } = await import('../dev/chain-node.js');
        const anvil = await startDevChainNode(ctx.home, { port: options.port ? Number(options.port) : 0, fund: options.fund });
        saveLedgerConfig(ctx.home, { rpcUrls: [anvil.rpcUrl] });
        const state = { rpcUrl: anvil.rpcUrl, pid: anvil.pid, statePath: anvil.statePath };
        if (options.json) printJson(state);
        else console.log(`chain node at ${anvil.rpcUrl} (state ${anvil.statePath}); Ctrl-C stops it`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await anvil.stop();
      }),
    );

  withRpc(group.command('deploy'))
    .description('deploy SealRegistry with the token’s chain key as registry admin, organisation admin and issuer (SEALDESK_PIN)')
    .requiredOption('--org <id>', 'the terminal’s organisation (USCC)')
    .option('--token <label>', 'token holding the chain key')
    .option('--key <label>', 'chain key label (secp256k1)', 'chain')
    .option('--module <path>', 'PKCS#11 module')
    .action(
      commandAction<Common & { org: string; token?: string; key: string }>(async (ctx, options) => {
        const config = loadLedgerConfig(ctx.home);
        const rpcUrls = options.rpc ?? requireRpc(config);
        const chainKey = { label: options.key, ...(options.token ? { token: options.token } : {}) };
        const ledger = await openTerminalLedger(ctx.home, await ctx.pkcs11(), { ...config, rpcUrls, chainKey }, login);
        try {
          const { address, receipt } = await deploySealRegistry(ledger.client);
          const organisation = chainId32(options.org);
          await writeRegistry(ledger.client, address, 'addOrganisation', [organisation, ledger.client.address]);
          await writeRegistry(ledger.client, address, 'setIssuer', [organisation, ledger.client.address, true]);
          saveLedgerConfig(ctx.home, { rpcUrls, registry: address, organisation, organisationId: options.org, chainKey });
          const result = { registry: address, admin: ledger.client.address, chainId: ledger.client.chainId, organisation, txHash: receipt.transactionHash };
          if (options.json) printJson(result);
          else console.log(`SealRegistry deployed at ${address} (chain ${result.chainId}), admin ${result.admin}`);
        } finally {
          ledger.close();
        }
      }),
    );

  group
    .command('address')
    .description('the Ethereum address of a chain key on the token (what an organisation admin allows as issuer); no PIN needed')
    .option('--token <label>', 'token holding the chain key (default: ledger.json)')
    .option('--key <label>', 'chain key label (default: ledger.json, else chain)')
    .option('--module <path>', 'PKCS#11 module')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ json?: boolean; module?: string; token?: string; key?: string }>(async (ctx, options) => {
        const config = loadLedgerConfig(ctx.home);
        const label = options.key ?? config.chainKey.label;
        const tokenLabel = options.token ?? config.chainKey.token;
        const pkcs11 = await ctx.pkcs11();
        const account = await tokenAccount(tokenLabel ? pkcs11.token({ label: tokenLabel }) : pkcs11.token({}), label);
        if (options.json) printJson({ address: account.address, key: label });
        else console.log(account.address);
      }),
    );

  group
    .command('refollow')
    .description('apply the chain again from a block into this terminal’s registry (after CHAIN_REORG_TOO_DEEP); audited / 从指定区块重新跟随')
    .requiredOption('--from-block <n>', 'the first block to apply again (0: rebuild the whole view)')
    .option('--json', 'machine-readable output')
    .action(
      commandAction<{ json?: boolean; fromBlock: string }>(async (ctx, options) => {
        const { refollowAudited } = await import('../chain-refollow.js');
        const result = refollowAudited(ctx.home, Number(options.fromBlock));
        if (options.json) printJson(result);
        else console.log(`the follower applies the chain again from block ${result.fromBlock} (it had applied up to ${result.previousBlock}${result.previousError ? `, stopped by ${result.previousError}` : ''}); the running appliance picks it up on its next round`);
      }),
    );

  withRpc(group.command('status'))
    .description('each node’s chain id and height, the registry and its anchored batches')
    .action(
      commandAction<Common>(async (ctx, options) => {
        const config = loadLedgerConfig(ctx.home);
        const rpcUrls = options.rpc ?? requireRpc(config);
        type NodeState = { url: string; ok: true; chainId: number; block: number; lagging?: boolean } | { url: string; ok: false; error: string };
        const answers = await Promise.all(
          rpcUrls.map(async (url): Promise<NodeState> => {
            const client = createPublicClient({ transport: http(url, { timeout: 3_000, retryCount: 0 }) });
            try {
              return { url, ok: true, chainId: await client.getChainId(), block: Number(await client.getBlockNumber()) };
            } catch (error) {
              return { url, ok: false, error: chainError(error).messageEn };
            }
          }),
        );
        // a node that answers but is far behind the others is skipped by every chain client
        const highest = Math.max(...answers.map((n) => (n.ok ? n.block : 0)));
        const lagCheck = config.maxLagBlocks > 0 && rpcUrls.length > 1;
        const nodes = answers.map((n): NodeState => (n.ok ? { ...n, lagging: lagCheck && highest - n.block > config.maxLagBlocks } : n));
        let registry: { address: Address; deployed: boolean; batches?: number } | undefined;
        if (config.registry && nodes.some((n) => n.ok)) {
          const client = createPublicClient({ transport: rpcTransport(rpcUrls, { timeoutMs: 3_000, maxLagBlocks: config.maxLagBlocks }) });
          const code = await client.getCode({ address: config.registry });
          const deployed = !!code && code !== '0x';
          const batches = deployed ? (await client.getContractEvents({ address: config.registry, abi: sealRegistryAbi, eventName: 'BatchAnchored', fromBlock: 0n })).length : undefined;
          registry = { address: config.registry, deployed, ...(batches !== undefined ? { batches } : {}) };
        }
        // seal changes made here the chain does not hold yet: the running appliance sends them
        const sealQueue = { statuses: queuedSealStatuses(ctx.home).length, records: queuedSealRecords(ctx.home).length };
        const status = { nodes, registry: registry ?? null, organisation: config.organisationId ?? null, confirmations: config.confirmations, maxLagBlocks: config.maxLagBlocks, sealQueue };
        if (options.json) printJson(status);
        else {
          const row = (n: NodeState) =>
            n.ok ? { url: n.url, state: n.lagging ? `lagging (${highest - n.block} blocks behind: skipped)` : 'up', chain: n.chainId, block: n.block } : { url: n.url, state: `down (${n.error})` };
          printTable(nodes.map(row), ['url', 'state', 'chain', 'block']);
          console.log(registry ? `registry ${registry.address}: ${registry.deployed ? `${registry.batches} batches anchored` : 'NOT DEPLOYED'}` : 'registry: not configured');
          console.log(`seal changes not on chain yet: ${sealQueue.statuses} status, ${sealQueue.records} record (sent by the running appliance)`);
        }
        if (!nodes.some((n) => n.ok)) throw new SealdeskError('CHAIN_UNREACHABLE', { reason: 'no node answered', reasonZh: '没有节点应答' });
      }),
    );

  withRpc(group.command('events'))
    .description('events of the registry: seals registered, status changes, anchored batches')
    .option('--from-block <n>', 'first block', '0')
    .action(
      commandAction<Common & { fromBlock: string }>(async (ctx, options) => {
        const config = loadLedgerConfig(ctx.home);
        const client = createPublicClient({ transport: rpcTransport(options.rpc ?? requireRpc(config), { maxLagBlocks: config.maxLagBlocks }) });
        const address = requireRegistry(config);
        await sealRegistryAt(client, address).catch((error: unknown) => Promise.reject(chainError(error)));
        const logs = parseEventLogs({ abi: sealRegistryAbi, logs: await client.getLogs({ address, fromBlock: BigInt(options.fromBlock) }) });
        const rows = logs.map((log) => ({ block: Number(log.blockNumber), tx: log.transactionHash, event: log.eventName, args: bigintsToStrings(log.args as Record<string, unknown>) }));
        if (options.json) printJson(rows);
        else printTable(rows.map((r) => ({ ...r, args: JSON.stringify(r.args) })), ['block', 'event', 'tx', 'args']);
      }),
    );

  withRpc(group.command('verify-receipt <file>'))
    .description('check an event receipt with JSON-RPC reads only: signed event → leaf → proof → root → transaction → block')
    .action(
      commandAction<Common>(async (ctx, options, args) => {
        const file = args[0]!;
        let receipt: AnchorReceipt;
        try {
          receipt = JSON.parse(readFileSync(file, 'utf8')) as AnchorReceipt;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SealdeskError('FILE_NOT_FOUND', { path: file });
          throw new SealdeskError('RECEIPT_INVALID', { reason: (error as Error).message });
        }
        const verified = await verifyReceipt(receipt, options.rpc ?? requireRpc(loadLedgerConfig(ctx.home)));
        if (options.json) printJson({ valid: true, ...verified });
        else {
          const signed = verified.signer === 'unchecked' ? 'signature not checked: the receipt carries no seal certificate' : `signed by the ${verified.signer === 'chain-key' ? 'terminal’s chain key' : 'seal certificate'}`;
          console.log(`有效 / valid: event ${verified.eventId} (${verified.kind}, seal ${verified.sealId}, document ${verified.documentHash ?? '-'}, ${verified.time}; ${signed}) anchored in block ${verified.blockNumber} at ${verified.anchoredAt.toISOString()} (${verified.confirmations} confirmations)`);
        }
      }),
    );

  return group;
}
