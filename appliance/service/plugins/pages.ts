import type { ServicePlugin } from '../service-plugin.js';

/** TODO(pages): being written; registers no route yet. */
const pagesPlugin: ServicePlugin = (_context) => async () => {};
export default pagesPlugin;
