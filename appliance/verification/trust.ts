import { existsSync, readFileSync } from 'node:fs';
import { caPaths } from '../ca/ca-store.js';
import { loadConfig } from '../config/config.js';

/** The dev CA root under SEALDESK_HOME (when there is one) and the PEMs configured in config.json verify.trustAnchors. */
export function defaultTrustAnchorPaths(home: string): string[] {
  const root = caPaths(home).root;
  return [...(existsSync(root) ? [root] : []), ...(loadConfig(home).verify?.trustAnchors ?? [])];
}

/** The dev CA's CRL, when it has issued one: the revocation status of the seals it certified. */
export function defaultCrls(home: string): Buffer[] {
  const path = caPaths(home).crl;
  return existsSync(path) ? [readFileSync(path)] : [];
}
