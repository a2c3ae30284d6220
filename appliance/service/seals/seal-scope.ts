import type { Seal } from '../../seals/seal.js';
import type { Principal } from '../../directory/principal.js';
import { forbidden } from '../access/refusal.js';
import { requireWithin } from '../access/require-within.js';
import type { OrganisationScope } from '../service-context.js';

/** Clerks and kiosks see and use only the seals granted to them; admins and auditors their whole subtree's. */
const USERS_OF_GRANTS = new Set(['clerk', 'kiosk']);

/** May the principal see this seal? (Its organisation within their subtree and, for clerks and kiosks, a grant.) */
export function sealVisible(scope: OrganisationScope, principal: Principal, seal: Seal): boolean {
  const organisationId = scope.organisationOfUscc(seal.organisation.uscc);
  if (organisationId === undefined || !scope.within(principal.organisationId, organisationId)) return false;
  return !USERS_OF_GRANTS.has(principal.role) || scope.maySeal(principal, seal.id, organisationId);
}

/** The seal's organisation id, or FORBIDDEN (the same answer as a wrong role) when the principal may not see it. */
export function requireSealVisible(scope: OrganisationScope, principal: Principal, seal: Seal): string {
  const organisationId = scope.organisationOfUscc(seal.organisation.uscc);
  requireWithin(scope, principal, organisationId);
  if (USERS_OF_GRANTS.has(principal.role) && !scope.maySeal(principal, seal.id, organisationId)) throw forbidden(principal, organisationId);
  return organisationId as string;
}
