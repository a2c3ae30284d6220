import type { ServicePlugin } from '../service-plugin.js';

/** TODO(seals): being written; registers no route yet. */
const sealsPlugin: ServicePlugin = (_context) => async () => {};
export default sealsPlugin;
