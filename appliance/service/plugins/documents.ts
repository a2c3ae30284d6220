import { createReadStream } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../access/route-access.js';
import { DOCUMENT_ID_PATTERN, DocumentStore } from '../documents/document-store.js';
import { receivePdf } from '../documents/receive-pdf.js';
import { sendPageSvg } from '../documents/page-svg-reply.js';
import { formatOf, headOf } from '../../formats/index.js';
import type { ServicePlugin } from '../service-plugin.js';

const Uploaded = Type.Object({
  documentId: Type.String(),
  pages: Type.Integer(),
  sha256: Type.String(),
  fileName: Type.String(),
  size: Type.Integer(),
  format: Type.Optional(Type.String({ description: "'pdf' or 'ofd': an OFD's preview is drawn by the service (…/pages/:page/svg)" })),
});
const IdParams = Type.Object({ id: Type.String({ pattern: DOCUMENT_ID_PATTERN }) });
const PageParams = Type.Object({ id: Type.String({ pattern: DOCUMENT_ID_PATTERN }), page: Type.String({ pattern: '^[1-9][0-9]{0,5}$', description: '1-based' }) });

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
      const format = formatOf(headOf(store.documentPath(record.id))).name;
      return reply.status(201).send({ documentId: record.id, pages: record.pages, sha256: record.sha256, fileName: record.fileName, size: record.size, format });
    },
  );

  app.get(
    '/api/documents/:id/pdf',
    { schema: { tags: ['documents'], params: IdParams, produces: ['application/pdf', 'application/ofd'] }, config: { access: ['clerk'] } },
    async (request, reply) => {
      const record = await store.own(request.params.id, principalOf(request));
      // the route keeps its name; an OFD goes back as what it is, under its own type
      const path = store.documentPath(record.id);
      return reply.type(formatOf(headOf(path)).mediaType).header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(record.fileName)}`).send(createReadStream(path));
    },
  );

  // ofdpages: an OFD has no viewer in the browser: the service draws the page the clerk places the seal on
  app.get(
    '/api/documents/:id/pages/:page/svg',
    { schema: { tags: ['documents'], params: PageParams, produces: ['image/svg+xml'] }, config: { access: ['clerk'] } },
    async (request, reply) => {
      const record = await store.own(request.params.id, principalOf(request));
      // in a worker thread, within the document's limits: the page's XML and images are the citizen's
      const svg = await context.documentPool.pageSvg(store.documentPath(record.id), Number(request.params.page));
      return sendPageSvg(reply, svg);
    },
  );
};
export default documentsPlugin;
