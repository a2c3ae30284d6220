import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { isSealdeskError } from '../../../firmware-bridge/errors/sealdesk-error.js';
import { chainId32 } from '../chain/chain-id.js';
import { getSealRecord, type SealRecord } from './seal-record.js';

interface Pending {
  seal_key: string;
  organisation: string;
  certificate_hash: string;
  status: string;
  effective_at: number;
  reason: string | null;
  record_hash: string;
}

/** Why a record does not describe the seal the chain registered (undefined: it does). */
function mismatch(record: SealRecord, seal: Pending): string | undefined {
  if (chainId32(record.id) !== seal.seal_key) return `it is the record of ${record.id}, another seal`;
  if (chainId32(record.organisation.uscc) !== seal.organisation) return 'its organisation is not the one the chain registered';
  const leaf = record.certificateChain[0];
  if (!leaf || createHash('sha256').update(Buffer.from(leaf, 'base64')).digest('hex') !== seal.certificate_hash) return 'its certificate is not the one the chain registered';
  return undefined;
}

/**
 * Seals registered on chain with a record this terminal does not hold yet: each record read from
 * the store, checked against the chain (its hash, the seal id, organisation and certificate the
 * chain registered) and stored as a seal of the local registry with the chain's status, in one
 * transaction per seal. A record not readable yet stays pending and is asked for again; one that
 * does not match, or clashes with a local seal (same key or name), is marked and logged, never stored.
 * Returns the seal ids stored.
 */
export async function importSealRecords(db: Database.Database, store: string | undefined, log: (line: string) => void): Promise<string[]> {
  const pending = db.prepare("SELECT seal_key, organisation, certificate_hash, status, effective_at, reason, record_hash FROM chain_seals WHERE record_state = 'pending'").all() as Pending[];
  const stored: string[] = [];
  for (const seal of pending) {
    const mark = (state: string) => db.prepare('UPDATE chain_seals SET record_state = ? WHERE seal_key = ? AND record_hash = ?').run(state, seal.seal_key, seal.record_hash);
    if (!store) {
      mark('no-store');
      continue;
    }
    let record: SealRecord;
    try {
      record = await getSealRecord(store, seal.record_hash);
    } catch (error) {
      if (isSealdeskError(error)) log(`follower: ${error.code}: ${error.messageEn}`);
      continue; // asked for again on the next round
    }
    const wrong = mismatch(record, seal);
    if (wrong) {
      log(`follower: seal record ${seal.record_hash} refused: ${wrong}`);
      mark('mismatch');
      continue;
    }
    try {
      db.transaction(() => {
        if (db.prepare('SELECT 1 FROM seals WHERE id = ?').get(record.id)) {
          db.prepare("UPDATE chain_seals SET record_state = 'local', seal_id = ? WHERE seal_key = ?").run(record.id, seal.seal_key);
          return;
        }
        const at = seal.effective_at ? new Date(seal.effective_at * 1000).toISOString() : record.createdAt;
        db.prepare(
          `INSERT INTO seals (id, name, type, org_name, org_uscc, token_serial, token_label, key_label, cert_serial, cert_issuer,
             seal_code, image_png, image_source, status, status_changed_at, status_reason, not_before, not_after, created_at, format, eseal_der)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          record.id, record.name, record.type, record.organisation.name, record.organisation.uscc, record.key.tokenSerial, record.key.tokenLabel, record.key.keyLabel,
          record.certificateSerial, record.certificateIssuer, record.code, Buffer.from(record.imagePng, 'base64'), record.imageSource,
          seal.status, at, seal.status === 'active' ? null : seal.reason, record.notBefore, record.notAfter, record.createdAt,
          // a GB/T 38540 seal comes with its SESeal: other terminals stamp OFD with it
          record.eseal ? 'gbt38540' : 'sealdesk', record.eseal ? Buffer.from(record.eseal, 'base64') : null,
        );
        const addCert = db.prepare('INSERT INTO seal_certificates (seal_id, position, der) VALUES (?, ?, ?)');
        record.certificateChain.forEach((der, position) => addCert.run(record.id, position, Buffer.from(der, 'base64')));
        const event = db.prepare('INSERT INTO seal_status_events (seal_id, status, at, reason) VALUES (?, ?, ?, ?)');
        event.run(record.id, 'active', record.createdAt, null);
        if (seal.status !== 'active') event.run(record.id, seal.status, at, seal.reason);
        db.prepare("UPDATE chain_seals SET record_state = 'stored', seal_id = ? WHERE seal_key = ?").run(record.id, seal.seal_key);
      }).immediate();
      stored.push(record.id);
    } catch (error) {
      // a CHECK or UNIQUE constraint: the record names a type this version does not know, or a key or name a local seal has
      log(`follower: seal record ${seal.record_hash} of ${record.id} not stored: ${(error as Error).message}`);
      mark('conflict');
    }
  }
  return stored;
}
