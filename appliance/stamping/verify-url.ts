import { loadConfig, type SealdeskConfig } from '../config/config.js';

export const DEFAULT_VERIFY_URL = 'http://127.0.0.1:7700/verify';

/** Where a printed copy is checked: SEALDESK_VERIFY_URL, else config.json verify.baseUrl, else the local agent. */
export function verifyBaseUrl(home: string, env: NodeJS.ProcessEnv = process.env): string {
  return verifyBaseUrlIn(env.SEALDESK_VERIFY_URL ? {} : loadConfig(home), env);
}

/** verify.baseUrl of a config already read, else the local agent (SEALDESK_VERIFY_URL first). */
export function verifyBaseUrlIn(config: SealdeskConfig, env: NodeJS.ProcessEnv = process.env): string {
  return env.SEALDESK_VERIFY_URL || config.verify?.baseUrl || DEFAULT_VERIFY_URL;
}

/** The URL in the QR 证照码: the document hash and the seal event id the ledger resolves. */
export function verificationUrl(base: string, documentHash: string, eventId: string): string {
  const url = new URL(base);
  url.searchParams.set('doc', documentHash);
  url.searchParams.set('event', eventId);
  return url.toString();
}
