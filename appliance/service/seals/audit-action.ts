import type { AuditAction, AuditDetails } from '../../audit/audit-entry.js';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { auditActor } from '../access/audit-actor.js';
import { markAudited, refusedOrganisation } from '../access/refusal.js';
import type { Principal } from '../../directory/principal.js';
import type { ServiceContext } from '../service-context.js';

/**
 * Runs a privileged action and appends its outcome to the audit log: ok with the details the
 * result gives, or failed (denied for FORBIDDEN) with the error's code: a refused or failed seal
 * change is as much worth keeping as a done one.
 */
export async function audited<T>(
  context: ServiceContext,
  principal: Principal,
  entry: { action: AuditAction; target?: string; organisationId?: string; details?: AuditDetails },
  work: () => Promise<T>,
  detailsOf: (result: T) => AuditDetails = () => ({}),
): Promise<T> {
  const base = { action: entry.action, actor: auditActor(principal), organisationId: entry.organisationId ?? principal.organisationId, target: entry.target ?? null };
  let result: T;
  try {
    result = await work();
  } catch (error) {
    const errorCode = isSealdeskError(error) ? error.code : 'INTERNAL';
    // a refusal is kept under the organisation of what was refused (the actor's stays in the details),
    // unless the entry names its own: its target is that organisation's, and must not be shown to another's auditor
    const refused = entry.organisationId === undefined ? refusedOrganisation(error) : undefined;
    context.audit.append({ ...base, ...(refused !== undefined && context.directory.organisations.find(refused) ? { organisationId: refused } : {}), outcome: isSealdeskError(error, 'FORBIDDEN') ? 'denied' : 'failed', errorCode, details: { ...entry.details, actorOrganisationId: principal.organisationId } });
    markAudited(error);
    throw error;
  }
  context.audit.append({ ...base, outcome: 'ok', details: { ...entry.details, ...detailsOf(result), actorOrganisationId: principal.organisationId } });
  return result;
}
