import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { listSignatures, openPdf } from '../pdf/index.js';

/** A signature of a PDF as the stamp index knows it: SHA-256 of its CMS, in revision order. */
export interface SignatureDigest {
  revisionEnd: number;
  kind: 'signature' | 'document-timestamp';
  /** SHA-256 (hex) of the CMS in /Contents: one per stamp, unchanged by later DSS or timestamps. */
  sha256: string;
}

/** Every signature of the PDF, oldest first (the order of sealdesk verify's report). */
export async function signatureDigests(path: string): Promise<SignatureDigest[]> {
  const doc = await openPdf(path);
  try {
    const listed = await listSignatures(doc);
    return [...listed]
      .sort((a, b) => a.revisionEnd - b.revisionEnd)
      .map((s) => ({ revisionEnd: s.revisionEnd, kind: s.subFilter === 'ETSI.RFC3161' ? 'document-timestamp' : 'signature', sha256: createHash('sha256').update(s.contents).digest('hex') }));
  } finally {
    await doc.close();
  }
}

/** The newest signature (not document timestamp) of a stamped PDF: the stamp's own. */
export async function stampSignatureDigest(path: string): Promise<string | undefined> {
  return (await signatureDigests(path)).filter((s) => s.kind === 'signature').pop()?.sha256;
}

/**
 * Which seal event a stamp's signature belongs to, kept beside the outbox: the verifier finds the
 * event (and its receipt) of a document from its signature, as the QR code's event id does.
 */
export class StampIndex {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec('CREATE TABLE IF NOT EXISTS stamp_signatures (signature_sha256 TEXT PRIMARY KEY, event_id TEXT NOT NULL)');
  }

  add(signatureSha256: string, eventId: string): void {
    this.#db.prepare('INSERT OR REPLACE INTO stamp_signatures (signature_sha256, event_id) VALUES (?, ?)').run(signatureSha256, eventId);
  }

  eventOf(signatureSha256: string): string | undefined {
    return (this.#db.prepare('SELECT event_id AS id FROM stamp_signatures WHERE signature_sha256 = ?').get(signatureSha256) as { id: string } | undefined)?.id;
  }
}
