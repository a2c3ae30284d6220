import type { ServicePlugin } from '../service-plugin.js';
import audit from './audit.js';
import chain from './chain.js';
import devices from './devices.js';
import documents from './documents.js';
import events from './events.js';
import grants from './grants.js';
import health from './health.js';
import kiosk from './kiosk.js';
import licences from './licences.js';
import metrics from './metrics.js';
import operators from './operators.js';
import organisations from './organisations.js';
import pages from './pages.js';
import seals from './seals.js';
import sessions from './sessions.js';
import stamps from './stamps.js';
import templates from './templates.js';
import terminals from './terminals.js';
import tokenAdmin from './token-admin.js';
import tokens from './tokens.js';
import verify from './verify.js';

/** Every plugin of the service, one per resource. */
export const SERVICE_PLUGINS: readonly ServicePlugin[] = [
  health,
  metrics,
  sessions,
  organisations,
  operators,
  grants,
  tokens,
  tokenAdmin,
  seals,
  documents,
  stamps,
  verify,
  devices,
  events,
  chain,
  licences,
  templates,
  terminals,
  kiosk,
  audit,
  pages,
];
