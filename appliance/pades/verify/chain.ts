import { certificateSignatureVerifies } from '../certificate-signature.js';
import type { ParsedCertificate } from '../certificates.js';

export interface ChainResult {
  /** Leaf first; ends with the trust anchor when anchored. */
  chain: ParsedCertificate[];
  anchored: boolean;
}

const MAX_DEPTH = 8;

/**
 * Builds the path from the leaf to a trust anchor through the certificates at hand (the CMS's
 * and the DSS's): each link's issuer name matches and its signature verifies with the issuer's
 * key, and every certificate above the leaf is a CA.
 */
export function buildChain(leaf: ParsedCertificate, pool: ParsedCertificate[], anchors: ParsedCertificate[]): ChainResult {
  const chain = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (anchors.some((a) => a.der.equals(current.der))) return { chain, anchored: true };
    const issuer = [...anchors, ...pool].find((candidate) => issues(candidate, current));
    if (!issuer || chain.some((c) => c.der.equals(issuer.der))) return { chain, anchored: false };
    chain.push(issuer);
    current = issuer;
  }
  return { chain, anchored: false };
}

function issues(candidate: ParsedCertificate, subject: ParsedCertificate): boolean {
  if (!candidate.node.ca) return false;
  try {
    return subject.node.checkIssued(candidate.node) && certificateSignatureVerifies(subject, candidate.node.publicKey);
  } catch {
    return false;
  }
}

/** The first certificate of the chain not valid at `time`, if any. */
export function invalidAt(chain: ParsedCertificate[], time: Date): ParsedCertificate | undefined {
  return chain.find((c) => time < new Date(c.node.validFrom) || time > new Date(c.node.validTo));
}

export function subjectOf(certificate: ParsedCertificate): string {
  return certificate.node.subject.split('\n').reverse().join(', ');
}
