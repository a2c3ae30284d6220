import type { SlotDescription } from '../../../drivers/pkcs11/slot.js';
import type { Principal } from '../../directory/principal.js';
import type { ServiceContext } from '../service-context.js';
import { tokenConcerns } from './token-scope.js';

/**
 * Which slots GET /api/tokens shows the principal: a token's label and serial say whose keys sit
 * where (the CA's, the chain's, another department's), so each caller sees only the tokens of
 * their organisation subtree, and those whose seals concern them (the counter page picks its
 * token from this list). An admin at the root of the hall's tree sees every token, and only such
 * an admin sees tokens bound to no organisation yet (they claim them). Free (uninitialised)
 * slots are listed to admins, who may initialise them.
 */
export function slotListed(context: ServiceContext, principal: Principal, slot: SlotDescription): boolean {
  const token = slot.token;
  if (!token?.flags.initialized) return principal.role === 'admin';
  if (principal.role === 'admin' && context.directory.organisations.find(principal.organisationId)?.parentId === null) return true;
  const owner = context.directory.tokens.organisationOf(token.serial);
  if (owner === undefined) return false;
  return context.scope.within(principal.organisationId, owner) || tokenConcerns(context, principal, token.serial);
}
