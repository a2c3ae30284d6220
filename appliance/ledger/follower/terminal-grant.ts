import type Database from 'better-sqlite3';
import type { Pkcs11 } from '../../../drivers/pkcs11/pkcs11.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { addressFromSpki } from '../chain/chain-address.js';
import { chainId32 } from '../chain/chain-id.js';
import { loadLedgerConfig } from '../ledger-config.js';
import { statementsOf } from '../../storage/prepared-statements.js';

/** Whether the hall grants seals per terminal: once the desk registered any terminal on chain (the follower applied it). */
export function hallGrantsTerminals(db: Database.Database): boolean {
  return statementsOf(db).of('SELECT 1 FROM chain_terminals LIMIT 1').get() !== undefined;
}

/** Whether the chain (as the follower applied it) grants the seal to the terminal of that address. */
export function terminalGranted(db: Database.Database, sealId: string, terminal: string): boolean {
  return statementsOf(db).of('SELECT granted FROM chain_terminal_grants WHERE seal_key = ? AND terminal = ?').pluck().get(chainId32(sealId), terminal.toLowerCase()) === 1;
}

const addresses = new Map<string, Promise<string>>();

/**
 * This terminal's identity in the hall: the address of its chain key (ledger.json chainKey), read
 * from the token once per process. Its public key only: no login, no PIN.
 */
export function terminalAddress(home: string, pkcs11: Pkcs11): Promise<string> {
  const { chainKey } = loadLedgerConfig(home);
  const key = `${home}\0${chainKey.token ?? ''}\0${chainKey.label}`;
  let address = addresses.get(key);
  if (!address) {
    address = (async () => {
      const token = pkcs11.token(chainKey.token ? { label: chainKey.token } : {});
      return addressFromSpki((await token.publicKey(chainKey.label)).spki, chainKey.label).toLowerCase();
    })();
    addresses.set(key, address);
    // a token not there yet is asked again at the next stamp
    address.catch(() => addresses.delete(key));
  }
  return address;
}

/**
 * The grant rule before every stamp (issue 17 item 2): on a hall whose desk registers terminals,
 * a terminal stamps only with the seals the desk granted it, as the follower applied them from
 * final blocks — a grant withdrawn at the desk stops stamps here once final. A hall that never
 * registered a terminal (a lone appliance, a hall not using terminal grants) keeps the local rules.
 */
export async function assertTerminalGranted(db: Database.Database, home: string, pkcs11: Pkcs11, sealId: string): Promise<void> {
  if (!hallGrantsTerminals(db)) return;
  const terminal = await terminalAddress(home, pkcs11);
  if (!terminalGranted(db, sealId, terminal)) throw new SealdeskError('SEAL_NOT_GRANTED_TO_TERMINAL', { seal: sealId, terminal });
}
