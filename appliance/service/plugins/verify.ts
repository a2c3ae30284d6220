import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyRateLimit from '@fastify/rate-limit';
import { Type } from '@sinclair/typebox';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { StampVerificationReport } from '../../verification/index.js';
import { receivePdf } from '../documents/receive-pdf.js';
import type { ServicePlugin } from '../service-plugin.js';
import { CodeReport, codeReport } from '../verify/code-report.js';
import { parseVerificationCode } from '../verify/verification-code.js';

/** The report of `sealdesk verify --json`: its shape is the verifier's, passed through whole. */
const VerificationReport = Type.Object(
  { status: Type.String(), file: Type.String(), signatures: Type.Array(Type.Object({}, { additionalProperties: true })) },
  { additionalProperties: true },
);
// the QR payload is a whole URL: longer than a route parameter may be, so it is the wildcard
const CodeParams = Type.Object({ '*': Type.String({ minLength: 1, maxLength: 2048 }) });

/**
 * /api/verify: anyone checks a stamped PDF (uploaded, streamed to a temp file under the size
 * limit, removed after) the way `sealdesk verify` does, chain included when configured; or a
 * scanned QR code, which names the document hash and the seal event. Anonymous, so bounded: so
 * many requests per client address (RATE_LIMITED), the document worked in the pool's threads
 * (DOCUMENT_TOO_COMPLEX past a job's limits), and SERVICE_BUSY when the pool's queue is full.
 */
const verifyPlugin: ServicePlugin = (context) => async (app) => {
  const dir = join(context.workDir, 'verify');
  const { max, windowMs } = context.settings.verifyRateLimit;
  // global: false: only the routes below count; a clerk's routes are never limited by the public's
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) => new SealdeskError('RATE_LIMITED', { retryAfter: Math.max(1, Math.ceil(limit.ttl / 1000)) }),
  });
  const rateLimit = { max, timeWindow: windowMs };

  app.post(
    '/api/verify',
    {
      schema: { tags: ['verify'], consumes: ['multipart/form-data'], response: { 200: VerificationReport } },
      config: { access: 'public', rateLimit },
    },
    async (request) => {
      // refused before the upload is read when no thread could take it anyway
      context.documentPool.public.checkRoom();
      const received = await receivePdf(request, dir, context.settings.uploadLimitBytes);
      try {
        const report = await context.documentPool.verify<StampVerificationReport>(received.path, context.home);
        // the temp path means nothing to the caller: their own file name does
        return { ...report, file: received.fileName };
      } finally {
        await rm(received.path, { force: true });
      }
    },
  );

  app.get(
    '/api/verify/code/*',
    { schema: { tags: ['verify'], params: CodeParams, response: { 200: CodeReport } }, config: { access: 'public', rateLimit } },
    async (request) => codeReport(context, parseVerificationCode(request.params['*'])),
  );
};
export default verifyPlugin;
