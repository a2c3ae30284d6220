/** A head recorded as an audit-checkpoint seal event (see audit-checkpoint.ts), as audit.db keeps it. */
export interface AuditCheckpointRecord {
  seq: number;
  hash: string;
  /** contentDigest() of the entry at seq: finds that entry again after a rewrite (see audit-entry.ts). */
  content: string;
  eventId: string;
  createdAt: string;
}
