import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** $SEALDESK_HOME/config.json, as far as the token layer and verification read it. Every field is optional. */
export interface SealdeskConfig {
  /** Verification: the QR code's base URL and the trust anchors `sealdesk verify` adds to the dev CA root. */
  verify?: {
    baseUrl?: string;
    /** PEM files of trusted roots (e.g. the production seal CA, the TSA's root). */
    trustAnchors?: string[];
  };
  seals?: {
    /** The chain follower's view of seal statuses older than this refuses stamps (SEAL_STATUS_STALE); default 300. */
    maxStatusAgeSeconds?: number;
  };
  pkcs11?: {
    /** Module paths to load when SEALDESK_PKCS11_MODULE is not set. */
    modules?: string[];
    /** Wrong PINs allowed before sealdesk locks a token that keeps no counter itself. */
    maxPinTries?: number;
    /** Sessions kept open per token. */
    sessionsPerToken?: number;
    /** Hot-plug poll interval. */
    pollIntervalMs?: number;
  };
  token?: {
    /** The SM2 vendor profile of the GM keys here (drivers/pkcs11/sm2-profiles.ts), when token info does not tell it. */
    sm2Profile?: string;
    /** The SM2 distinguishing ID seals sign with, when not GM/T 0009's 1234567812345678 (host-hashing keys only). */
    sm2Id?: string;
  };
}

/** $SEALDESK_HOME/config.json; {} when there is none. */
export function loadConfig(home: string): SealdeskConfig {
  const path = join(home, 'config.json');
  let text: string;
  try {
    // most terminals have no config.json: an open that fails throws, which cost more than the stat
    if (!statSync(path, { throwIfNoEntry: false })) return {};
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  try {
    return JSON.parse(text) as SealdeskConfig;
  } catch (error) {
    throw new SealdeskError('CONFIG_INVALID', { reason: `${path}: ${(error as Error).message}` }, { cause: error });
  }
}
