import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Seal } from '../../seals/seal.js';
import { canonicalJson } from '../outbox/canonical-json.js';
import { getStoredRecord, putStoredRecord, recordHash } from './record-store.js';

/**
 * What a terminal needs to use and show a seal it did not enrol: everything the seal registry
 * keeps but the status (which the chain's events carry). Kept off chain, named by the SHA-256 of
 * its bytes; SealRecordPublished binds that hash to the seal (docs/decisions.md, "seal records").
 */
export interface SealRecord {
  version: 1;
  id: string;
  name: string;
  type: string;
  organisation: { name: string; uscc: string };
  key: { tokenSerial: string; tokenLabel: string; keyLabel: string };
  /** DER, base64, the seal's own certificate first. */
  certificateChain: string[];
  certificateSerial: string;
  certificateIssuer: string;
  code: string | null;
  imagePng: string;
  imageSource: 'generated' | 'imported';
  notBefore: string;
  notAfter: string;
  createdAt: string;
  /**
   * A GB/T 38540 seal's SESeal (DER, base64), signed once by the seal maker: a terminal needs it
   * to stamp OFD with the seal. Absent for a sealdesk-format seal (and in records made before it).
   */
  eseal?: string;
}

/** The record of a seal of this registry, with its PNG (and its SESeal, for a GB/T 38540 seal). */
export function sealRecordOf(seal: Seal, imagePng: Buffer, eseal?: Buffer): SealRecord {
  return {
    version: 1,
    id: seal.id,
    name: seal.name,
    type: seal.type,
    organisation: seal.organisation,
    key: seal.key,
    certificateChain: seal.certificateChain.map((der) => der.toString('base64')),
    certificateSerial: seal.certificateSerial,
    certificateIssuer: seal.certificateIssuer,
    code: seal.code,
    imagePng: imagePng.toString('base64'),
    imageSource: seal.imageSource,
    notBefore: seal.notBefore,
    notAfter: seal.notAfter,
    createdAt: seal.createdAt,
    ...(seal.format === 'gbt38540' && eseal ? { eseal: eseal.toString('base64') } : {}),
  };
}

export const recordBytes = (record: SealRecord): Buffer => Buffer.from(canonicalJson(record), 'utf8');
export { recordHash };

/** Writes the record into a store directory (atomically); returns its hash. */
export function putSealRecord(store: string, record: SealRecord): string {
  return putStoredRecord(store, recordBytes(record), { en: 'seal', zh: '印章' });
}

/** The record of that hash from a directory or an http(s) base URL; its bytes checked against the hash. */
export async function getSealRecord(store: string, hash: string, timeoutMs = 5_000): Promise<SealRecord> {
  const bytes = await getStoredRecord(store, hash, timeoutMs, (reason, reasonZh, cause) => new SealdeskError('SEAL_RECORD_INVALID', { hash, reason, reasonZh }, cause === undefined ? undefined : { cause }));
  try {
    const record = JSON.parse(bytes.toString('utf8')) as SealRecord;
    if (record.version !== 1) throw new Error(`version ${String(record.version)}`);
    return record;
  } catch (error) {
    throw new SealdeskError('SEAL_RECORD_INVALID', { hash, reason: (error as Error).message, reasonZh: (error as Error).message }, { cause: error });
  }
}
