import type { ServicePlugin } from '../service-plugin.js';

/** TODO(events): being written; registers no route yet. */
const eventsPlugin: ServicePlugin = (_context) => async () => {};
export default eventsPlugin;
