import { createReadStream } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { principalOf } from '../access/route-access.js';
import { DocumentStore } from '../documents/document-store.js';
import { requireSealVisible } from '../seals/seal-scope.js';
import type { ServicePlugin } from '../service-plugin.js';
import { anchorOf } from '../stamps/anchor-status.js';
import { jobIdOf, JobStore, STAMP_ID_PATTERN } from '../stamps/job-store.js';
import { runStamp } from '../stamps/run-stamp.js';
import { fingerprintOf, StampBody, stampSpec } from '../stamps/stamp-body.js';
import { jobView, StampJobView, type StampJob } from '../stamps/stamp-job.js';
import { localDay, requireStampVisible, stampVisible } from '../stamps/stamp-scope.js';

const StampHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._:-]{8,128}$' })) });
const IdParams = Type.Object({ id: Type.String({ pattern: STAMP_ID_PATTERN }) });
const DayQuery = Type.Object({ day: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: "YYYY-MM-DD on the terminal's clock; default today" })) });

/**
 * /api/stamps: the clerk's (or kiosk's) stamp of an uploaded document. A stamp is a job kept on
 * disk: it runs to the end even when the client hangs up, a retry with the same Idempotency-Key
 * returns the first result (or joins the running attempt) and never stamps twice, and a failed
 * attempt (token pulled, wrong PIN) leaves no output and runs again on the next retry.
 */
const stampsPlugin: ServicePlugin = (context) => async (app) => {
  const documents = new DocumentStore(context.workDir);
  const jobs = new JobStore(context.workDir);
  const view = (job: StampJob) => jobView(job, job.status === 'done' && job.result ? anchorOf(context.events.outbox, job.result.eventId) : null);

  app.post(
    '/api/stamps',
    { schema: { tags: ['stamps'], headers: StampHeaders, body: StampBody, response: { 200: StampJobView, 201: StampJobView } }, config: { access: ['clerk', 'kiosk'] } },
    async (request, reply) => {
      const principal = principalOf(request);
      const spec = stampSpec(request.body);
      const document = await documents.own(spec.documentId, principal);
      const seal = context.seals.get(spec.sealId);
      const sealOrganisationId = requireSealVisible(context.scope, principal, seal);
      const key = request.headers['idempotency-key'];
      const id = jobIdOf(principal.operatorId, key);
      const fingerprint = fingerprintOf(spec);
      const previous = jobs.get(id);
      if (previous && previous.fingerprint !== fingerprint) throw new SealdeskError('IDEMPOTENCY_KEY_REUSED');
      if (previous?.status === 'done') return reply.status(200).send(view(previous));
      // checked and registered without an await between: two retries at once share one attempt
      const running =
        jobs.running(id) ??
        jobs.run(id, () => {
          const now = new Date().toISOString();
          const job: StampJob = previous ?? {
            id,
            idempotencyKey: key ?? null,
            fingerprint,
            operatorId: principal.operatorId,
            operatorOrganisationId: principal.organisationId,
            sealOrganisationId,
            spec,
            status: 'running',
            attempts: 0,
            createdAt: now,
            updatedAt: now,
            result: null,
            error: null,
          };
          return runStamp(context, jobs, { job, principal, seal, input: documents.pdfPath(document.id), pin: request.body.pin });
        });
      return reply.status(201).send(view(await running));
    },
  );

  app.get(
    '/api/stamps',
    { schema: { tags: ['stamps'], querystring: DayQuery, response: { 200: Type.Array(StampJobView) } }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request) => {
      const principal = principalOf(request);
      const day = request.query.day ?? localDay(new Date());
      return jobs
        .all()
        .filter((job) => localDay(job.createdAt) === day && stampVisible(context.scope, principal, job))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map(view);
    },
  );

  app.get(
    '/api/stamps/:id',
    { schema: { tags: ['stamps'], params: IdParams, response: { 200: StampJobView } }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request) => view(requireStampVisible(context.scope, principalOf(request), jobs.get(request.params.id), request.params.id)),
  );

  app.get(
    '/api/stamps/:id/pdf',
    { schema: { tags: ['stamps'], params: IdParams, produces: ['application/pdf'] }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request, reply) => {
      const job = requireStampVisible(context.scope, principalOf(request), jobs.get(request.params.id), request.params.id);
      if (job.status === 'running') throw new SealdeskError('STAMP_IN_PROGRESS');
      if (job.status !== 'done') throw new SealdeskError('STAMP_NOT_FOUND', { stamp: job.id });
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${job.id}.pdf"`).send(createReadStream(jobs.outputPath(job.id)));
    },
  );
};
export default stampsPlugin;
