import { createReadStream } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { formatOf, headOf } from '../../formats/index.js';
import { forbidden } from '../access/refusal.js';
import { principalOf } from '../access/route-access.js';
import { hallDevices } from '../devices/hall-devices.js';
import { DocumentStore } from '../documents/document-store.js';
import { requireSealVisible } from '../seals/seal-scope.js';
import type { ServicePlugin } from '../service-plugin.js';
import { anchorOf } from '../stamps/anchor-status.js';
import { STAMP_ID_PATTERN } from '../stamps/job-store.js';
import { jobStoreOf } from '../stamps/job-store-of.js';
import { sweepInterruptedJobs } from '../stamps/interrupted-jobs.js';
import { PrintBody, PrintView, printStamp } from '../stamps/print-stamp.js';
import { StampBody, stampSpec } from '../stamps/stamp-body.js';
import { jobView, StampJobView, type StampJob } from '../stamps/stamp-job.js';
import { submitStamp } from '../stamps/submit-stamp.js';
import { localDay, requireStampVisible, stampVisible } from '../stamps/stamp-scope.js';

const StampHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._:-]{8,128}$' })) });
const IdParams = Type.Object({ id: Type.String({ pattern: STAMP_ID_PATTERN }) });
const DayQuery = Type.Object({ day: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: "YYYY-MM-DD on the terminal's clock; default today" })) });

/**
 * /api/stamps: the clerk's stamp of an uploaded document (a kiosk reads and prints only the
 * certificates of its current citizen visit, see stamp-scope.ts). A stamp is a job kept on
 * disk: it runs to the end even when the client hangs up, a retry with the same Idempotency-Key
 * returns the first result (or joins the running attempt) and never stamps twice, and a failed
 * attempt (token pulled, wrong PIN) leaves no output and runs again on the next retry.
 */
const stampsPlugin: ServicePlugin = (context) => async (app) => {
  const documents = new DocumentStore(context.workDir);
  const jobs = jobStoreOf(context);
  // before the first request: a job a crash left 'running' gets its real outcome
  await sweepInterruptedJobs(context, jobs);
  const inVisit = (sessionId: string, documentId: string) => hallDevices(context).cards.madeInVisit(sessionId, documentId);
  const view = (job: StampJob) => jobView(job, job.status === 'done' && job.result ? anchorOf(context.events.outbox, job.result.eventId) : null);

  app.post(
    '/api/stamps',
    { schema: { tags: ['stamps'], headers: StampHeaders, body: StampBody, response: { 200: StampJobView, 201: StampJobView } }, config: { access: ['clerk'] } },
    async (request, reply) => {
      // not a kiosk: it stamps only its templates' certificates (/api/kiosk/certificates), never an upload
      const principal = principalOf(request);
      const spec = stampSpec(request.body);
      const document = await documents.own(spec.documentId, principal);
      const seal = context.seals.get(spec.sealId);
      const sealOrganisationId = requireSealVisible(context.scope, principal, seal);
      // Stamping stays on the main thread: the token's PKCS#11 session and the prepared signature
      // (an open temp file, the bytes awaiting the CMS) live here, and a round trip per stamp would
      // cost the stamp its speed. It only runs on a document the pool has already opened within its
      // limits: the upload's inspection walked the page tree (what a position or a 骑缝章 uses),
      // and the parsing a text anchor or a template field needs beyond that is rehearsed there now.
      if (spec.placement.kind !== 'position') await context.documentPool.rehearse(documents.documentPath(document.id), spec.placement);
      const { job, created } = await submitStamp(context, jobs, {
        principal,
        spec,
        seal,
        sealOrganisationId,
        input: documents.documentPath(document.id),
        pin: request.body.pin,
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.status(created ? 201 : 200).send(view(job));
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
        .filter((job) => localDay(job.createdAt) === day && stampVisible(context.scope, principal, job, inVisit))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map(view);
    },
  );

  app.get(
    '/api/stamps/:id',
    { schema: { tags: ['stamps'], params: IdParams, response: { 200: StampJobView } }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request) => view(requireStampVisible(context.scope, principalOf(request), jobs.get(request.params.id), request.params.id, inVisit)),
  );

  app.get(
    '/api/stamps/:id/pdf',
    { schema: { tags: ['stamps'], params: IdParams, produces: ['application/pdf', 'application/ofd'] }, config: { access: ['admin', 'clerk', 'kiosk', 'auditor'] } },
    async (request, reply) => {
      const job = requireStampVisible(context.scope, principalOf(request), jobs.get(request.params.id), request.params.id, inVisit);
      if (job.status === 'running') throw new SealdeskError('STAMP_IN_PROGRESS');
      if (job.status !== 'done') throw new SealdeskError('STAMP_NOT_FOUND', { stamp: job.id });
      // ofdpages: a stamped OFD goes back as what it is, under its own type and extension
      const format = formatOf(headOf(jobs.outputPath(job.id)));
      return reply.type(format.mediaType).header('content-disposition', `inline; filename="${job.id}${format.extension}"`).send(createReadStream(jobs.outputPath(job.id)));
    },
  );

  app.post(
    '/api/stamps/:id/print',
    { schema: { tags: ['stamps'], params: IdParams, body: Type.Optional(PrintBody), response: { 200: PrintView } }, config: { access: ['clerk', 'kiosk'] } },
    async (request) => {
      const principal = principalOf(request);
      const job = requireStampVisible(context.scope, principal, jobs.get(request.params.id), request.params.id, inVisit);
      // seeing a stamp is not enough to put it on paper: it is the stamper's, or a holder of the seal's
      if (job.operatorId !== principal.operatorId && !context.scope.maySeal(principal, job.spec.sealId, job.sealOrganisationId)) throw forbidden(principal, job.sealOrganisationId);
      return printStamp(context, jobs, principal, job, context.seals.get(job.spec.sealId), request.body ?? {});
    },
  );
};
export default stampsPlugin;
