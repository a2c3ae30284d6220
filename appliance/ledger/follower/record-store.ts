import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';

/**
 * The hall's content-addressed record store (ledger.json `sealRecords`): a directory the desk
 * writes, or an http(s) base URL terminals read; each record is `<sha256 of its bytes>.json`, and
 * the chain names the hash. Seal, terminal and organisation records share it.
 */
export const recordHash = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Writes the bytes into a store directory (atomically: a reader never sees half a file); returns their hash. */
export function putStoredRecord(store: string, bytes: Buffer, what: { en: string; zh: string }): string {
  if (/^https?:\/\//.test(store)) throw new SealdeskError('USAGE', { reason: `${what.en} records are written to a directory; an HTTP store is read-only here`, reasonZh: `${what.zh}档案只能写入目录；HTTP 存储在此只读` });
  const hash = recordHash(bytes);
  mkdirSync(store, { recursive: true });
  const path = join(store, `${hash}.json`);
  writeFileSync(`${path}.${process.pid}.tmp`, bytes);
  renameSync(`${path}.${process.pid}.tmp`, path);
  return hash;
}

/** The bytes of that hash from a directory or an http(s) base URL, checked against the hash; `invalid` names the refusal. */
export async function getStoredRecord(store: string, hash: string, timeoutMs: number, invalid: (reason: string, reasonZh: string, cause?: unknown) => SealdeskError): Promise<Buffer> {
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
    throw invalid(`not readable from the store: ${(error as Error).message}`, `无法从档案存储读取：${(error as Error).message}`, error);
  }
  if (recordHash(bytes) !== hash) throw invalid('its bytes do not have the hash the chain names', '其内容与链上登记的哈希不符');
  return bytes;
}
