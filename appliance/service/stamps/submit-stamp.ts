import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Seal } from '../../seals/seal.js';
import type { Principal } from '../../directory/principal.js';
import type { ServiceContext } from '../service-context.js';
import { jobIdOf, type JobStore } from './job-store.js';
import { runStamp } from './run-stamp.js';
import { fingerprintOf, type StampSpec } from './stamp-body.js';
import type { StampJob } from './stamp-job.js';

export interface StampSubmission {
  principal: Principal;
  spec: StampSpec;
  seal: Seal;
  sealOrganisationId: string;
  /** The PDF to stamp. */
  input: string;
  pin: string | undefined;
  idempotencyKey: string | undefined;
}

/**
 * A stamp job, idempotent by key: a retry with the same key and the same stamp returns the first
 * result (or joins the running attempt), a failed one runs again, another stamp under a used key
 * is IDEMPOTENCY_KEY_REUSED. `created` tells a new attempt (201) from a remembered result (200).
 * Every attempt but a kiosk's carries the PIN (STAMP_PIN_REQUIRED), checked by the token.
 */
export async function submitStamp(context: ServiceContext, jobs: JobStore, s: StampSubmission): Promise<{ job: StampJob; created: boolean }> {
  // the PIN is the operator's proof, checked for every stamp; only a kiosk stamping unattended with
  // a seal granted to it (the caller checked the grant) stamps without one, on its open token
  if (s.pin === undefined && s.principal.role !== 'kiosk') throw new SealdeskError('STAMP_PIN_REQUIRED');
  const id = jobIdOf(s.principal.operatorId, s.idempotencyKey);
  const fingerprint = fingerprintOf(s.spec);
  const previous = jobs.get(id);
  if (previous && previous.fingerprint !== fingerprint) throw new SealdeskError('IDEMPOTENCY_KEY_REUSED');
  if (previous?.status === 'done') return { job: previous, created: false };
  // checked and registered without an await between: two retries at once share one attempt
  const running =
    jobs.running(id) ??
    jobs.run(id, () => {
      const now = new Date().toISOString();
      const job: StampJob = previous ?? {
        id,
        idempotencyKey: s.idempotencyKey ?? null,
        fingerprint,
        operatorId: s.principal.operatorId,
        operatorOrganisationId: s.principal.organisationId,
        sealOrganisationId: s.sealOrganisationId,
        spec: s.spec,
        status: 'running',
        attempts: 0,
        createdAt: now,
        updatedAt: now,
        result: null,
        error: null,
      };
      return runStamp(context, jobs, { job, principal: s.principal, seal: s.seal, input: s.input, pin: s.pin });
    });
  return { job: await running, created: true };
}
