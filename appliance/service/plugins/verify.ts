import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { chainConfigured } from '../../ledger/seal-chain.js';
import { loadLedgerConfig } from '../../ledger/ledger-config.js';
import { verifyOnChain } from '../../ledger/verify-on-chain.js';
import { verifyPdf } from '../../verification/index.js';
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
 * scanned QR code, which names the document hash and the seal event.
 */
const verifyPlugin: ServicePlugin = (context) => async (app) => {
  const dir = join(context.workDir, 'verify');

  app.post(
    '/api/verify',
    { schema: { tags: ['verify'], consumes: ['multipart/form-data'], response: { 200: VerificationReport } }, config: { access: 'public' } },
    async (request) => {
      const received = await receivePdf(request, dir, context.settings.uploadLimitBytes);
      try {
        const local = await verifyPdf(received.path, { home: context.home });
        const config = loadLedgerConfig(context.home);
        const report = chainConfigured(config) ? await verifyOnChain(local, received.path, context.home, config) : local;
        // the temp path means nothing to the caller: their own file name does
        return { ...report, file: received.fileName };
      } finally {
        await rm(received.path, { force: true });
      }
    },
  );

  app.get(
    '/api/verify/code/*',
    { schema: { tags: ['verify'], params: CodeParams, response: { 200: CodeReport } }, config: { access: 'public' } },
    async (request) => codeReport(context, parseVerificationCode(request.params['*'])),
  );
};
export default verifyPlugin;
