import type { ServicePlugin } from '../service-plugin.js';

/** TODO(organisations): being written; registers no route yet. */
const organisationsPlugin: ServicePlugin = (_context) => async () => {};
export default organisationsPlugin;
