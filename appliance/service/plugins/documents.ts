import { createReadStream } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../access/route-access.js';
import { DOCUMENT_ID_PATTERN, DocumentStore } from '../documents/document-store.js';
import { receivePdf } from '../documents/receive-pdf.js';
import type { ServicePlugin } from '../service-plugin.js';

const Uploaded = Type.Object({ documentId: Type.String(), pages: Type.Integer(), sha256: Type.String(), fileName: Type.String(), size: Type.Integer() });
const IdParams = Type.Object({ id: Type.String({ pattern: DOCUMENT_ID_PATTERN }) });

/**
 * /api/documents: the clerk's PDF to be stamped, uploaded as multipart (one file, streamed to
 * disk under the size limit), and read back by its owner. Not a kiosk's: a kiosk makes its
 * documents from its templates, so an unattended credential cannot bring in a PDF to be sealed.
 */
const documentsPlugin: ServicePlugin = (context) => async (app) => {
  const store = new DocumentStore(context.workDir);

  app.post(
    '/api/documents',
    { schema: { tags: ['documents'], consumes: ['multipart/form-data'], response: { 201: Uploaded } }, config: { access: ['clerk'] } },
    async (request, reply) => {
      const principal = principalOf(request);
      const received = await receivePdf(request, store.incoming, context.settings.uploadLimitBytes);
      // opened in a worker thread: a citizen's file may be made to stall or exhaust whoever parses it
      const record = await store.keep(received, principal, (path) => context.documentPool.inspect(path));
      return reply.status(201).send({ documentId: record.id, pages: record.pages, sha256: record.sha256, fileName: record.fileName, size: record.size });
    },
  );

  app.get(
    '/api/documents/:id/pdf',
    { schema: { tags: ['documents'], params: IdParams, produces: ['application/pdf'] }, config: { access: ['clerk'] } },
    async (request, reply) => {
      const record = await store.own(request.params.id, principalOf(request));
      return reply.type('application/pdf').header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(record.fileName)}`).send(createReadStream(store.pdfPath(record.id)));
    },
  );
};
export default documentsPlugin;
