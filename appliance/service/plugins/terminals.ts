import { principalOf } from '../access/route-access.js';
import type { ServicePlugin } from '../service-plugin.js';
import { TerminalList, visibleTerminals } from '../terminals/terminal-view.js';

/**
 * /api/terminals: the hall's terminals (counters, kiosks, the desk) and the seals granted to each,
 * as this appliance's follower applied them from final blocks — what `sealdesk terminal list`
 * prints, for the admin page. Read-only here: the desk decides them on chain. Administrators see
 * their own subtree's terminals; a wrong role is FORBIDDEN (audited by the access layer).
 */
const terminalsPlugin: ServicePlugin = (context) => async (app) => {
  app.get('/api/terminals', { schema: { tags: ['terminals'], response: { 200: TerminalList } }, config: { access: ['admin'] } }, async (request) => ({
    terminals: visibleTerminals(context, context.seals.db, principalOf(request)),
  }));
};
export default terminalsPlugin;
