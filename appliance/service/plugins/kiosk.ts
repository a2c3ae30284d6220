import type { ServicePlugin } from '../service-plugin.js';

/** TODO(kiosk): being written; registers no route yet. */
const kioskPlugin: ServicePlugin = (_context) => async () => {};
export default kioskPlugin;
