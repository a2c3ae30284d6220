import type { Seal } from '../../seals/seal.js';
import type { Principal } from '../../directory/principal.js';
import { forbidden } from '../access/refusal.js';
import { requireWithin } from '../access/require-within.js';
import type { ServiceContext } from '../service-context.js';

/**
 * The organisation a token belongs to (set when an admin initialised or claimed it), or FORBIDDEN
 * when it is outside the principal's subtree or belongs to no organisation yet: token
 * administration (keys, PINs) is for admins of the token's own subtree only.
 */
export function requireTokenWithin(context: ServiceContext, principal: Principal, tokenSerial: string): string {
  const organisationId = context.directory.tokens.organisationOf(tokenSerial);
  requireWithin(context.scope, principal, organisationId);
  return organisationId as string;
}

/**
 * Who may open a token with its PIN or close it from the counter API (a wrong PIN spends the
 * token's retry budget; C_Logout needs no PIN and makes every clerk on it type the PIN again):
 * those whom one of its seals concerns — a clerk granted one of them, an admin with one of them in
 * the subtree — and admins of the token's own organisation subtree. Anyone else: FORBIDDEN,
 * before any PIN is tried.
 */
export function requireTokenConcerns(context: ServiceContext, principal: Principal, tokenSerial: string): void {
  if (tokenConcerns(context, principal, tokenSerial)) return;
  const owner = context.directory.tokens.organisationOf(tokenSerial);
  // audited under the token's organisation too (or, unbound, its first seal's)
  const sealOrganisation = context.seals.list({ tokenSerial }).map((seal) => context.scope.organisationOfUscc(seal.organisation.uscc)).find((id) => id !== undefined);
  throw forbidden(principal, owner ?? sealOrganisation);
}

/** Does one of the token's seals concern the principal, or is it an admin of the token's organisation subtree? */
export function tokenConcerns(context: ServiceContext, principal: Principal, tokenSerial: string): boolean {
  if (context.seals.list({ tokenSerial }).some((seal) => concerns(context, principal, seal))) return true;
  const owner = context.directory.tokens.organisationOf(tokenSerial);
  return principal.role === 'admin' && owner !== undefined && context.scope.within(principal.organisationId, owner);
}

function concerns(context: ServiceContext, principal: Principal, seal: Seal): boolean {
  const organisationId = context.scope.organisationOfUscc(seal.organisation.uscc);
  if (organisationId === undefined) return false;
  return principal.role === 'admin' ? context.scope.within(principal.organisationId, organisationId) : context.scope.maySeal(principal, seal.id, organisationId);
}
