import { AuditLog } from '../audit/audit-log.js';
import { refollowFrom } from '../ledger/follower/refollow.js';
import { openSealDatabase } from '../seals/registry/database.js';
import { cliActor } from './cli-actor.js';

/** `sealdesk chain refollow`: the follower set back (refollowFrom), and who did it in the audit log, refused or not. */
export function refollowAudited(home: string, fromBlock: number): { fromBlock: number; previousBlock: number; previousError: string | null } {
  const db = openSealDatabase(home);
  const audit = AuditLog.open(home);
  const entry = { action: 'chain.refollow', actor: cliActor(), organisationId: null, target: `block:${fromBlock}` } as const;
  try {
    const { before } = refollowFrom(db, fromBlock);
    audit.append({ ...entry, outcome: 'ok', details: { fromBlock, previousBlock: before.blockNumber, ...(before.errorCode ? { previousError: before.errorCode } : {}) } });
    return { fromBlock, previousBlock: before.blockNumber, previousError: before.errorCode };
  } catch (error) {
    audit.append({ ...entry, outcome: 'failed', errorCode: (error as { code?: string }).code ?? 'INTERNAL' });
    throw error;
  } finally {
    audit.close();
    db.close();
  }
}
