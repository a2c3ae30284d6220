import type { ServicePlugin } from '../service-plugin.js';

/** TODO(chain): being written; registers no route yet. */
const chainPlugin: ServicePlugin = (_context) => async () => {};
export default chainPlugin;
