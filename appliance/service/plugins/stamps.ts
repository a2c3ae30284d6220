import type { ServicePlugin } from '../service-plugin.js';

/** TODO(stamps): being written; registers no route yet. */
const stampsPlugin: ServicePlugin = (_context) => async () => {};
export default stampsPlugin;
