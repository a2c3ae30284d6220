import type { ServicePlugin } from '../service-plugin.js';

/** TODO(licences): being written; registers no route yet. */
const licencesPlugin: ServicePlugin = (_context) => async () => {};
export default licencesPlugin;
