import type { Pkcs11 } from '../../drivers/pkcs11/pkcs11.js';
import { tokenSigner, type SealSigner } from '../../drivers/pkcs11/seal-signer.js';
import type { Token } from '../../drivers/pkcs11/token.js';
import { tokenAccount } from '../ledger/chain/token-account.js';
import { loadLedgerConfig } from '../ledger/ledger-config.js';

/**
 * Checkpoints are signed by the terminal's chain key (ledger.json chainKey, secp256k1 on the
 * token), not by a seal key: a checkpoint is the terminal's statement about its own log, not an
 * act of any seal, and the chain key is what identifies the terminal on chain (the registry's
 * issuer for its organisation), so the keyId `chain:<address>` ties the event to the account
 * that anchors it. It is the same key seal status events are signed with (seal-chain.ts). The
 * token must be logged in (`login`), as for anchoring.
 */
export async function chainKeyCheckpointSigner(home: string, pkcs11: Pkcs11, login: (token: Token) => Promise<void>): Promise<SealSigner> {
  const config = loadLedgerConfig(home);
  const token = pkcs11.token(config.chainKey.token ? { label: config.chainKey.token } : {});
  await login(token);
  const { address } = await tokenAccount(token, config.chainKey.label);
  return tokenSigner(token, config.chainKey.label, { keyId: `chain:${address}` });
}
