import { createHash } from 'node:crypto';
import { canonicalJson } from '../ledger/outbox/canonical-json.js';

/**
 * Stable action names: auditors filter and count by them, so a name is never renamed; a new kind
 * of privileged action gets a new name here.
 */
export const AUDIT_ACTIONS = [
  'session.sign-in',
  'session.sign-in-failed',
  'session.sign-out',
  'token.pin-failed',
  'token.pin-locked',
  'token.unblock',
  'token.keygen',
  'idcard.read',
  'seal.create',
  'seal.suspend',
  'seal.resume',
  'seal.revoke',
  'stamp',
  'print.document',
  'print.receipt',
  'template.add',
  'template.remove',
  'operator.create',
  'operator.role-change',
  'operator.password-change',
  'operator.disable',
  'organisation.create',
  'grant.add',
  'grant.remove',
  'licence.issue',
  'licence.shred',
  'token.init',
  'token.init-pin',
  'token.change-pin',
  // issue 13: an operator's own share of a token's PIN budget spent; a token bound to an organisation
  'token.pin-operator-locked',
  'token.claim',
  // refusals the service's access layer sees (role, organisation, origin, host), and privileged actions audited there
  'access.refused',
  'organisation.rename',
  'token.login',
  'token.logout',
  // issue 17 item 2: the desk decides the hall's terminals, their seals and the organisation tree on chain
  'terminal.register',
  'terminal.grant',
  'terminal.revoke-grant',
  'organisation.publish',
  // issue 17: the chain follower set back to apply again from a block (sealdesk chain refollow)
  'chain.refollow',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Codes and counts only (see sensitive-details.ts): flat, no nested objects. */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;

/** Who acted: an operator of the service, a kiosk account, or the OS user of a CLI command. */
export interface AuditActor {
  id: string;
  username?: string | null;
  role?: string | null;
}

/** What the code that performed (or refused) the action knows. */
export interface AuditEntryInput {
  action: AuditAction;
  actor: AuditActor;
  organisationId?: string | null;
  /** What was acted on: a seal id, a job id, an operator id … never a citizen's data. */
  target?: string | null;
  outcome: AuditOutcome;
  /** The catalogue code when the outcome is not ok. */
  errorCode?: string | null;
  details?: AuditDetails;
  time?: Date;
}

/** The entry as it is hashed: every field is covered, `prev` included, so no field can change alone. */
export interface AuditEntryBody {
  v: 1;
  seq: number;
  time: string;
  action: AuditAction;
  actor: { id: string; username: string | null; role: string | null };
  organisationId: string | null;
  target: string | null;
  outcome: AuditOutcome;
  errorCode: string | null;
  details: AuditDetails;
  /** The hash of the entry before (GENESIS_HASH for seq 1). */
  prev: string;
}

export interface AuditEntry extends AuditEntryBody {
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 (hex) of the entry's RFC 8785 bytes, `prev` included, `hash` excluded. */
export function entryHash(body: AuditEntryBody): string {
  const { v, seq, time, action, actor, organisationId, target, outcome, errorCode, details, prev } = body;
  return createHash('sha256').update(canonicalJson({ v, seq, time, action, actor, organisationId, target, outcome, errorCode, details, prev }), 'utf8').digest('hex');
}

/**
 * The digest of what the entry says, without its place in the chain (seq, prev, hash). Kept with
 * each checkpoint, it finds the checkpointed entry again after rows were inserted or removed
 * before it and the chain recomputed, which tells an auditor what kind of rewrite happened.
 */
export function contentDigest(body: AuditEntryBody): string {
  const { time, action, actor, organisationId, target, outcome, errorCode, details } = body;
  return createHash('sha256').update(canonicalJson({ time, action, actor, organisationId, target, outcome, errorCode, details }), 'utf8').digest('hex');
}
