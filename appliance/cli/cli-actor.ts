import { userInfo } from 'node:os';
import type { AuditActor } from '../audit/audit-entry.js';
import { eventIdentity } from '../ledger/seal-events.js';

/**
 * Who a CLI command acts as in the audit log: the operator its seal events name
 * (SEALDESK_OPERATOR, default the OS user), the OS account that ran it, role `cli`.
 */
export function cliActor(env: NodeJS.ProcessEnv = process.env): AuditActor {
  let account: string | null = null;
  try {
    account = userInfo().username;
  } catch {
    // a container user without a passwd entry
  }
  return { id: eventIdentity(env).operatorId, username: account, role: 'cli' };
}
