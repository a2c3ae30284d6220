import type { ServicePlugin } from '../service-plugin.js';

/** TODO(tokens): being written; registers no route yet. */
const tokensPlugin: ServicePlugin = (_context) => async () => {};
export default tokensPlugin;
