import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { OrganisationScope } from '../service-context.js';
import type { Principal } from './principal.js';

/**
 * An operator acts within its organisation's subtree only. A target outside it (or with no
 * organisation in the tree) is FORBIDDEN, the same answer as a wrong role, so the response does
 * not tell an outsider what exists elsewhere.
 */
export function requireWithin(scope: OrganisationScope, principal: Principal, organisationId: string | undefined): void {
  if (organisationId === undefined || !scope.within(principal.organisationId, organisationId)) {
    throw new SealdeskError('FORBIDDEN', { role: principal.role });
  }
}
