import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { ChainClient } from './chain/chain-client.js';
import { tokenAccount } from './chain/token-account.js';
import { requireRpc, outboxPath, type LedgerConfig } from './ledger-config.js';
import { Outbox } from './outbox/outbox.js';

export interface TerminalLedger {
  token: Token;
  outbox: Outbox;
  client: ChainClient;
  close(): void;
}

/** The terminal's outbox and a chain client signing with its chain key (the token must be logged in). */
export async function openTerminalLedger(home: string, pkcs11: Pkcs11, config: LedgerConfig, login: (token: Token) => Promise<void>): Promise<TerminalLedger> {
  const token = pkcs11.token(config.chainKey.token ? { label: config.chainKey.token } : {});
  await login(token);
  const outbox = Outbox.open(outboxPath(home));
  try {
    const client = await ChainClient.connect({ rpcUrls: requireRpc(config), account: await tokenAccount(token, config.chainKey.label), db: outbox.db, confirmations: config.confirmations, pollingIntervalMs: config.pollingIntervalMs, maxLagBlocks: config.maxLagBlocks });
    return { token, outbox, client, close: () => outbox.close() };
  } catch (error) {
    outbox.close();
    throw error;
  }
}
