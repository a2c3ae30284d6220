import type { SignatureInfo } from '../pdf/index.js';

/** What one later incremental update did. */
export type UpdateKind = 'signature' | 'document-timestamp' | 'dss' | 'other';

export interface Modifications {
  /** The updates appended after the signature, oldest first. */
  updates: UpdateKind[];
  allowed: boolean;
  reason?: string;
}

/** Ends of the file's revisions: after each %%EOF (and one end-of-line, which may belong to either revision). */
function revisionEnds(file: Buffer): number[] {
  const ends: number[] = [];
  for (let at = file.indexOf('%%EOF'); at >= 0; at = file.indexOf('%%EOF', at + 5)) ends.push(at + 5);
  return ends;
}

/**
 * Classifies the updates after `signature`: another signature or document timestamp (its own
 * signed revision), a DSS (a /DSS and no page or content object), or anything else. Under
 * DocMDP only those kinds are allowed — and with P=1 not even another signature (§12.8.2.2);
 * without DocMDP every update is allowed but named, so a clerk sees it.
 */
export function modificationsAfter(file: Buffer, signature: SignatureInfo, all: readonly SignatureInfo[], docMdp: 1 | 2 | 3 | undefined): Modifications {
  const start = signature.revisionEnd;
  const bounds = [...new Set([...revisionEnds(file), ...all.map((s) => s.revisionEnd), file.length])].filter((e) => e > start).sort((a, b) => a - b);
  const updates: UpdateKind[] = [];
  let from = start;
  for (const end of bounds) {
    // an end-of-line between two revisions is not an update of its own
    if (end <= from || file.subarray(from, end).toString('latin1').trim() === '') continue;
    // a signed revision may end a line after its %%EOF
    const signer = all.find((s) => s.revisionEnd >= end && s.revisionEnd - end <= 2 && file.subarray(end, s.revisionEnd).toString('latin1').trim() === '');
    if (signer) updates.push(signer.subFilter === 'ETSI.RFC3161' ? 'document-timestamp' : 'signature');
    else updates.push(isDssUpdate(file.subarray(from, end).toString('latin1')) ? 'dss' : 'other');
    from = signer ? signer.revisionEnd : end;
  }
  const forbidden = docMdp === undefined ? [] : updates.filter((u) => u === 'other' || (u === 'signature' && docMdp === 1));
  if (forbidden.length === 0) return { updates, allowed: true };
  return { updates, allowed: false, reason: `DocMDP P=${docMdp}: ${forbidden.join(', ')}` };
}

function isDssUpdate(text: string): boolean {
  return /\/DSS\b/.test(text) && !/\/Type\s*\/Pages?\b/.test(text) && !/\/Annots\b/.test(text);
}
