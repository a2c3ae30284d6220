import type { Token } from '../../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Principal } from '../../directory/principal.js';
import { followedTerminals } from '../../ledger/follower/hall-view.js';
import { setTerminalGrant } from '../../ledger/hall-desk.js';
import { requireWithin } from '../access/require-within.js';
import { auditFailures, recordOk } from '../directory/directory-audit.js';
import type { ServiceContext } from '../service-context.js';

export interface TerminalGrantChange {
  sealId: string;
  terminal: string;
  granted: boolean;
  txHash: string;
}

/**
 * The desk's `sealdesk grant add|revoke` from the admin page: for an administrator of both the
 * terminal's organisation subtree (as the follower applied its record) and the seal's; a revoked
 * seal is never granted. Sent with the chain key the appliance keeps open — it never asks for a
 * PIN here (LOGIN_REQUIRED names the token when it is closed). Audited either way
 * (terminal.grant / terminal.revoke-grant); the terminals, this page included, apply it once final.
 */
export async function changeTerminalGrant(context: ServiceContext, principal: Principal, address: string, sealId: string, granted: boolean): Promise<TerminalGrantChange> {
  const terminal = address.toLowerCase();
  const entry = { action: granted ? 'terminal.grant' : 'terminal.revoke-grant', target: sealId, details: { terminal } } as const;
  return auditFailures(context, principal, entry, async () => {
    const followed = followedTerminals(context.seals.db).find((t) => t.address === terminal);
    if (!followed) throw new SealdeskError('TERMINAL_NOT_REGISTERED', { terminal });
    requireWithin(context.scope, principal, followed.organisationId ?? undefined);
    const seal = context.seals.get(sealId);
    const organisationId = context.scope.organisationOfUscc(seal.organisation.uscc);
    requireWithin(context.scope, principal, organisationId);
    if (granted && seal.status === 'revoked') throw new SealdeskError('SEAL_REVOKED', { seal: seal.id });
    const open = async (token: Token) => {
      if (!token.isLoggedIn) throw new SealdeskError('LOGIN_REQUIRED', { token: token.label });
    };
    const sent = await setTerminalGrant({ home: context.home, pkcs11: context.pkcs11, login: open }, seal.id, terminal, granted);
    recordOk(context, principal, { ...entry, organisationId }, { txHash: sent.txHash });
    return { sealId: seal.id, terminal, granted, txHash: sent.txHash };
  });
}
