import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isSealdeskError, SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { StampIndex, stampSignatureDigest } from '../../ledger/stamp-index.js';
import type { Seal } from '../../seals/seal.js';
import { formatOf, headOf } from '../../formats/index.js';
import { stampDocument, type StampResult } from '../../stamping/index.js';
import type { Principal } from '../../directory/principal.js';
import { auditActor } from '../access/audit-actor.js';
import { markAudited } from '../access/refusal.js';
import type { ServiceContext } from '../service-context.js';
import { unlockToken } from '../tokens/unlock-token.js';
import type { JobStore } from './job-store.js';
import type { StampJob, StampJobResult } from './stamp-job.js';

export interface StampAttempt {
  job: StampJob;
  principal: Principal;
  seal: Seal;
  input: string;
  pin: string | undefined;
}

const resultOf = (r: StampResult): StampJobResult => ({
  eventId: r.eventId,
  documentHash: r.documentHash,
  signerCertificateSha256: r.signerCertificateSha256,
  level: r.level,
  page: r.page,
  time: r.time,
  verificationUrl: r.verificationUrl ?? null,
});

/**
 * A job left 'running' by a process that stopped: if its output is there and the outbox knows the
 * output's signature, the stamp happened (its event was durably written first) and is only
 * written down now; otherwise the attempt left nothing that counts and runs again.
 */
export async function recovered(context: ServiceContext, jobs: JobStore, job: StampJob): Promise<StampJob | undefined> {
  const output = jobs.outputPath(job.id);
  if (job.status !== 'running' || !existsSync(output)) return undefined;
  const digest = await stampSignatureDigest(output).catch(() => undefined);
  const eventId = digest && new StampIndex(context.events.outbox.db).eventOf(digest);
  const event = eventId ? context.events.outbox.event(eventId) : undefined;
  if (!event?.documentHash || !event.signerCertificateHash) return undefined;
  return jobs.finish(job, { eventId: event.id, documentHash: event.documentHash, signerCertificateSha256: event.signerCertificateHash, level: job.spec.level, page: null, time: event.time, verificationUrl: null });
}

/**
 * One attempt at a job: the PIN checked, the document stamped into the job's output, the seal
 * event (with the operator's id) durably in the outbox and the audit entry written (stampDocument), then the job
 * written done. Any failure leaves no output and the job failed, so the same key runs it again.
 */
export async function runStamp(context: ServiceContext, jobs: JobStore, attempt: StampAttempt): Promise<StampJob> {
  const { principal, seal, pin } = attempt;
  const found = await recovered(context, jobs, attempt.job);
  if (found) return found;
  // the output is what the input is: a stamped OFD is kept as .ofd
  const output = jobs.outputPath(attempt.job.id, formatOf(headOf(attempt.input)).extension);
  await jobs.removeOutput(attempt.job.id);
  const job = await jobs.save({ ...attempt.job, status: 'running', attempts: attempt.job.attempts + 1, error: null, updatedAt: new Date().toISOString() });
  const started = performance.now();
  try {
    const { spec } = job;
    let stamped;
    try {
      stamped = await stampDocument(
        {
          input: attempt.input,
          output,
          sealId: seal.id,
          placement: spec.placement,
          level: spec.level,
          ...(context.tsaUrl ? { tsaUrl: context.tsaUrl } : {}),
          ...(spec.crossPage ? { crossPage: spec.crossPage } : {}),
        },
        {
          home: context.home,
          registry: context.seals,
          pkcs11: context.pkcs11,
          verifyBaseUrl: context.verifyBaseUrl,
          unlock: async (token) => void (await unlockToken(context, principal, token, pin)),
          // pdf.js's text extraction (tens of ms a page, CJK fonts translated) in a document thread, not on the loop
          findText: (path, text, pages) => context.documentPool.findText(path, text, pages),
          // a seal's PNG decoded and deflated (over 100 ms for one with alpha) in a document thread, once per seal
          prepareSealImage: (png) => context.documentPool.prepareSealImage(png),
          // another clerk's wrong PIN may log the token out between the check and the signature
          ...(pin ? { pin } : {}),
          events: context.events,
          operatorId: principal.operatorId,
          audit: {
            log: context.audit,
            actor: auditActor(principal),
            organisationId: job.sealOrganisationId,
            target: job.id,
            details: { documentId: spec.documentId, actorOrganisationId: principal.organisationId },
          },
        },
      );
    } catch (error) {
      markAudited(error); // the stamp's own entry: the route's error path adds none
      throw error;
    }
    const done = await jobs.finish(job, resultOf(stamped.result));
    context.metrics.stamps.inc({ outcome: 'ok' });
    context.metrics.signSeconds.observe((performance.now() - started) / 1000);
    return done;
  } catch (error) {
    await jobs.removeOutput(attempt.job.id);
    context.metrics.stamps.inc({ outcome: 'failed' });
    const typed = isSealdeskError(error, 'PIN_REQUIRED') ? new SealdeskError('LOGIN_REQUIRED') : isSealdeskError(error) ? error : new SealdeskError('INTERNAL', {}, { cause: error });
    await jobs.fail(job, typed.toJSON()).catch(() => undefined);
    throw isSealdeskError(error) ? typed : error;
  }
}
