import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Seal } from '../../seals/seal.js';
import type { Principal } from '../access/principal.js';
import type { ServiceContext } from '../service-context.js';

/**
 * Who may log a token out (C_Logout needs no PIN, and afterwards every clerk using the token
 * types the PIN again): an operator whom one of its seals concerns — a clerk granted one of them,
 * an admin with one of them in the subtree. A token holding no seal signs for no organisation,
 * and any admin may log it out. Anyone else: FORBIDDEN.
 */
export function requireMayLogOut(context: ServiceContext, principal: Principal, tokenSerial: string): void {
  const seals = context.seals.list({ tokenSerial });
  const allowed = seals.length === 0 ? principal.role === 'admin' : seals.some((seal) => concerns(context, principal, seal));
  if (!allowed) throw new SealdeskError('FORBIDDEN', { role: principal.role });
}

function concerns(context: ServiceContext, principal: Principal, seal: Seal): boolean {
  const organisationId = context.scope.organisationOfUscc(seal.organisation.uscc);
  if (organisationId === undefined) return false;
  return principal.role === 'admin' ? context.scope.within(principal.organisationId, organisationId) : context.scope.maySeal(principal, seal.id, organisationId);
}
