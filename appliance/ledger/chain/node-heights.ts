import { http } from 'viem';

export interface NodeHeightsOptions {
  /** A node more than this many blocks behind the highest one is skipped; 0 turns the check off. */
  maxLagBlocks: number;
  /** How old the heights may be before they are asked again (in the background). */
  checkIntervalMs: number;
  /** Per eth_blockNumber. */
  timeoutMs: number;
}

/**
 * The block height of each of several nodes of one chain, asked with eth_blockNumber at most
 * once per interval. A node that answers but lags (a replica that stopped importing blocks, one
 * still syncing, one cut off from the validators) serves stale state: reads that miss what was
 * anchored, a pending nonce from the past. The check compares the nodes with each other: a node
 * more than maxLagBlocks behind the highest answering one lags; one that did not answer is left
 * to the timeout of the request itself.
 */
export class NodeHeights {
  readonly options: NodeHeightsOptions;
  readonly #urls: string[];
  #heights = new Map<string, bigint>();
  #checkedAt = 0;
  #checking: Promise<void> | undefined;

  constructor(urls: string[], options: NodeHeightsOptions) {
    this.#urls = urls;
    this.options = options;
  }

  get enabled(): boolean {
    return this.options.maxLagBlocks > 0 && this.#urls.length > 1;
  }

  /** Asks every node now, in parallel; a node that fails or times out has no height until it answers again. */
  check(): Promise<void> {
    this.#checking ??= (async () => {
      const answers = await Promise.all(
        this.#urls.map(async (url) => {
          try {
            const hex = (await http(url, { timeout: this.options.timeoutMs, retryCount: 0 })({}).request({ method: 'eth_blockNumber' })) as string;
            return [url, BigInt(hex)] as const;
          } catch {
            return [url, undefined] as const;
          }
        }),
      );
      this.#heights = new Map(answers.filter((a): a is readonly [string, bigint] => a[1] !== undefined));
      this.#checkedAt = Date.now();
    })().finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  /** Blocks between this node and the highest answering node, per the last check (0: unknown or in front). */
  async lag(url: string): Promise<bigint> {
    if (!this.enabled) return 0n;
    if (this.#checkedAt === 0) await this.check();
    else if (Date.now() - this.#checkedAt > this.options.checkIntervalMs) void this.check();
    const height = this.#heights.get(url);
    if (height === undefined) return 0n;
    const highest = [...this.#heights.values()].reduce((a, b) => (a > b ? a : b), 0n);
    return highest - height;
  }

  /** The heights of the last check, for `chain status`. */
  snapshot(): Map<string, bigint> {
    return new Map(this.#heights);
  }
}
