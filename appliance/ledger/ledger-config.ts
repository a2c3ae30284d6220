import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Address, Hex } from 'viem';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** SEALDESK_HOME/ledger.json: which nodes, which registry, which key on which token. */
export interface LedgerConfig {
  rpcUrls: string[];
  registry?: Address;
  /** The terminal's organisation on chain (bytes32) and its text id (USCC). */
  organisation?: Hex;
  organisationId?: string;
  chainKey: { token?: string; label: string };
  confirmations: number;
  batchSize: number;
  batchWindowMs: number;
  /** How often blocks and receipts are polled. */
  pollingIntervalMs: number;
  /** A node this many blocks behind the highest of the others is skipped (0: no check). */
  maxLagBlocks: number;
  /** The hall's seal record store (a directory every terminal reads, or an http(s) base URL): see docs/decisions.md. */
  sealRecords?: string;
}

const DEFAULTS: LedgerConfig = { rpcUrls: [], chainKey: { label: 'chain' }, confirmations: 1, batchSize: 1000, batchWindowMs: 200, pollingIntervalMs: 250, maxLagBlocks: 10 };

export const ledgerConfigPath = (home: string) => join(home, 'ledger.json');
export const outboxPath = (home: string) => join(home, 'ledger', 'outbox.sqlite');

/** The saved config; SEALDESK_RPC_URLS (comma-separated) overrides the node list. */
export function loadLedgerConfig(home: string, env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const path = ledgerConfigPath(home);
  let saved: Partial<LedgerConfig> = {};
  if (existsSync(path)) {
    try {
      saved = JSON.parse(readFileSync(path, 'utf8')) as Partial<LedgerConfig>;
    } catch (error) {
      throw new SealdeskError('CONFIG_INVALID', { reason: `${path}: ${(error as Error).message}` }, { cause: error });
    }
  }
  const config = { ...DEFAULTS, ...saved, chainKey: { ...DEFAULTS.chainKey, ...saved.chainKey } };
  const fromEnv = (env.SEALDESK_RPC_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (fromEnv.length) config.rpcUrls = fromEnv;
  return config;
}

export function saveLedgerConfig(home: string, change: Partial<LedgerConfig>): LedgerConfig {
  const path = ledgerConfigPath(home);
  const saved = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Partial<LedgerConfig>) : {};
  const next = { ...DEFAULTS, ...saved, ...change };
  writeFileSync(`${path}.tmp`, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
  return next;
}

export function requireRpc(config: LedgerConfig): string[] {
  if (config.rpcUrls.length === 0) throw new SealdeskError('USAGE', { reason: 'no RPC URL: pass --rpc, set SEALDESK_RPC_URLS or run sealdesk chain up', reasonZh: '没有区块链节点地址：请使用 --rpc、设置 SEALDESK_RPC_URLS 或运行 sealdesk chain up' });
  return config.rpcUrls;
}

export function requireRegistry(config: LedgerConfig): Address {
  if (!config.registry) throw new SealdeskError('USAGE', { reason: 'no registry contract: run sealdesk chain deploy first', reasonZh: '没有印章登记合约：请先运行 sealdesk chain deploy' });
  return config.registry;
}
