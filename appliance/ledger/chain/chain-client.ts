import type Database from 'better-sqlite3';
import { createPublicClient, keccak256, type Address, type Hash, type Hex, type LocalAccount, type PublicClient, type TransactionReceipt, type TransactionSerializable } from 'viem';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { chainError } from './chain-error.js';
import { NonceStore } from './nonce-store.js';
import { rpcTransport } from './rpc-transport.js';

export interface ChainClientOptions {
  rpcUrls: string[];
  account: LocalAccount;
  /** Where the nonce store lives (the outbox database on a terminal). */
  db: Database.Database;
  /** Blocks on top of the one holding a transaction before it counts as final (1: mined). */
  confirmations?: number;
  pollingIntervalMs?: number;
  /** Per JSON-RPC request, before the next URL is tried. */
  requestTimeoutMs?: number;
  /** How long to wait for a transaction to become final. */
  finalityTimeoutMs?: number;
  /** A node this many blocks behind the others is skipped (rpcTransport's default when absent; 0: no check). */
  maxLagBlocks?: number;
  /** How often the nodes' heights are compared (rpcTransport's default when absent). */
  heightCheckMs?: number;
}

export interface TransactionRequest {
  to?: Address;
  data: Hex;
}

/**
 * Sends transactions signed by one account (the token's chain key) to any of several nodes:
 * nonces from the node's pending count and the local store, fees and gas from the node, one
 * transaction at a time so two callers never take the same nonce.
 */
/**
 * One send at a time per chain and account in this process, across clients: the ledger worker,
 * a kiosk's licence and the desk's seal changes each open a client on the terminal's one chain key,
 * and two sends at once took one nonce twice (CHAIN_TX_FAILED "nonce too low": the demo hall's
 * licence failure once the follower's load changed the timing).
 */
const sending = new Map<string, Promise<unknown>>();

/** A nonce another process (the CLI beside the service) took first: asked again this many times. */
const NONCE_RETRIES = 3;
export class ChainClient {
  readonly public: PublicClient;
  readonly account: LocalAccount;
  readonly chainId: number;
  readonly confirmations: number;
  #nonces: NonceStore;
  #finalityTimeoutMs: number;

  private constructor(client: PublicClient, chainId: number, options: ChainClientOptions) {
    this.public = client;
    this.chainId = chainId;
    this.account = options.account;
    this.confirmations = options.confirmations ?? 1;
    this.#nonces = new NonceStore(options.db);
    this.#finalityTimeoutMs = options.finalityTimeoutMs ?? 120_000;
  }

  static async connect(options: ChainClientOptions): Promise<ChainClient> {
    const client = createPublicClient({
      transport: rpcTransport(options.rpcUrls, {
        timeoutMs: options.requestTimeoutMs ?? 5_000,
        ...(options.maxLagBlocks !== undefined ? { maxLagBlocks: options.maxLagBlocks } : {}),
        ...(options.heightCheckMs !== undefined ? { heightCheckMs: options.heightCheckMs } : {}),
      }),
      pollingInterval: options.pollingIntervalMs ?? 250,
    });
    try {
      return new ChainClient(client, await client.getChainId(), options);
    } catch (error) {
      throw chainError(error);
    }
  }

  get address(): Address {
    return this.account.address;
  }

  /** Signs (on the token) and submits one transaction; resolves with its hash once a node took it. */
  send(request: TransactionRequest): Promise<Hash> {
    const key = `${this.chainId}:${this.address.toLowerCase()}`;
    const next = (sending.get(key) ?? Promise.resolve()).then(() => this.#sendRetrying(request));
    const settled = next.catch(() => undefined);
    sending.set(key, settled);
    void settled.then(() => {
      if (sending.get(key) === settled) sending.delete(key);
    });
    return next;
  }

  async #sendRetrying(request: TransactionRequest): Promise<Hash> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#send(request);
      } catch (error) {
        const cause = (error as SealdeskError).cause as Error | undefined;
        if (attempt >= NONCE_RETRIES || !/nonce too low/i.test(String(cause?.message))) throw error;
      }
    }
  }

  async #fees(): Promise<Pick<TransactionSerializable, 'maxFeePerGas' | 'maxPriorityFeePerGas' | 'gasPrice' | 'type'>> {
    try {
      const { maxFeePerGas, maxPriorityFeePerGas } = await this.public.estimateFeesPerGas();
      return { type: 'eip1559', maxFeePerGas, maxPriorityFeePerGas };
    } catch {
      // A chain without EIP-1559 (a Besu network with free gas, FISCO BCOS): legacy gas price.
      return { type: 'legacy', gasPrice: await this.public.getGasPrice() };
    }
  }

  async #send(request: TransactionRequest): Promise<Hash> {
    try {
      const address = this.address;
      const pending = await this.public.getTransactionCount({ address, blockTag: 'pending' });
      const nonce = this.#nonces.next(this.chainId, address, pending);
      const gas = await this.public.estimateGas({ account: address, ...(request.to ? { to: request.to } : {}), data: request.data });
      const transaction = { chainId: this.chainId, nonce, gas: (gas * 12n) / 10n, data: request.data, ...(request.to ? { to: request.to } : {}), ...(await this.#fees()) } as TransactionSerializable;
      const serialized = await this.account.signTransaction(transaction);
      const hash = keccak256(serialized);
      try {
        await this.public.sendRawTransaction({ serializedTransaction: serialized });
      } catch (error) {
        // A node that took the transaction but timed out answering: the next URL already knows it.
        if (!/already known|known transaction|already imported/i.test(String((error as Error).message))) throw error;
      }
      this.#nonces.record(this.chainId, address, nonce);
      return hash;
    } catch (error) {
      throw chainError(error);
    }
  }

  /** Waits until the transaction has `confirmations` blocks; a reverted one fails CHAIN_TX_FAILED. */
  async waitFinal(hash: Hash): Promise<TransactionReceipt> {
    let receipt: TransactionReceipt;
    try {
      receipt = await this.public.waitForTransactionReceipt({ hash, confirmations: this.confirmations, timeout: this.#finalityTimeoutMs });
    } catch (error) {
      throw chainError(error);
    }
    if (receipt.status !== 'success') throw new SealdeskError('CHAIN_TX_FAILED', { reason: `transaction ${hash} reverted`, reasonZh: `交易 ${hash} 已回滚` });
    return receipt;
  }

  async sendAndWait(request: TransactionRequest): Promise<TransactionReceipt> {
    return this.waitFinal(await this.send(request));
  }
}
