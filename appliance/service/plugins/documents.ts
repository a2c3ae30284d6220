import type { ServicePlugin } from '../service-plugin.js';

/** TODO(documents): being written; registers no route yet. */
const documentsPlugin: ServicePlugin = (_context) => async () => {};
export default documentsPlugin;
