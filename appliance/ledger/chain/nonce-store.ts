import type Database from 'better-sqlite3';
import type { Address } from 'viem';

/**
 * The last nonce each account used, per chain, kept in SQLite so a restarted terminal does not
 * reuse one a node has not yet shown as pending (another node's mempool, a lagging replica).
 * It is written only after a node accepted the transaction: a nonce of a transaction that never
 * left is not kept, or every later one would wait behind a gap.
 */
export class NonceStore {
  #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec('CREATE TABLE IF NOT EXISTS chain_nonces (chain_id INTEGER NOT NULL, address TEXT NOT NULL, last_used INTEGER NOT NULL, PRIMARY KEY (chain_id, address))');
  }

  lastUsed(chainId: number, address: Address): number | undefined {
    const row = this.#db.prepare('SELECT last_used FROM chain_nonces WHERE chain_id = ? AND address = ?').get(chainId, address.toLowerCase()) as { last_used: number } | undefined;
    return row?.last_used;
  }

  record(chainId: number, address: Address, nonce: number): void {
    this.#db
      .prepare('INSERT INTO chain_nonces (chain_id, address, last_used) VALUES (?, ?, ?) ON CONFLICT (chain_id, address) DO UPDATE SET last_used = max(last_used, excluded.last_used)')
      .run(chainId, address.toLowerCase(), nonce);
  }

  /** The next nonce: the node's pending count, unless we know we already went past it. */
  next(chainId: number, address: Address, pendingOnNode: number): number {
    const last = this.lastUsed(chainId, address);
    return last === undefined ? pendingOnNode : Math.max(pendingOnNode, last + 1);
  }
}
