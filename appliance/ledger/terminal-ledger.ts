import type { LocalAccount } from 'viem';
import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { ChainClient } from './chain/chain-client.js';
import { tokenAccount } from './chain/token-account.js';
import { requireRpc, outboxPath, type LedgerConfig } from './ledger-config.js';
import { Outbox } from './outbox/outbox.js';

/** What the terminal has without a node: its chain key's token (logged in), the key's account, its outbox. */
export interface TerminalOutbox {
  token: Token;
  account: LocalAccount;
  outbox: Outbox;
  close(): void;
}

export interface TerminalLedger extends TerminalOutbox {
  client: ChainClient;
}

/**
 * The outbox and the chain key's account, with no node asked: an event signed here is appended
 * even when no node answers (the outbox anchors it later), so nothing is dropped before connecting.
 */
export async function openTerminalOutbox(home: string, pkcs11: Pkcs11, config: LedgerConfig, login: (token: Token) => Promise<void>): Promise<TerminalOutbox> {
  const token = pkcs11.token(config.chainKey.token ? { label: config.chainKey.token } : {});
  await login(token);
  const account = await tokenAccount(token, config.chainKey.label);
  const outbox = Outbox.open(outboxPath(home));
  return { token, account, outbox, close: () => outbox.close() };
}

/** Connects an opened outbox to the chain; closes it if no node answers. */
export async function connectTerminalLedger(opened: TerminalOutbox, config: LedgerConfig): Promise<TerminalLedger> {
  try {
    const client = await ChainClient.connect({ rpcUrls: requireRpc(config), account: opened.account, db: opened.outbox.db, confirmations: config.confirmations, pollingIntervalMs: config.pollingIntervalMs, maxLagBlocks: config.maxLagBlocks });
    return { ...opened, client };
  } catch (error) {
    opened.close();
    throw error;
  }
}

/** The terminal's outbox and a chain client signing with its chain key (the token must be logged in). */
export async function openTerminalLedger(home: string, pkcs11: Pkcs11, config: LedgerConfig, login: (token: Token) => Promise<void>): Promise<TerminalLedger> {
  return connectTerminalLedger(await openTerminalOutbox(home, pkcs11, config, login), config);
}
