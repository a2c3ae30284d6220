import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { AuditAction, AuditDetails } from '../../audit/audit-entry.js';
import { auditActor } from '../access/audit-actor.js';
import { markAudited } from '../access/refusal.js';
import type { Principal } from '../access/principal.js';
import type { ServiceContext } from '../service-context.js';

export interface DirectoryAuditEntry {
  action: AuditAction;
  target?: string;
  organisationId?: string;
  details?: AuditDetails;
}

/** The success entry: called inside the directory write's transaction, so a failed append undoes the write. */
export function recordOk(context: ServiceContext, principal: Principal | undefined, entry: DirectoryAuditEntry, details: AuditDetails = {}): void {
  context.audit.append({
    action: entry.action,
    actor: auditActor(principal),
    organisationId: entry.organisationId ?? principal?.organisationId ?? null,
    target: entry.target ?? null,
    outcome: 'ok',
    details: { ...entry.details, ...details, ...(principal ? { actorOrganisationId: principal.organisationId } : {}) },
  });
}

/**
 * Runs an administrator's directory change; a refusal or failure is appended too (denied for
 * FORBIDDEN, failed otherwise) and rethrown. The work appends its own success with recordOk.
 */
export async function auditFailures<T>(context: ServiceContext, principal: Principal, entry: DirectoryAuditEntry, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isSealdeskError(error, 'AUDIT_WRITE_FAILED')) {
      context.audit.append({
        action: entry.action,
        actor: auditActor(principal),
        organisationId: entry.organisationId ?? principal.organisationId,
        target: entry.target ?? null,
        outcome: isSealdeskError(error, 'FORBIDDEN') ? 'denied' : 'failed',
        errorCode: isSealdeskError(error) ? error.code : 'INTERNAL',
        details: { ...entry.details, actorOrganisationId: principal.organisationId },
      });
      markAudited(error);
    }
    throw error;
  }
}
