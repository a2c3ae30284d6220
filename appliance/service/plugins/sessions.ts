import type { ServicePlugin } from '../service-plugin.js';

/** TODO(sessions): being written; registers no route yet. */
const sessionsPlugin: ServicePlugin = (_context) => async () => {};
export default sessionsPlugin;
