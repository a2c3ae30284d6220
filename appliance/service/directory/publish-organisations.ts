import type { Token } from '../../../drivers/pkcs11/token.js';
import type { Organisation } from '../../directory/organisation.js';
import type { Principal } from '../../directory/principal.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { publishOrganisations } from '../../ledger/hall-desk.js';
import { loadLedgerConfig } from '../../ledger/ledger-config.js';
import { chainConfigured } from '../../ledger/seal-chain.js';
import type { ServiceContext } from '../service-context.js';
import { auditFailures, recordOk } from './directory-audit.js';

/**
 * At a desk with a chain and a hall store: an organisation created or renamed on the admin page
 * is published for every terminal to follow (issue 17 item 2), with the chain key the appliance
 * keeps open (it never asks for a PIN here). The directory change stands either way: a failure
 * is audited (organisation.publish failed) and `sealdesk org publish` sends it later.
 */
export async function publishToHall(context: ServiceContext, principal: Principal, organisation: Organisation): Promise<void> {
  const config = loadLedgerConfig(context.home);
  if (!chainConfigured(config) || !config.sealRecords) return;
  const entry = { action: 'organisation.publish', target: organisation.id, organisationId: organisation.id } as const;
  const open = async (token: Token) => {
    if (!token.isLoggedIn) throw new SealdeskError('LOGIN_REQUIRED', { token: token.label });
  };
  try {
    await auditFailures(context, principal, entry, async () => {
      const [published] = await publishOrganisations({ home: context.home, pkcs11: context.pkcs11, login: open }, [organisation]);
      recordOk(context, principal, entry, { txHash: published?.txHash ?? null });
    });
  } catch {
    // audited above; the organisation itself was changed and stays
  }
}
