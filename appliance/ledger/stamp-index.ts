import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openDocument } from '../formats/index.js';
import { statementsOf } from '../storage/prepared-statements.js';

/** A signature of a document as the stamp index knows it: SHA-256 of its signature value (PDF: the CMS), in revision order. */
export interface SignatureDigest {
  revisionEnd: number;
  kind: 'signature' | 'document-timestamp';
  /** SHA-256 (hex) of the CMS in /Contents: one per stamp, unchanged by later DSS or timestamps. */
  sha256: string;
}

/**
 * Every signature of a document from outside (in whichever format it is), oldest first (the order
 * of sealdesk verify's report). A stamp made here gives its own digest (StampResult.signatureSha256).
 */
export async function signatureDigests(path: string): Promise<SignatureDigest[]> {
  const doc = await openDocument(path);
  try {
    return (await doc.signatures()).map((s) => ({ revisionEnd: s.revisionEnd, kind: s.kind, sha256: createHash('sha256').update(s.value).digest('hex') }));
  } finally {
    await doc.close();
  }
}

/** The newest signature (not document timestamp) of a stamped document: the stamp's own. */
export async function stampSignatureDigest(path: string): Promise<string | undefined> {
  return (await signatureDigests(path)).filter((s) => s.kind === 'signature').pop()?.sha256;
}

/** Connections whose stamp_signatures table is known to exist. */
const withTable = new WeakSet<Database.Database>();

/**
 * Which seal event a stamp's signature belongs to, kept beside the outbox: the verifier finds the
 * event (and its receipt) of a document from its signature, as the QR code's event id does.
 */
export class StampIndex {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    // once a connection: every stamp makes an index to add its signature
    if (!withTable.has(db)) {
      db.exec('CREATE TABLE IF NOT EXISTS stamp_signatures (signature_sha256 TEXT PRIMARY KEY, event_id TEXT NOT NULL)');
      withTable.add(db);
    }
  }

  add(signatureSha256: string, eventId: string): void {
    statementsOf(this.#db).of('INSERT OR REPLACE INTO stamp_signatures (signature_sha256, event_id) VALUES (?, ?)').run(signatureSha256, eventId);
  }

  eventOf(signatureSha256: string): string | undefined {
    return (statementsOf(this.#db).of('SELECT event_id AS id FROM stamp_signatures WHERE signature_sha256 = ?').get(signatureSha256) as { id: string } | undefined)?.id;
  }
}
