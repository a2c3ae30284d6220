import { createPublicClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Organisation } from '../../../../appliance/directory/organisation.js';
import { ChainFollower } from '../../../../appliance/ledger/follower/chain-follower.js';
import type { TerminalKind } from '../../../../appliance/ledger/follower/hall-record.js';
import { registerTerminal, setTerminalGrant } from '../../../../appliance/ledger/hall-desk.js';
import { loadLedgerConfig, saveLedgerConfig } from '../../../../appliance/ledger/ledger-config.js';
import { openSealDatabase } from '../../../../appliance/seals/registry/database.js';
import type { Seal } from '../../../../appliance/seals/seal.js';
import type { Token } from '../../../../drivers/pkcs11/token.js';
import type { TestService } from '../../../helpers/service.js';
import { USER_PIN } from '../../../helpers/softhsm.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import type { ServiceChain } from './service-chain.js';

export interface HallTerminalPlan {
  name: string;
  kind: TerminalKind;
  organisation: Organisation;
  /** Seals the desk grants it. */
  seals: Seal[];
}

/**
 * The hall's terminals as a desk decides them (`sealdesk terminal register`, `sealdesk grant add`:
 * the same functions, signed with the service's chain key on the real anvil, records in a hall
 * store), then applied to the service's seal database by the real follower once final: the
 * chain-followed rows the terminal view reads. Returns each terminal's address, in plan order.
 */
export async function followTerminals(service: TestService, chain: ServiceChain, plans: HallTerminalPlan[]): Promise<string[]> {
  const { home, pkcs11 } = service.context;
  const store = await tempDir('hall-records');
  saveLedgerConfig(home, { sealRecords: store, confirmations: 1 });
  const opened: Token[] = [];
  const login = async (token: Token) => {
    if (token.isLoggedIn) return;
    await token.login(USER_PIN);
    opened.push(token);
  };
  const addresses: string[] = [];
  try {
    for (const plan of plans) {
      const address = privateKeyToAccount(generatePrivateKey()).address.toLowerCase();
      await registerTerminal({ home, pkcs11, login }, { address, name: plan.name, kind: plan.kind, organisation: plan.organisation });
      for (const seal of plan.seals) await setTerminalGrant({ home, pkcs11, login }, seal.id, address, true);
      addresses.push(address);
    }
  } finally {
    // a counter token starts locked, and stays so
    for (const token of opened) await token.logout();
  }
  await followChain(service, chain);
  return addresses;
}

/** What the service's follower does in a round: every block made final (one mined on top) applied to its seal database. */
export async function followChain(service: TestService, chain: ServiceChain): Promise<void> {
  const { home } = service.context;
  await chain.chain.anvil.rpc('anvil_mine', ['0x1']); // the block on top that makes the last one final
  const db = openSealDatabase(home);
  try {
    const client = createPublicClient({ transport: http(chain.chain.anvil.rpcUrl) });
    const store = loadLedgerConfig(home).sealRecords;
    await new ChainFollower({ db, client, registry: chain.registry, confirmations: 1, home, ...(store ? { recordStore: store } : {}) }).catchUp();
  } finally {
    db.close();
  }
}
