import type { ServicePlugin } from '../service-plugin.js';

/** TODO(grants): being written; registers no route yet. */
const grantsPlugin: ServicePlugin = (_context) => async () => {};
export default grantsPlugin;
