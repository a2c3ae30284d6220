import type { ServicePlugin } from '../service-plugin.js';

/** TODO(devices): being written; registers no route yet. */
const devicesPlugin: ServicePlugin = (_context) => async () => {};
export default devicesPlugin;
