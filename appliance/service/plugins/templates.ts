import type { ServicePlugin } from '../service-plugin.js';

/** TODO(templates): being written; registers no route yet. */
const templatesPlugin: ServicePlugin = (_context) => async () => {};
export default templatesPlugin;
