import { fallback, http, type Transport } from 'viem';

export interface RpcOptions {
  /** Per request; a node slower than this is skipped for the next URL. */
  timeoutMs?: number;
  /** Rounds over the whole list before giving up. */
  retryCount?: number;
}

/**
 * One transport over several JSON-RPC URLs: viem's fallback tries them in order and moves on
 * when one times out, errors at the HTTP level or answers 5xx. Each URL is asked once per round
 * (retryCount 0 per URL) so a dead node costs one timeout, not three.
 */
export function rpcTransport(urls: string[], options: RpcOptions = {}): Transport {
  if (urls.length === 0) throw new Error('rpcTransport needs at least one URL');
  const timeout = options.timeoutMs ?? 5_000;
  const transports = urls.map((url) => http(url, { timeout, retryCount: 0 }));
  return fallback(transports, { rank: false, retryCount: options.retryCount ?? 1, retryDelay: 100 });
}
