import { CertificateRevocationList } from 'pkijs';
import { checkSignatureValue } from '../algorithms.js';
import type { ParsedCertificate } from '../certificates.js';

export interface ParsedCrl {
  der: Buffer;
  crl: CertificateRevocationList;
}

// a CRL is the same bytes until its issuer publishes the next one, and pkijs takes ~0.5 ms to
// parse one: parsed CRLs are kept (read-only) by their DER, the newest few
const CACHE_SIZE = 16;
const cache = new Map<string, ParsedCrl>();

export function parseCrl(der: Buffer): ParsedCrl {
  const key = der.toString('base64');
  const cached = cache.get(key);
  if (cached) return cached;
  // a copy: `der` may be a view into a whole PDF, which the cache must not keep alive
  const copy = Buffer.from(der);
  const parsed = { der: copy, crl: CertificateRevocationList.fromBER(copy) };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, parsed);
  return parsed;
}

export type RevocationStatus = { status: 'good'; crl: ParsedCrl } | { status: 'revoked'; at: Date; crl: ParsedCrl } | { status: 'unknown' };

/**
 * The certificate's status in the first CRL that its issuer signed (the CRL's issuer name
 * matches and its signature verifies with the issuer's key): a CRL signed by anyone else says
 * nothing about it.
 */
export function revocationStatus(certificate: ParsedCertificate, issuer: ParsedCertificate, crls: ParsedCrl[]): RevocationStatus {
  const serial = Buffer.from(certificate.pkijs.serialNumber.valueBlock.valueHexView);
  for (const parsed of crls) {
    const { crl } = parsed;
    if (!crl.issuer.isEqual(issuer.pkijs.subject)) continue;
    const signatureOk = checkSignatureValue({
      algorithm: crl.signatureAlgorithm,
      digestHash: 'sha256',
      data: new Uint8Array(crl.tbsView),
      signature: crl.signatureValue.valueBlock.valueHexView,
      key: issuer.node.publicKey,
    });
    if (!signatureOk) continue;
    const entry = (crl.revokedCertificates ?? []).find((r) => Buffer.from(r.userCertificate.valueBlock.valueHexView).equals(serial));
    return entry ? { status: 'revoked', at: entry.revocationDate.value, crl: parsed } : { status: 'good', crl: parsed };
  }
  return { status: 'unknown' };
}
