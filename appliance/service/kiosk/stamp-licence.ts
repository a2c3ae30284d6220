import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Token } from '../../../drivers/pkcs11/token.js';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { loadLedgerConfig } from '../../ledger/ledger-config.js';
import { chainConfigured } from '../../ledger/seal-chain.js';
import { issueLicence, type IssueLicenceParameters } from '../../licences/issue-licence.js';
import { readJson, writeJsonAtomic } from '../documents/atomic-json.js';
import type { ServiceContext } from '../service-context.js';

/** What is kept of a stamp's licence: ids only. Nothing kept here (or anywhere) makes its code again. */
interface StoredLicence {
  licenceId: string;
  subjectHash: string;
  eventId: string;
  txHash: string;
}

export interface StampLicence {
  licenceId: string;
  /**
   * 证照码: opens this record only. Given once, to the request that issued it (shown on the kiosk's
   * last screen and printed on that receipt, in the citizen's presence); null on a retry.
   */
  code: string | null;
}

const licencePath = (context: ServiceContext, stampId: string) => join(context.workDir, 'stamps', 'licences', `${stampId}.json`);
// one issue at a time per stamp: two retries of one certificate must not publish two records
const issuing = new Map<string, Promise<StampLicence>>();

export const licencesOn = (context: ServiceContext): boolean => chainConfigured(loadLedgerConfig(context.home));

/** The licence issued with this stamp, if any: its id, never its code (which no one here can make again). */
export async function storedLicence(context: ServiceContext, stampId: string): Promise<StampLicence | undefined> {
  const stored = await readJson<StoredLicence>(licencePath(context, stampId));
  return stored ? { licenceId: stored.licenceId, code: null } : undefined;
}

/**
 * The licence record of a stamped certificate: issued once (sealed for the holder, published on
 * the chain) and remembered by stamp id, so a retried request gets the same licence back without
 * asking for its parameters (the holder's card may be gone by then), but without its code: the
 * code went to the request that issued it. The seal and chain tokens are already open (a kiosk's
 * are opened at start).
 */
export async function licenceForStamp(context: ServiceContext, stampId: string, parameters: () => IssueLicenceParameters): Promise<StampLicence> {
  const running = issuing.get(stampId);
  if (running) return running;
  const work = (async () => {
    const known = await storedLicence(context, stampId);
    if (known) return known;
    const open = async (token: Token) => {
      if (!token.isLoggedIn) throw new SealdeskError('LOGIN_REQUIRED');
    };
    const issued = await issueLicence(context.home, context.pkcs11, open, parameters());
    mkdirSync(join(context.workDir, 'stamps', 'licences'), { recursive: true, mode: 0o700 });
    await writeJsonAtomic(licencePath(context, stampId), { licenceId: issued.licenceId, subjectHash: issued.subjectHash, eventId: issued.eventId, txHash: issued.chain.txHash } satisfies StoredLicence);
    return { licenceId: issued.licenceId, code: issued.code };
  })();
  issuing.set(stampId, work);
  try {
    return await work;
  } finally {
    issuing.delete(stampId);
  }
}
