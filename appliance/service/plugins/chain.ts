import { Type } from '@sinclair/typebox';
import { principalOf } from '../access/route-access.js';
import { ChainStatus, chainStatus } from '../chain/chain-status.js';
import { EventAnchor, eventAnchor } from '../chain/event-anchor.js';
import { visibleEvent } from '../events/visible-event.js';
import type { ServicePlugin } from '../service-plugin.js';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });

/**
 * /api/chain: read-only view of the ledger for the administrator, the auditor and the clerk
 * checking a citizen's document: the chain and its height, the outbox backlog, and one seal
 * event's anchoring (within the caller's subtree; a clerk's only for seals granted to them).
 */
const chainPlugin: ServicePlugin = (context) => async (app) => {
  app.get(
    '/api/chain',
    { schema: { tags: ['chain'], response: { 200: ChainStatus } }, config: { access: ['admin', 'auditor', 'clerk'] } },
    async () => chainStatus(context),
  );

  app.get(
    '/api/chain/events/:id',
    { schema: { tags: ['chain'], params: IdParams, response: { 200: EventAnchor } }, config: { access: ['admin', 'auditor', 'clerk'] } },
    async (request) => eventAnchor(context.events.outbox, visibleEvent(context, principalOf(request), request.params.id), context.seals),
  );
};
export default chainPlugin;
