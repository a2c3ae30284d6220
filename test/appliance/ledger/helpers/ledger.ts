import { join } from 'node:path';
import type { Address, Hex, LocalAccount } from 'viem';
import { tokenSigner, type SealSigner } from '../../../../drivers/pkcs11/seal-signer.js';
import type { Token } from '../../../../drivers/pkcs11/token.js';
import type { ChainClient } from '../../../../appliance/ledger/chain/chain-client.js';
import { chainId32 } from '../../../../appliance/ledger/chain/chain-id.js';
import { deploySealRegistry, writeRegistry } from '../../../../appliance/ledger/chain/seal-registry.js';
import { tokenAccount } from '../../../../appliance/ledger/chain/token-account.js';
import { openTokenFixture, USER_PIN, type TokenFixture } from '../../../helpers/softhsm.js';
import { openChain, type ChainFixture } from './chain.js';

export const ORGANISATION: Hex = chainId32('91330100MA2B000001');

export interface LedgerFixture {
  tokens: TokenFixture;
  token: Token;
  chain: ChainFixture;
  /** The terminal's chain key on the token, funded, allowed as issuer. */
  account: LocalAccount;
  admin: ChainClient;
  registry: Address;
  signer: SealSigner;
  outboxPath: string;
  close(): Promise<void>;
}

/** SoftHSM with a secp256k1 chain key and a P-256 seal key, anvil, a deployed registry. */
export async function openLedger(): Promise<LedgerFixture> {
  const tokens = await openTokenFixture(['terminal']);
  const token = tokens.pkcs11.token({ label: 'terminal' });
  await token.login(USER_PIN);
  await token.generateKey('secp256k1', 'chain');
  await token.generateKey('ec-p256', 'seal');
  const chain = await openChain();
  const account = await tokenAccount(token, 'chain');
  await chain.anvil.fund(account.address);
  const admin = await chain.client(await chain.actor());
  const registry = (await deploySealRegistry(admin)).address;
  await writeRegistry(admin, registry, 'addOrganisation', [ORGANISATION, admin.address]);
  await writeRegistry(admin, registry, 'setIssuer', [ORGANISATION, account.address, true]);
  return {
    tokens,
    token,
    chain,
    account,
    admin,
    registry,
    signer: await tokenSigner(token, 'seal'),
    outboxPath: join(tokens.home, 'outbox.sqlite'),
    async close() {
      await chain.close();
      await tokens.close();
    },
  };
}

let n = 0;
export const stampInput = () => ({
  kind: 'stamped' as const,
  sealId: 'seal-0001',
  documentHash: (++n).toString(16).padStart(64, '0'),
  signerCertificateHash: 'ab'.repeat(32),
  terminalId: 'counter-07',
  operatorId: 'clerk-42',
  subjectHash: 'cd'.repeat(32),
});
