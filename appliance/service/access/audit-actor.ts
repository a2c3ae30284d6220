import type { AuditActor } from '../../audit/audit-entry.js';
import type { Principal } from '../../directory/principal.js';

/** The audit log's actor for a request's principal (anonymous callers of public routes have none). */
export function auditActor(principal: Principal | undefined): AuditActor {
  return principal ? { id: principal.operatorId, username: principal.username, role: principal.role } : { id: 'anonymous' };
}
