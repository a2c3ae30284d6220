import type { ServicePlugin } from '../service-plugin.js';

/** TODO(operators): being written; registers no route yet. */
const operatorsPlugin: ServicePlugin = (_context) => async () => {};
export default operatorsPlugin;
