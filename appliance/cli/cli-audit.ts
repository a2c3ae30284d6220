import type { AuditAction, AuditDetails } from '../audit/audit-entry.js';
import { AuditLog } from '../audit/audit-log.js';
import { isSealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import { cliActor } from './cli-actor.js';

export interface CliAuditEntry {
  action: AuditAction;
  organisationId?: string | null;
  target?: string | null;
  details?: AuditDetails;
}

/**
 * Runs a privileged CLI action and writes its outcome to this home's audit log as the OS user
 * who ran it: ok with `done`'s details, or the error's code (denied for a refusal, 403) and
 * rethrown. The entry is written after the action, so a chain write that fails is audited too.
 */
export async function auditedCli<T>(home: string, entry: CliAuditEntry, work: () => Promise<T>, done: (result: T) => AuditDetails = () => ({})): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    const code = isSealdeskError(error) ? error.code : 'INTERNAL';
    const denied = isSealdeskError(error) && error.status === 403;
    append(home, { ...entry, outcome: denied ? 'denied' : 'failed', errorCode: code });
    throw error;
  }
  append(home, { ...entry, details: { ...entry.details, ...done(result) }, outcome: 'ok' });
  return result;
}

function append(home: string, entry: CliAuditEntry & { outcome: 'ok' | 'denied' | 'failed'; errorCode?: string }): void {
  const log = AuditLog.open(home);
  try {
    log.append({ ...entry, actor: cliActor() });
  } finally {
    log.close();
  }
}
