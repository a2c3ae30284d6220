import type { ServicePlugin } from '../service-plugin.js';

/** TODO(verify): being written; registers no route yet. */
const verifyPlugin: ServicePlugin = (_context) => async () => {};
export default verifyPlugin;
