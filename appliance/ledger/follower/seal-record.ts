import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import type { Seal } from '../../seals/seal.js';
import { canonicalJson } from '../outbox/canonical-json.js';

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
export const recordHash = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Writes the record into a store directory (atomically: a reader never sees half a file); returns its hash. */
export function putSealRecord(store: string, record: SealRecord): string {
  if (/^https?:\/\//.test(store)) throw new SealdeskError('USAGE', { reason: 'seal records are written to a directory; an HTTP store is read-only here', reasonZh: '印章档案只能写入目录；HTTP 存储在此只读' });
  const bytes = recordBytes(record);
  const hash = recordHash(bytes);
  mkdirSync(store, { recursive: true });
  const path = join(store, `${hash}.json`);
  writeFileSync(`${path}.${process.pid}.tmp`, bytes);
  renameSync(`${path}.${process.pid}.tmp`, path);
  return hash;
}

/** The record of that hash from a directory or an http(s) base URL; its bytes checked against the hash. */
export async function getSealRecord(store: string, hash: string, timeoutMs = 5_000): Promise<SealRecord> {
  let bytes: Buffer;
  try {
    if (/^https?:\/\//.test(store)) {
      const response = await fetch(`${store.replace(/\/$/, '')}/${hash}.json`, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      bytes = Buffer.from(await response.arrayBuffer());
    } else {
      bytes = readFileSync(join(store, `${hash}.json`));
    }
  } catch (error) {
    throw new SealdeskError('SEAL_RECORD_INVALID', { hash, reason: `not readable from the store: ${(error as Error).message}`, reasonZh: `无法从档案存储读取：${(error as Error).message}` }, { cause: error });
  }
  if (recordHash(bytes) !== hash) throw new SealdeskError('SEAL_RECORD_INVALID', { hash, reason: 'its bytes do not have the hash the chain names', reasonZh: '其内容与链上登记的哈希不符' });
  try {
    const record = JSON.parse(bytes.toString('utf8')) as SealRecord;
    if (record.version !== 1) throw new Error(`version ${String(record.version)}`);
    return record;
  } catch (error) {
    throw new SealdeskError('SEAL_RECORD_INVALID', { hash, reason: (error as Error).message, reasonZh: (error as Error).message }, { cause: error });
  }
}
