import { createInterface } from 'node:readline';
import type { Address } from 'viem';
import { ensureDemoCa } from '../../../../appliance/hall/demo-seals.js';
import { ChainClient } from '../../../../appliance/ledger/chain/chain-client.js';
import { chainId32 } from '../../../../appliance/ledger/chain/chain-id.js';
import { deploySealRegistry, writeRegistry } from '../../../../appliance/ledger/chain/seal-registry.js';
import { tokenAccount } from '../../../../appliance/ledger/chain/token-account.js';
import { outboxPath } from '../../../../appliance/ledger/ledger-config.js';
import { Outbox } from '../../../../appliance/ledger/outbox/outbox.js';
import { Pkcs11 } from '../../../../drivers/pkcs11/pkcs11.js';
import type { Token } from '../../../../drivers/pkcs11/token.js';
import { isSealdeskError } from '../../../../firmware-bridge/errors/sealdesk-error.js';
import { findSoftHsmModule } from '../../../../firmware-bridge/platform/softhsm-module.js';

/**
 * What the hall tests' appliance children (grants-child.ts, terminal-child.ts) share: their
 * setting from the environment, the desk's one-off chain set-up, and the command loop.
 */

export const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

/** The child's home, its SoftHSM tokens and a login that is done once a token. */
export function hallChild(): { pin: string; home: string; pkcs11: Pkcs11; login: (token: Token) => Promise<void> } {
  const pin = env('TERMINAL_PIN');
  const home = env('SEALDESK_HOME');
  const login = async (token: Token) => void (token.isLoggedIn || (await token.login(pin)));
  return { pin, home, login, pkcs11: Pkcs11.open({ modulePaths: [findSoftHsmModule()!], stateDir: home }) };
}

/**
 * The desk's set-up on the test chain: its chain key on the `desk` token (funded), the seal
 * registry deployed with these organisations (USCCs) in it, and the dev CA.
 */
export async function deployHall(child: ReturnType<typeof hallChild>, rpcUrl: string, usccs: readonly string[]): Promise<{ registry: Address; desk: Address }> {
  const desk = child.pkcs11.token({ label: 'desk' });
  await child.login(desk);
  await desk.generateKey('secp256k1', 'chain');
  const account = await tokenAccount(desk, 'chain');
  await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'anvil_setBalance', params: [account.address, '0x3635c9adc5dea00000'] }) });
  const outbox = Outbox.open(outboxPath(child.home));
  const client = await ChainClient.connect({ rpcUrls: [rpcUrl], account, db: outbox.db, confirmations: 1, pollingIntervalMs: 50 });
  const { address: registry } = await deploySealRegistry(client);
  for (const uscc of usccs) await writeRegistry(client, registry, 'addOrganisation', [chainId32(uscc), client.address]);
  outbox.close();
  await ensureDemoCa(child.home, desk, 'http://127.0.0.1:9/crl');
  return { registry, desk: account.address };
}

/** One line to the test: `@` and JSON, so the test tells replies from anything else the child prints. */
export const say = (value: unknown) => void process.stdout.write(`@${JSON.stringify(value)}\n`);

/**
 * Answers the commands the test writes to stdin (one JSON object a line), one at a time and in
 * order: each reply is what `handle` returns, or the error it threw, a SealdeskError by its
 * code, status and both sentences.
 */
export function answerCommands<C>(handle: (command: C) => Promise<unknown>): void {
  const lines = createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    queue = queue.then(async () => {
      try {
        say(await handle(JSON.parse(line) as C));
      } catch (error) {
        say(isSealdeskError(error) ? { ok: false, code: error.code, status: error.status, en: error.messageEn, zh: error.messageZh } : { ok: false, error: String((error as Error).stack) });
      }
    });
  });
}
