import type { ServicePlugin } from '../service-plugin.js';

/** TODO(audit): being written; registers no route yet. */
const auditPlugin: ServicePlugin = (_context) => async () => {};
export default auditPlugin;
