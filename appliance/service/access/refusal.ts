import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Principal } from '../../directory/principal.js';

// Kept beside the error, not in its details: the details go to the caller, and an outsider must
// not learn which organisation a refused target belongs to.
const targetOrganisation = new WeakMap<object, string>();
const audited = new WeakSet<object>();

/** FORBIDDEN, remembering (for the audit log only) the organisation of what was refused. */
export function forbidden(principal: Principal | undefined, targetOrganisationId?: string): SealdeskError {
  const error = new SealdeskError('FORBIDDEN', principal ? { role: principal.role } : {});
  if (targetOrganisationId !== undefined) targetOrganisation.set(error, targetOrganisationId);
  return error;
}

export function refusedOrganisation(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? targetOrganisation.get(error) : undefined;
}

/** Said by code that appended its own audit entry for this error, so the service's error path does not add a second. */
export function markAudited(error: unknown): void {
  if (typeof error === 'object' && error !== null) audited.add(error);
}

export function wasAudited(error: unknown): boolean {
  return typeof error === 'object' && error !== null && audited.has(error);
}
