import { rm } from 'node:fs/promises';
import type { Token } from '../../drivers/pkcs11/token.js';
import { isSealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';
import type { AuditActor, AuditDetails, AuditEntryInput } from '../audit/audit-entry.js';
import { loadConfig } from '../config/config.js';
import { assertNoUnfinalRefusal, assertStatusFresh } from '../ledger/follower/status-freshness.js';
import { assertTerminalGranted } from '../ledger/follower/terminal-grant.js';
import type { StampFacts } from '../ledger/seal-events.js';
import type { SignedSealEvent } from '../ledger/outbox/seal-event.js';
import { checkLevel, finishStamp, prepareStamp, readySeal, type ReadySeal } from './stamp-pdf.js';
import type { StampContext, StampRequest, StampResult } from './stamp-request.js';

/** Where a stamp's seal event goes: the terminal's outbox (SealEventLog), fsynced before appendStamp returns. */
export interface StampEvents {
  signStamp(stamp: Omit<StampFacts, 'signatureSha256'>, key: { token: Token; keyLabel: string }, operatorId?: string): Promise<SignedSealEvent>;
  appendStamp(event: SignedSealEvent, signatureSha256: string): void;
}

/** The audit log and who is stamping: a signed-in operator, a kiosk, or the OS user of the CLI. */
export interface StampAudit {
  log: { append(entry: AuditEntryInput): { seq: number } };
  actor: AuditActor;
  organisationId: string | null;
  /** What the entry names (the service's job id); default the seal id. */
  target?: string;
  /** Codes and ids only (the audit log refuses a citizen's data). */
  details?: AuditDetails;
}

/** Everything a stamp uses: the document's context, the outbox, the audit log. */
export interface StampDeps extends StampContext {
  events: StampEvents;
  audit: StampAudit;
  /** Who the seal event names, when not the event log's own identity (the service's operator). */
  operatorId?: string;
}

/** A stamp done: the document in place, its seal event durably in the outbox, its audit entry written. */
export interface StampOutcome {
  result: StampResult;
  /** The seal event's id (also in the QR code). */
  eventId: string;
  /** The audit entry's sequence number. */
  auditSeq: number;
}

const entryBase = (audit: StampAudit, sealId: string) => ({ action: 'stamp', actor: audit.actor, organisationId: audit.organisationId, target: audit.target ?? sealId }) as const;

/** Records a refused or failed stamp (denied for FORBIDDEN) with its error's code. */
export function auditFailure(audit: StampAudit, sealId: string, error: unknown): void {
  const errorCode = isSealdeskError(error) ? error.code : 'INTERNAL';
  const denied = isSealdeskError(error, 'FORBIDDEN') || isSealdeskError(error, 'SEAL_NOT_GRANTED_TO_TERMINAL');
  audit.log.append({ ...entryBase(audit, sealId), outcome: denied ? 'denied' : 'failed', errorCode, details: { sealId, ...audit.details } });
}

/** Runs a stamp and appends its outcome to the audit log; a failure is rethrown once recorded. */
export async function auditedStamp(audit: StampAudit, sealId: string, work: () => Promise<{ result: StampResult; eventId: string }>): Promise<StampOutcome> {
  let done;
  try {
    done = await work();
  } catch (error) {
    auditFailure(audit, sealId, error);
    throw error;
  }
  const entry = audit.log.append({ ...entryBase(audit, sealId), outcome: 'ok', details: { sealId, ...audit.details, eventId: done.eventId } });
  return { ...done, auditSeq: entry.seq };
}

/**
 * One document of a ready seal: prepared, signed, in place, then its seal event recorded under
 * the stamp's own id, signed by the seal's key on the token the stamp already holds. The event
 * holds nothing the document's signature decides, so the token signs it while it signs the
 * document (one sign's wait less a stamp); it is kept only once the document is in place. An
 * event that cannot be signed or kept fails the stamp and removes the output: no stamped document
 * exists without its recorded event, and no event without its document.
 */
export async function stampWithSeal(deps: StampDeps, seal: ReadySeal, request: StampRequest): Promise<{ result: StampResult; eventId: string }> {
  checkStatusFresh(deps, seal.seal.id); // again for each document of a batch: a long batch must not outlive the view
  await checkTerminalGrant(deps, seal.seal.id); // and a grant withdrawn at the desk stops the batch
  const pending = await prepareStamp(deps, seal, request);
  const signing = deps.events.signStamp(pending.result, { token: seal.token, keyLabel: seal.keyLabel }, deps.operatorId);
  signing.catch(() => {}); // its failure is reported below, or dropped when the document fails first
  let result: StampResult;
  try {
    result = await finishStamp(seal, pending);
  } catch (error) {
    await signing.catch(() => {}); // no sign left running on the token when the caller closes it
    throw error;
  }
  try {
    const event = await signing;
    deps.events.appendStamp(event, result.signatureSha256);
    return { result, eventId: event.id };
  } catch (error) {
    await rm(result.output, { force: true });
    throw error;
  }
}

/**
 * The freshness rule (issue 17): the chain follower's view of seal statuses must be younger than
 * config.json `seals.maxStatusAgeSeconds` (default 300), else SEAL_STATUS_STALE; with no follower
 * ever run on this home (no chain configured) the local registry alone decides. A revocation the
 * follower applied is already in the registry: readySeal refuses it as SEAL_REVOKED; one in a
 * block not yet final refuses the seal here.
 */
export function checkStatusFresh(deps: Pick<StampDeps, 'home' | 'registry'>, sealId: string, now = new Date()): void {
  assertStatusFresh(deps.registry.db, loadConfig(deps.home).seals?.maxStatusAgeSeconds, now);
  assertNoUnfinalRefusal(deps.registry.db, sealId);
}

/** The desk's grant of this seal to this terminal, on a hall that grants per terminal (issue 17 item 2). */
export function checkTerminalGrant(deps: Pick<StampDeps, 'home' | 'registry' | 'pkcs11'>, sealId: string): Promise<void> {
  return assertTerminalGranted(deps.registry.db, deps.home, deps.pkcs11, sealId);
}

/**
 * The whole stamp, the one operation every caller uses (the CLI, the service and its kiosk,
 * `--batch` through stampBatch): the seal checked and its token opened (looked up once), the
 * document stamped into `request.output` (atomically: whole or not at all), the seal event in
 * the outbox, the audit entry, ok or refused.
 */
export async function stampDocument(request: StampRequest, deps: StampDeps): Promise<StampOutcome> {
  return auditedStamp(deps.audit, request.sealId, async () => {
    checkLevel(request); // before a PIN is asked for
    checkStatusFresh(deps, request.sealId);
    await checkTerminalGrant(deps, request.sealId); // before the PIN is asked for
    return stampWithSeal(deps, await readySeal(deps, request.sealId), request);
  });
}
