import { Type } from '@sinclair/typebox';
import { principalOf } from '../access/route-access.js';
import { Id } from '../directory/directory-views.js';
import type { ServicePlugin } from '../service-plugin.js';
import { changeTerminalGrant } from '../terminals/terminal-grant-change.js';
import { TerminalList, visibleTerminals } from '../terminals/terminal-view.js';

const GrantParams = Type.Object({ address: Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' }), sealId: Id });
const GrantChange = Type.Object({ sealId: Type.String(), terminal: Type.String(), granted: Type.Boolean(), txHash: Type.String() });

/**
 * /api/terminals: the hall's terminals (counters, kiosks, the desk) and the seals granted to each,
 * as this appliance's follower applied them from final blocks — what `sealdesk terminal list`
 * prints, for the admin page — and the desk's grant and withdrawal (`sealdesk grant add|revoke`),
 * sent to the chain and shown here once final. Administrators of their own subtree only; a wrong
 * role is FORBIDDEN (audited by the access layer).
 */
const terminalsPlugin: ServicePlugin = (context) => async (app) => {
  app.get('/api/terminals', { schema: { tags: ['terminals'], response: { 200: TerminalList } }, config: { access: ['admin'] } }, async (request) => ({
    terminals: visibleTerminals(context, context.seals.db, principalOf(request)),
  }));

  app.put(
    '/api/terminals/:address/grants/:sealId',
    { schema: { tags: ['terminals'], params: GrantParams, response: { 200: GrantChange } }, config: { access: ['admin'] } },
    async (request) => changeTerminalGrant(context, principalOf(request), request.params.address, request.params.sealId, true),
  );

  app.delete(
    '/api/terminals/:address/grants/:sealId',
    { schema: { tags: ['terminals'], params: GrantParams, response: { 200: GrantChange } }, config: { access: ['admin'] } },
    async (request) => changeTerminalGrant(context, principalOf(request), request.params.address, request.params.sealId, false),
  );
};
export default terminalsPlugin;
