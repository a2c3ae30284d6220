import type { OrganisationScope } from '../service-context.js';
import type { Principal } from '../../directory/principal.js';
import { forbidden } from './refusal.js';

/**
 * An operator acts within its organisation's subtree only. A target outside it (or with no
 * organisation in the tree) is FORBIDDEN, the same answer as a wrong role, so the response does
 * not tell an outsider what exists elsewhere (the audit log gets the target's organisation).
 */
export function requireWithin(scope: OrganisationScope, principal: Principal, organisationId: string | undefined): void {
  if (organisationId === undefined || !scope.within(principal.organisationId, organisationId)) throw forbidden(principal, organisationId);
}
