import { createTransport, fallback, http, HttpRequestError, type EIP1193RequestFn, type Transport } from 'viem';
import { NodeHeights } from './node-heights.js';

export interface RpcOptions {
  /** Per request; a node slower than this is skipped for the next URL. */
  timeoutMs?: number;
  /** Rounds over the whole list before giving up. */
  retryCount?: number;
  /** A node this many blocks behind the highest of the others is skipped (default 10; 0: no check). */
  maxLagBlocks?: number;
  /** How often the nodes' heights are compared (default 2 s). */
  heightCheckMs?: number;
}

export const DEFAULT_MAX_LAG_BLOCKS = 10;

/**
 * One node's transport, refusing requests while the node lags: the refusal is an HTTP-level
 * error, so the fallback goes on to the next URL exactly as for a node that is down.
 */
function skipWhenLagging(url: string, inner: Transport, heights: NodeHeights): Transport {
  return (parameters) => {
    const node = inner(parameters);
    const request = (async (args, options) => {
      const lag = await heights.lag(url);
      if (lag > BigInt(heights.options.maxLagBlocks)) {
        throw new HttpRequestError({ url, details: `the node is ${lag} blocks behind the others (more than ${heights.options.maxLagBlocks}): skipped` });
      }
      return node.request(args, options);
    }) as EIP1193RequestFn;
    return createTransport({ key: node.config.key, name: node.config.name, type: node.config.type, retryCount: 0, request });
  };
}

/**
 * One transport over several JSON-RPC URLs: viem's fallback tries them in order and moves on
 * when one times out, errors at the HTTP level, answers 5xx or lags more than maxLagBlocks
 * behind the others. Each URL is asked once per round (retryCount 0 per URL) so a dead node
 * costs one timeout, not three.
 */
export function rpcTransport(urls: string[], options: RpcOptions = {}): Transport {
  if (urls.length === 0) throw new Error('rpcTransport needs at least one URL');
  const timeout = options.timeoutMs ?? 5_000;
  const heights = new NodeHeights(urls, { maxLagBlocks: options.maxLagBlocks ?? DEFAULT_MAX_LAG_BLOCKS, checkIntervalMs: options.heightCheckMs ?? 2_000, timeoutMs: timeout });
  const transports = urls.map((url) => {
    const node = http(url, { timeout, retryCount: 0 });
    return heights.enabled ? skipWhenLagging(url, node, heights) : node;
  });
  return fallback(transports, { rank: false, retryCount: options.retryCount ?? 1, retryDelay: 100 });
}
