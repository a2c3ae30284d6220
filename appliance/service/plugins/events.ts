import { Type } from '@sinclair/typebox';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { EVENT_KINDS } from '../../ledger/outbox/seal-event.js';
import { principalOf } from '../access/route-access.js';
import { ReceiptView, SealEventView } from '../events/event-view.js';
import { listEvents } from '../events/list-events.js';
import { visibleEvent } from '../events/visible-event.js';
import { sealCertificateOf } from '../../seals/registry/event-certificate.js';
import { sealVisible } from '../seals/seal-scope.js';
import type { ServicePlugin } from '../service-plugin.js';
import { anchorOf } from '../stamps/anchor-status.js';
import { AnchorView } from '../stamps/stamp-job.js';

const ListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'the `next` of the previous page' })),
    kind: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: [...EVENT_KINDS] })),
    sealId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
  },
  { additionalProperties: false },
);
const EventPage = Type.Object({
  events: Type.Array(Type.Object({ seq: Type.Integer(), event: SealEventView, anchor: AnchorView })),
  next: Type.Union([Type.Integer(), Type.Null()]),
});
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });

/**
 * /api/events: the seal events in this terminal's outbox (stamps, seal status changes) of the
 * seals within the caller's subtree, newest first, each with its anchoring (pending until the
 * ledger worker stores the receipt); and an event's receipt, which anyone can check on chain.
 */
const eventsPlugin: ServicePlugin = (context) => async (app) => {
  app.get(
    '/api/events',
    { schema: { tags: ['events'], querystring: ListQuery, response: { 200: EventPage } }, config: { access: ['admin', 'auditor'] } },
    async (request) => {
      const principal = principalOf(request);
      const sealIds = context.seals
        .list()
        .filter((s) => sealVisible(context.scope, principal, s))
        .map((s) => s.id);
      const { limit, before, kind, sealId } = request.query;
      const outbox = context.events.outbox;
      const page = listEvents(outbox, sealIds, { limit, ...(before ? { before } : {}), ...(kind ? { kind } : {}), ...(sealId ? { sealId } : {}) });
      return { events: page.events.map((e) => ({ ...e, anchor: anchorOf(outbox, e.event.id) })), next: page.next };
    },
  );

  app.get(
    '/api/events/:id/receipt',
    { schema: { tags: ['events'], params: IdParams, response: { 200: ReceiptView } }, config: { access: ['admin', 'auditor'] } },
    async (request) => {
      const event = visibleEvent(context, principalOf(request), request.params.id);
      const receipt = context.events.outbox.receipt(event.id, sealCertificateOf(context.seals));
      if (!receipt) throw new SealdeskError('EVENT_NOT_ANCHORED', { event: event.id });
      return receipt;
    },
  );
};
export default eventsPlugin;
